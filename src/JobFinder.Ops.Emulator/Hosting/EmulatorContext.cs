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
        Monitoring = MonitoringTiming.For(options.Profile, options.TimeScale);
        Timings = LatencyTimings.For(options.Profile, Monitoring.TimeScale);
    }

    public EmulatorOptions Options { get; }

    public IReadOnlyList<string> ProjectIds => Options.ProjectIds;

    public LatencyTimings Timings { get; }

    /// <summary>When Monitoring shows a request (sample period, visibility delay).</summary>
    public MonitoringTiming Monitoring { get; }

    public string KeyDirectory { get; }

    public string KeyFilePath => Path.Combine(KeyDirectory, "deployer.json");

    public string ReadOnlyKeyFilePath => Path.Combine(KeyDirectory, "viewer.json");

    /// <summary>The emulator-wide web API key: signs users into the first project, or into the one a
    /// sign-in names (<c>targetProjectId</c>), for callers that do not care which project they test.</summary>
    public string ApiKey { get; }

    /// <summary>Each project's own web API key, as every Firebase project has one: a sign-in with it
    /// issues ID tokens for that project. The first project's key is <see cref="ApiKey"/>.</summary>
    public string ApiKeyFor(string projectId) =>
        projectId == ProjectIds[0] ? ApiKey : ApiKey[..ApiKey.IndexOf('-', StringComparison.Ordinal)] + "-" + projectId;

    /// <summary>The project whose own key <paramref name="apiKey"/> is; null for the emulator-wide key
    /// or an unknown key.</summary>
    public string? ProjectOfApiKey(string? apiKey) =>
        apiKey is null || apiKey == ApiKey ? null : ProjectIds.FirstOrDefault(p => ApiKeyFor(p) == apiKey);

    public TestUser TestUser => TestUser.Seeded;

    /// <summary>e.g. <c>http://127.0.0.1:5123/</c> (trailing slash).</summary>
    public Uri BaseAddress { get; internal set; } = new("http://127.0.0.1/");

    /// <summary>The port of the gRPC Firestore (HTTP/2 cleartext), known once Kestrel has bound it.</summary>
    public int FirestoreGrpcPort { get; internal set; }

    /// <summary><c>HOST:PORT</c> of the gRPC Firestore: the value of <c>FIRESTORE_EMULATOR_HOST</c> for code
    /// that uses the Admin SDK.</summary>
    public string FirestoreEmulatorHost => $"127.0.0.1:{FirestoreGrpcPort}";

    /// <summary>The variables deployed code gets so that firebase-admin talks to this emulator (Firestore over
    /// gRPC, Auth); the function runtime's worker environment and <c>/_emulator/info</c> both read them here.</summary>
    public IReadOnlyDictionary<string, string> FirebaseEmulatorHosts => new Dictionary<string, string>
    {
        ["FIRESTORE_EMULATOR_HOST"] = FirestoreEmulatorHost,
        ["FIREBASE_AUTH_EMULATOR_HOST"] = BaseAddress.Authority,
    };

    /// <summary>The base address without the trailing slash, for building resource URLs.</summary>
    public string Origin => BaseAddress.ToString().TrimEnd('/');

    public string TokenUri => Origin + "/token";

    public bool IsKnownProject(string projectId) => Options.ProjectIds.Contains(projectId, StringComparer.Ordinal);
}
