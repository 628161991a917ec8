using System.Net;
using JobFinder.Ops.Model;

namespace JobFinder.Ops.Watch;

/// <summary>What <see cref="DeploymentWatcher"/> watches, for how long, how often, and against which triggers.</summary>
public sealed record WatchOptions
{
    public required DeploymentRecord Deployment { get; init; }

    /// <summary>The project, for the smoke checks; null watches metrics only.</summary>
    public JobFinderProject? Project { get; init; }

    public TimeSpan Duration { get; init; } = TimeSpan.FromHours(2);

    public TimeSpan Interval { get; init; } = TimeSpan.FromMinutes(1);

    public WatchTriggers Triggers { get; init; } = new();

    /// <summary>Run the project's smoke checks at each poll. Default true.</summary>
    public bool Smoke { get; init; } = true;

    public NetworkCredential? SmokeUser { get; init; }

    public Func<string, string?> SmokeEnvironment { get; init; } = Environment.GetEnvironmentVariable;
}
