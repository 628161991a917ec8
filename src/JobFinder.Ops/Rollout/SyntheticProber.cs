using System.Diagnostics;
using System.Net;
using System.Text;
using JobFinder.Ops.Events;
using JobFinder.Ops.Model;

namespace JobFinder.Ops.Rollout;

/// <summary>Synthetic traffic for a canary whose real traffic is too thin to judge: requests to the
/// revision's tag URL (the revision itself, whatever the split), a few at a time. A probe only calls what
/// users call: an HTTPS function with GET, a callable as the protocol says (<c>POST {"data":{}}</c>).
/// Scheduled, event, task-queue and blocking functions are invoked by Google on its own terms (running a
/// scheduled cleanup out of schedule has effects), so they are never probed and are judged by their
/// metrics only. Counts 5xx as errors and 504 or a request running past the function timeout as a timeout.</summary>
internal sealed class SyntheticProber(HttpClient http, IEngineEventSink events)
{
    private const int Parallelism = 4;

    /// <summary>True for the triggers users call directly (functions.yaml <c>httpsTrigger</c>, <c>callableTrigger</c>).</summary>
    public static bool MayProbe(FunctionTriggerKind trigger) => trigger is FunctionTriggerKind.Https or FunctionTriggerKind.Callable;

    public async Task<RevisionSample> ProbeAsync(string revision, string url, FunctionTriggerKind trigger, int count, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (!MayProbe(trigger))
        {
            throw new ArgumentException($"A {trigger} function is not called by users and must not be probed.", nameof(trigger));
        }

        events.Verbose($"Sending {count} synthetic probe(s) to {url} ({revision}).");
        var latencies = new List<double>(count);
        long errors = 0, timeouts = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken }, async (_, token) =>
        {
            var (status, elapsed) = await SendAsync(url, trigger, timeout, token).ConfigureAwait(false);
            lock (latencies)
            {
                latencies.Add(elapsed);
                if (status == HttpStatusCode.GatewayTimeout || status is null)
                {
                    timeouts++;
                    errors++;
                }
                else if ((int)status >= 500)
                {
                    errors++;
                }
            }
        }).ConfigureAwait(false);

        latencies.Sort();
        return new RevisionSample
        {
            Revision = revision,
            Requests = count,
            Errors = errors,
            Timeouts = timeouts,
            P50Ms = Percentile(latencies, 0.50),
            P95Ms = Percentile(latencies, 0.95),
        };
    }

    /// <summary>Nearest-rank percentile of sorted values.</summary>
    internal static double? Percentile(IReadOnlyList<double> sorted, double fraction) =>
        sorted.Count == 0 ? null : sorted[Math.Clamp((int)Math.Ceiling(fraction * sorted.Count) - 1, 0, sorted.Count - 1)];

    private async Task<(HttpStatusCode? Status, double ElapsedMs)> SendAsync(string url, FunctionTriggerKind trigger, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var request = trigger == FunctionTriggerKind.Callable
            ? new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent("""{"data":{}}""", Encoding.UTF8, "application/json") }
            : new HttpRequestMessage(HttpMethod.Get, url);
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(timeout);
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, attempt.Token).ConfigureAwait(false);
            return (response.StatusCode, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (HttpRequestException)
        {
            // A refused connection is the revision failing, as a 503 would say.
            return (HttpStatusCode.ServiceUnavailable, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }
}
