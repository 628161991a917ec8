using JobFinder.Ops.Google.Errors;

namespace JobFinder.Ops.Google.Transport;

/// <summary>The outcome of one HTTP attempt. On failure the error body has already been read and
/// parsed, so the retry decision can honour google.rpc.RetryInfo.</summary>
internal sealed class AttemptResult(HttpResponseMessage response, GoogleErrorDetails? error) : IDisposable
{
    public HttpResponseMessage Response { get; } = response;

    public GoogleErrorDetails? Error { get; } = error;

    public void Dispose() => Response.Dispose();
}

/// <summary>Per-request facts the retry callbacks need (Polly passes them via the context).</summary>
internal sealed class RequestState(GoogleRequest request, Uri uri, Events.IEngineEventSink events)
{
    public GoogleRequest Request { get; } = request;

    public Uri Uri { get; } = uri;

    public Events.IEngineEventSink Events { get; } = events;

    public long StartTimestamp { get; } = System.Diagnostics.Stopwatch.GetTimestamp();

    public TimeSpan PlannedDelay { get; set; }

    public string LastFailure { get; set; } = string.Empty;

    /// <summary><c>run.googleapis.com/v2/projects/...</c>: host and path, never the query string.</summary>
    public string Label => Uri.Authority + Uri.AbsolutePath;
}
