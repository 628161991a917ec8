using System.Diagnostics;
using JobFinder.Ops.Model;

namespace JobFinder.Ops.Bench.Scenarios;

/// <summary>A 40-function update (pin, new revision at 0%, promote) with ThrottleLimit 1 and then 8, each on
/// its own set of 40 functions created beforehand: wall time, the speed-up, API calls per function (from
/// the emulator's request log; the same for both limits when the per-function work is constant), and
/// memory. The process also hosts the emulator, so its peak working set is an upper bound for what the
/// module alone needs.</summary>
public sealed class DeployThrottleBench : IBenchScenario
{
    private const int Functions = 40;

    public string Name => "deploy-throttle";

    public string Description => $"{Functions}-function deployment, ThrottleLimit 8 vs 1 (goal: ≥ 5× faster, API calls per function constant, memory < 250 MB).";

    public async Task<IReadOnlyDictionary<string, object>> RunAsync(CancellationToken cancellationToken)
    {
        await using var session = await RolloutBenchSession.StartAsync(cancellationToken);
        using var serial = new BenchRepository(BenchRepository.Ids("throttleOne", Functions));
        using var parallel = new BenchRepository(BenchRepository.Ids("throttleEight", Functions));
        await session.DeployAsync(serial, cancellationToken, throttle: 8);
        await session.DeployAsync(parallel, cancellationToken, throttle: 8);

        var one = await MeasureAsync(session, serial, 1, cancellationToken);
        var eight = await MeasureAsync(session, parallel, 8, cancellationToken);
        using var process = Process.GetCurrentProcess();
        return new Dictionary<string, object>
        {
            ["functions"] = Functions,
            ["throttle1Seconds"] = Math.Round(one.Seconds, 2),
            ["throttle8Seconds"] = Math.Round(eight.Seconds, 2),
            ["speedup"] = Math.Round(one.Seconds / eight.Seconds, 2),
            ["apiCallsPerFunctionThrottle1"] = Math.Round(one.Calls / (double)Functions, 2),
            ["apiCallsPerFunctionThrottle8"] = Math.Round(eight.Calls / (double)Functions, 2),
            ["mutatingCallsPerFunction"] = Math.Round(eight.Mutating / (double)Functions, 2),
            ["managedHeapMbAfter"] = Math.Round(GC.GetTotalMemory(forceFullCollection: true) / 1048576.0, 1),
            ["peakWorkingSetMbWithEmulator"] = Math.Round(process.PeakWorkingSet64 / 1048576.0, 1),
        };
    }

    private static async Task<(double Seconds, int Calls, int Mutating)> MeasureAsync(RolloutBenchSession session, BenchRepository repo, int throttle, CancellationToken cancellationToken)
    {
        repo.Release($"throttle{throttle}");
        await session.ClearRequestLogAsync(cancellationToken);
        var clock = Stopwatch.StartNew();
        var record = await session.DeployAsync(repo, cancellationToken, steps: [100], bake: TimeSpan.Zero, throttle: throttle);
        var seconds = clock.Elapsed.TotalSeconds;
        if (record.Outcome != DeploymentOutcome.Succeeded)
        {
            throw new InvalidOperationException($"ThrottleLimit {throttle}: {record.Outcome} ({record.Reason}).");
        }

        var (calls, mutating) = await session.CountRequestsAsync(cancellationToken);
        return (seconds, calls, mutating);
    }
}
