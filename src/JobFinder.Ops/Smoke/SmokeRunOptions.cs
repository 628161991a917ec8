using System.Net;
using JobFinder.Ops.Model;

namespace JobFinder.Ops.Smoke;

/// <summary>What to run and where. Everything defaults to the project's smoke settings.</summary>
public sealed record SmokeRunOptions
{
    /// <summary>Live URLs (default) or a tag/revision's tag URL.</summary>
    public SmokeTarget Target { get; init; } = SmokeTarget.Live;

    /// <summary>Checks to run instead of the settings' checks.</summary>
    public IReadOnlyList<SmokeCheckDefinition>? Checks { get; init; }

    /// <summary>Checks in flight at once; default the settings' <c>smoke.concurrency</c>.</summary>
    public int? Concurrency { get; init; }

    /// <summary>The smoke-test user (email as user name); default from the settings' variables.</summary>
    public NetworkCredential? User { get; init; }

    /// <summary>Reads the environment variables the settings name; replaceable for tests.</summary>
    public Func<string, string?> Environment { get; init; } = System.Environment.GetEnvironmentVariable;
}
