using System.Text.Json;
using JobFinder.Ops.Errors;
using JobFinder.Ops.Model;
using JobFinder.Ops.Project;

namespace JobFinder.Ops.Smoke;

/// <summary>Builds a <see cref="SmokeCheckDefinition"/> from loose values (New-JobFinderSmokeCheck),
/// with the same rules the settings file has, reported as <see cref="JobFinderException"/>s with
/// stable ErrorIds instead of file positions.</summary>
public static class SmokeCheckFactory
{
    private static readonly string[] s_methods = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"];

    public sealed record Input
    {
        public required string Name { get; init; }

        public string? Function { get; init; }

        public string? Url { get; init; }

        public string? Method { get; init; }

        public string? Path { get; init; }

        /// <summary>JSON text; null for no body.</summary>
        public string? BodyJson { get; init; }

        public int ExpectedStatus { get; init; } = 200;

        public IReadOnlyList<string> Assertions { get; init; } = [];

        public SmokeCheckAuth Auth { get; init; } = SmokeCheckAuth.None;

        public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

        public int Retries { get; init; } = 1;
    }

    public static SmokeCheckDefinition Create(Input input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (string.IsNullOrWhiteSpace(input.Name))
        {
            throw Invalid("A smoke check needs a name.", input.Name);
        }

        if (string.IsNullOrWhiteSpace(input.Function) == string.IsNullOrWhiteSpace(input.Url))
        {
            throw Invalid($"Smoke check '{input.Name}' must name exactly one of a function or a URL.", input.Name);
        }

        if (input.Url is not null && (!Uri.TryCreate(input.Url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
        {
            throw Invalid($"Smoke check '{input.Name}': the URL must be an absolute http(s) URL, not '{input.Url}'.", input.Url);
        }

        var path = input.Path ?? "";
        if (path.Length > 0 && !path.StartsWith('/'))
        {
            throw Invalid($"Smoke check '{input.Name}': the path must start with '/'.", path);
        }

        var method = (input.Method ?? (input.BodyJson is null ? "GET" : "POST")).ToUpperInvariant();
        if (!s_methods.Contains(method, StringComparer.Ordinal))
        {
            throw Invalid($"Smoke check '{input.Name}': the method must be one of {string.Join(", ", s_methods)}.", method);
        }

        if (input.ExpectedStatus is < 100 or > 599 || input.Retries is < 0 or > 10 || input.Timeout <= TimeSpan.Zero)
        {
            throw Invalid($"Smoke check '{input.Name}': expected status must be 100-599, retries 0-10 and the timeout positive.", input.Name);
        }

        return new SmokeCheckDefinition
        {
            Name = input.Name.Trim(),
            Function = NullIfBlank(input.Function),
            Url = NullIfBlank(input.Url),
            Method = method,
            Path = path,
            Body = input.BodyJson is null ? null : CompactJson(input.Name, input.BodyJson),
            ExpectedStatus = input.ExpectedStatus,
            Assertions = input.Assertions.Select(text => SmokeAssertionParser.TryParse(text, out var problem)
                ?? throw new JobFinderException("SmokeAssertionInvalid", ErrorKind.InvalidArgument, $"Smoke check '{input.Name}': {problem}", text)).ToArray(),
            Auth = input.Auth,
            Timeout = input.Timeout,
            Retries = input.Retries,
        };
    }

    private static string CompactJson(string name, string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return JsonSerializer.Serialize(document.RootElement, SmokeJsonContext.Default.JsonElement);
        }
        catch (JsonException ex)
        {
            throw Invalid($"Smoke check '{name}': the body is not JSON ({ex.Message}).", json);
        }
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static JobFinderException Invalid(string message, object? target) =>
        new("SmokeCheckInvalid", ErrorKind.InvalidArgument, message, target);
}
