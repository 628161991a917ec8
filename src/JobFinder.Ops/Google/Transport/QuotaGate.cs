using System.Collections.Concurrent;
using System.Globalization;
using JobFinder.Ops.Events;

namespace JobFinder.Ops.Google.Transport;

/// <summary>Paces calls to an API whose rate quota is exhausted. Google counts admin calls per project in
/// windows (reads and writes separately) and answers the call over the limit with 429 RESOURCE_EXHAUSTED and a
/// google.rpc.RetryInfo saying when the window frees. Once one call has been told that, every other call of
/// the same kind (writes or reads) to that API on this connection waits for the same moment instead of
/// spending its own attempt on a certain 429: a 40-function deployment meets the quota once per window, not
/// once per in-flight call. firebase-tools instead retries each 429 on its own with exponential backoff
/// from 20 s (src/deploy/functions/release/index.ts: retries 30, backoff 20000, maxBackoff 100000), which
/// neither reads RetryInfo nor stops the other calls.</summary>
internal sealed class QuotaGate(TimeProvider time)
{
    private readonly ConcurrentDictionary<(GoogleService Service, bool Write), DateTimeOffset> _closedUntil = new();

    /// <summary>Remembers that calls of the kind of <paramref name="request"/> to its API are refused until
    /// <paramref name="retryDelay"/> from now.</summary>
    public void Close(GoogleRequest request, TimeSpan retryDelay)
    {
        var until = time.GetUtcNow() + retryDelay;
        _closedUntil.AddOrUpdate(KeyOf(request), until, (_, current) => current > until ? current : until);
    }

    /// <summary>Waits until the quota this call counts against has a free window again (at most
    /// <paramref name="bound"/>), and says so in the events.</summary>
    public async Task WaitAsync(GoogleRequest request, string label, IEngineEventSink events, TimeSpan bound, CancellationToken cancellationToken)
    {
        if (!_closedUntil.TryGetValue(KeyOf(request), out var until))
        {
            return;
        }

        var wait = until - time.GetUtcNow();
        if (wait <= TimeSpan.Zero)
        {
            return;
        }

        wait = wait < bound ? wait : bound;
        events.Verbose(string.Create(
            CultureInfo.InvariantCulture,
            $"Waiting {wait.TotalSeconds:0.###} s before {request.Method} {label}: the {request.Service.Label()} {(IsWrite(request) ? "write" : "read")} quota is exhausted until its window frees (RetryInfo of an earlier 429)"));
        await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
    }

    private static (GoogleService, bool) KeyOf(GoogleRequest request) => (request.Service, IsWrite(request));

    private static bool IsWrite(GoogleRequest request) => request.Method != HttpMethod.Get && request.Retry != RetryPolicy.Read;
}
