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

    /// <summary>How long Google's long-running operations take, at Google's scale. Google documents no
    /// typical durations for these operations, so the numbers are what firebase-tools' pollers are built for
    /// (lib/deploy/functions/release/fabricator.js polls Cloud Functions operations with backoff up to 10 s
    /// within 25 minutes; lib/gcp/runv2.js polls Run operations the same way; lib/firestore/api.js waits up to
    /// 10 minutes for a database operation): a function build and rollout in about a minute (several polls at
    /// the 10 s ceiling), a function delete or other operation and a revision in about 10 s (one ceiling
    /// poll), a traffic update in a few seconds, a Firestore export or import in a minute and an index build
    /// in two. These are our reading of those pollers, not figures Google publishes.</summary>
    public static readonly LatencyTimings Google = new(
        FunctionDeploy: TimeSpan.FromSeconds(60),
        RevisionReady: TimeSpan.FromSeconds(10),
        ServiceUpdate: TimeSpan.FromSeconds(5),
        Export: TimeSpan.FromSeconds(60),
        IndexBuild: TimeSpan.FromSeconds(120),
        DefaultOperation: TimeSpan.FromSeconds(10),
        RuntimeTimeoutCap: TimeSpan.FromMinutes(60),
        BackgroundTick: TimeSpan.FromMilliseconds(100));

    /// <summary>Fast: milliseconds whatever the time scale (tests). Realistic: <see cref="Google"/>'s operation
    /// durations times <paramref name="timeScale"/> (the scale Monitoring and the quotas use, so the demo's 1/60
    /// keeps Google's proportions: a function deploy takes 1 s, its quota window 1 s); the runtime's timeout cap
    /// and the background tick are not durations of Google's and stay as they are.</summary>
    public static LatencyTimings For(LatencyProfile profile, double timeScale) => profile == LatencyProfile.Realistic
        ? Google with
        {
            FunctionDeploy = Google.FunctionDeploy * timeScale,
            RevisionReady = Google.RevisionReady * timeScale,
            ServiceUpdate = Google.ServiceUpdate * timeScale,
            Export = Google.Export * timeScale,
            IndexBuild = Google.IndexBuild * timeScale,
            DefaultOperation = Google.DefaultOperation * timeScale,
        }
        : Fast;
}
