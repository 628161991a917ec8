using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace JobFinder.Ops.Google.Transport;

/// <summary>One call, described so it can be sent again: the body is a factory because an
/// <see cref="HttpContent"/> cannot be sent twice.</summary>
public sealed record GoogleRequest
{
    public required GoogleService Service { get; init; }

    public required HttpMethod Method { get; init; }

    /// <summary>Path relative to the API root, already escaped (build it with <see cref="GooglePath"/>).</summary>
    public required string Path { get; init; }

    /// <summary>Explicit retry decision; see <see cref="RetryPolicy"/> for what each allows.</summary>
    public required RetryPolicy Retry { get; init; }

    /// <summary>Full URL that replaces root + path (signed upload URLs, media links).</summary>
    public Uri? AbsoluteUri { get; init; }

    public IReadOnlyList<KeyValuePair<string, string>> Query { get; init; } = [];

    public Func<HttpContent>? Content { get; init; }

    /// <summary>The resource this call is about, for error messages and exception targets.</summary>
    public string? ResourceName { get; init; }

    /// <summary>False for signed URLs: sending credentials there makes GCS use our identity.</summary>
    public bool Authenticate { get; init; } = true;

    /// <summary>False for streaming downloads: the caller reads the body itself.</summary>
    public bool BufferResponse { get; init; } = true;

    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    /// <summary>A JSON body serialized once (with the source-generated metadata) and replayed per attempt.</summary>
    public static Func<HttpContent> Json<T>(T value, JsonTypeInfo<T> typeInfo)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(value, typeInfo);
        return () => Bytes(bytes, "application/json; charset=utf-8")();
    }

    public static Func<HttpContent> Bytes(ReadOnlyMemory<byte> bytes, string contentType) => () =>
    {
        var content = new ReadOnlyMemoryContent(bytes);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return content;
    };
}
