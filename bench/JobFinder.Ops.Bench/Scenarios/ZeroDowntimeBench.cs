using System.Collections.Concurrent;
using System.Diagnostics;
using JobFinder.Ops.Model;

namespace JobFinder.Ops.Bench.Scenarios;

/// <summary>Users' view of a rollout: a paced load of ≥ 200 requests/s on the URLs of 4 functions while a good
/// release goes 10→50→100 and then a bad one (30% errors) is rolled back at its first step, until at least
/// 20,000 requests were sent. Every failed request is attributed by the revision that answered it
/// (<c>x-emulator-revision</c>): the bad canary's own injected errors are expected; any other failure
/// (another revision, a connection error, a request no revision answered) is downtime.</summary>
public sealed class ZeroDowntimeBench : IBenchScenario
{
    private const int TargetRequests = 20_000;
    private const int RequestsPerSecond = 250;
    private const int Workers = 10;

    public string Name => "zero-downtime";

    public string Description => $"≥ {TargetRequests:N0} requests at {RequestsPerSecond} req/s on 4 functions through a 10→50→100 rollout and a forced rollback (goal: 0 failures outside the canary's injected errors).";

    public async Task<IReadOnlyDictionary<string, object>> RunAsync(CancellationToken cancellationToken)
    {
        await using var session = await RolloutBenchSession.StartAsync(cancellationToken);
        using var repo = new BenchRepository(BenchRepository.Ids("zeroDown", 4));
        await session.DeployAsync(repo, cancellationToken);

        using var load = new PacedLoad([.. repo.FunctionIds.Select(session.FunctionUrl)], RequestsPerSecond, Workers);
        var clock = Stopwatch.StartNew();
        var good = await session.DeployAsync(repo.Release("v2"), cancellationToken, steps: [10, 50, 100], bake: TimeSpan.FromSeconds(12));
        var goodSeconds = clock.Elapsed.TotalSeconds;
        var bad = await session.DeployAsync(repo.Release("v3-bad", errorRate: 0.3), cancellationToken, steps: [10, 50, 100], bake: TimeSpan.FromSeconds(12));
        var rolloutsSeconds = clock.Elapsed.TotalSeconds;
        while (load.Sent < TargetRequests)
        {
            await Task.Delay(200, cancellationToken);
        }

        var result = await load.StopAsync();
        var badCanaries = bad.Functions.Select(f => f.NewRevision).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var canaryErrors = result.Failures.Count(f => f is not null && badCanaries.Contains(f));
        return new Dictionary<string, object>
        {
            ["requests"] = result.Sent,
            ["requestsPerSecond"] = Math.Round(result.Sent / result.Seconds, 1),
            ["loadSeconds"] = Math.Round(result.Seconds, 1),
            ["goodReleaseOutcome"] = good.Outcome.ToString(),
            ["goodReleaseSeconds"] = Math.Round(goodSeconds, 1),
            ["badReleaseOutcome"] = bad.Outcome.ToString(),
            ["badReleaseSeconds"] = Math.Round(rolloutsSeconds - goodSeconds, 1),
            ["canaryInjectedErrors"] = canaryErrors,
            ["failedOutsideCanary"] = result.Failures.Count - canaryErrors,
        };
    }

    /// <summary>Workers that each send at an even pace to the URLs in turn, recording the revision of every
    /// failed answer (null when no revision answered).</summary>
    private sealed class PacedLoad : IDisposable
    {
        private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
        private readonly CancellationTokenSource _stop = new();
        private readonly Task[] _workers;
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private long _sent;

        public PacedLoad(Uri[] urls, int requestsPerSecond, int workers)
        {
            var interval = TimeSpan.FromSeconds((double)workers / requestsPerSecond);
            _workers = [.. Enumerable.Range(0, workers).Select(w => Task.Run(() => WorkAsync(urls, w, interval)))];
        }

        public long Sent => Interlocked.Read(ref _sent);

        public ConcurrentBag<string?> Failures { get; } = [];

        public async Task<(long Sent, double Seconds, IReadOnlyCollection<string?> Failures)> StopAsync()
        {
            _stop.Cancel();
            await Task.WhenAll(_workers);
            return (Sent, _clock.Elapsed.TotalSeconds, Failures);
        }

        public void Dispose()
        {
            _stop.Cancel();
            _http.Dispose();
            _stop.Dispose();
        }

        private async Task WorkAsync(Uri[] urls, int worker, TimeSpan interval)
        {
            var next = _clock.Elapsed + (interval / Workers * worker);
            for (var i = worker; !_stop.IsCancellationRequested; i++)
            {
                var wait = next - _clock.Elapsed;
                if (wait > TimeSpan.Zero)
                {
                    try
                    {
                        await Task.Delay(wait, _stop.Token);
                    }
                    catch (OperationCanceledException)
                    {
                        return;
                    }
                }

                next += interval;
                Interlocked.Increment(ref _sent);
                try
                {
                    using var response = await _http.GetAsync(urls[i % urls.Length]);
                    if (!response.IsSuccessStatusCode)
                    {
                        Failures.Add(response.Headers.TryGetValues("x-emulator-revision", out var revision) ? revision.First() : null);
                    }
                }
                catch (HttpRequestException)
                {
                    Failures.Add(null);
                }
                catch (TaskCanceledException)
                {
                    Failures.Add(null);
                }
            }
        }
    }
}
