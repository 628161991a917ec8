using JobFinder.Ops.Emulator.Infrastructure;

namespace JobFinder.Ops.Emulator.Hosting;

/// <summary>Facts about the running instance that handlers need (its address is known only once Kestrel
/// has bound the port, so <see cref="BaseAddress"/> is set right after start-up).</summary>
public sealed class EmulatorContext
{
    public EmulatorContext(EmulatorOptions options, string keyDirectory, string apiKey)
    {
        Options = options;
        KeyDirectory = keyDirectory;
        ApiKey = apiKey;
        Timings = LatencyTimings.For(options.Profile);
    }

    public EmulatorOptions Options { get; }

    public IReadOnlyList<string> ProjectIds => Options.ProjectIds;

    public LatencyTimings Timings { get; }

    public string KeyDirectory { get; }

    public string KeyFilePath => Path.Combine(KeyDirectory, "deployer.json");

    public string ReadOnlyKeyFilePath => Path.Combine(KeyDirectory, "viewer.json");

    public string ApiKey { get; }

    public TestUser TestUser => TestUser.Seeded;

    /// <summary>e.g. <c>http://127.0.0.1:5123/</c> (trailing slash).</summary>
    public Uri BaseAddress { get; internal set; } = new("http://127.0.0.1/");

    /// <summary>The base address without the trailing slash, for building resource URLs.</summary>
    public string Origin => BaseAddress.ToString().TrimEnd('/');

    public string TokenUri => Origin + "/token";

    public bool IsKnownProject(string projectId) => Options.ProjectIds.Contains(projectId, StringComparer.Ordinal);
}
