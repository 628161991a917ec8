using System.Globalization;
using JobFinder.Ops.Emulator.Hosting;

namespace JobFinder.Ops.Emulator.Runtime.Workers;

/// <summary>Where workers keep their unpacked sources and installed dependencies, how much memory they may
/// use together, and when an idle one is stopped. Read from environment variables so a test run, a bench
/// and a laptop can each choose without a new command-line flag:
/// <c>JOBFINDER_EMULATOR_NODE_CACHE</c> (default <c>$XDG_CACHE_HOME/jobfinder-ops/emulator-node</c>, shared
/// by every emulator on the machine so a second start is warm and works offline),
/// <c>JOBFINDER_EMULATOR_WORKER_MEMORY_MB</c> (default 1536) and <c>JOBFINDER_EMULATOR_WORKER_IDLE_SECONDS</c>
/// (default 15 minutes, Cloud Run's idle instance lifetime; 60 s in the fast profile).</summary>
public sealed class WorkerPoolSettings
{
    public const string CacheVariable = "JOBFINDER_EMULATOR_NODE_CACHE";
    public const string MemoryBudgetVariable = "JOBFINDER_EMULATOR_WORKER_MEMORY_MB";
    public const string IdleVariable = "JOBFINDER_EMULATOR_WORKER_IDLE_SECONDS";

    /// <summary>The Functions Framework a source runs under when it does not bring its own, as Google's
    /// Node.js buildpack adds it (https://cloud.google.com/docs/buildpacks/nodejs#functions_framework).</summary>
    public const string FrameworkPackage = "@google-cloud/functions-framework";
    public const string FrameworkVersion = "5.0.5";

    public WorkerPoolSettings(EmulatorContext context)
    {
        CacheRoot = Environment.GetEnvironmentVariable(CacheVariable) is { Length: > 0 } cache
            ? Path.GetFullPath(cache)
            : Path.Combine(
                Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg ? xdg : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache"),
                "jobfinder-ops", "emulator-node");
        MemoryBudgetBytes = Number(MemoryBudgetVariable, 1536) * 1024 * 1024;
        IdleTimeout = TimeSpan.FromSeconds(Number(IdleVariable, context.Options.Profile == LatencyProfile.Realistic ? 900 : 60));
    }

    public string CacheRoot { get; }

    /// <summary>Total resident memory of running workers; starting one beyond it stops the least recently
    /// used idle workers first.</summary>
    public long MemoryBudgetBytes { get; }

    public TimeSpan IdleTimeout { get; }

    /// <summary>How long a worker may take from spawn to accepting connections (Cloud Run's default
    /// start-up probe gives a container 240 s; loading a Node codebase takes about a second).</summary>
    public TimeSpan StartupTimeout { get; } = TimeSpan.FromSeconds(60);

    public string SourcesDirectory => Path.Combine(CacheRoot, "sources");

    public string DependenciesDirectory => Path.Combine(CacheRoot, "deps");

    public string FrameworkDirectory => Path.Combine(CacheRoot, "framework", "functions-framework-" + FrameworkVersion);

    private static long Number(string variable, long fallback) =>
        long.TryParse(Environment.GetEnvironmentVariable(variable), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : fallback;
}
