using JobFinder.Ops.Emulator.Hosting;

namespace JobFinder.Ops.Emulator.Infrastructure;

/// <summary>Durations of simulated background work for one <see cref="LatencyProfile"/>.</summary>
public sealed record LatencyTimings(
    TimeSpan FunctionDeploy,
    TimeSpan RevisionReady,
    TimeSpan ServiceUpdate,
    TimeSpan Export,
    TimeSpan IndexBuild,
    TimeSpan DefaultOperation,
    TimeSpan RuntimeTimeoutCap,
    TimeSpan BackgroundTick)
{
    public static readonly LatencyTimings Fast = new(
        FunctionDeploy: TimeSpan.FromMilliseconds(120),
        RevisionReady: TimeSpan.FromMilliseconds(50),
        ServiceUpdate: TimeSpan.FromMilliseconds(50),
        Export: TimeSpan.FromMilliseconds(150),
        IndexBuild: TimeSpan.FromMilliseconds(100),
        DefaultOperation: TimeSpan.FromMilliseconds(80),
        // Fast profile: a "timed out" request waits at most this long before its 504 so tests stay quick.
        RuntimeTimeoutCap: TimeSpan.FromMilliseconds(200),
        BackgroundTick: TimeSpan.FromMilliseconds(20));

    public static readonly LatencyTimings Realistic = new(
        FunctionDeploy: TimeSpan.FromSeconds(3),
        RevisionReady: TimeSpan.FromSeconds(1),
        ServiceUpdate: TimeSpan.FromMilliseconds(800),
        Export: TimeSpan.FromMilliseconds(1500),
        IndexBuild: TimeSpan.FromSeconds(2),
        DefaultOperation: TimeSpan.FromSeconds(1),
        RuntimeTimeoutCap: TimeSpan.FromMinutes(60),
        BackgroundTick: TimeSpan.FromMilliseconds(100));

    public static LatencyTimings For(LatencyProfile profile) => profile == LatencyProfile.Realistic ? Realistic : Fast;
}
