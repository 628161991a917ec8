namespace JobFinder.Ops.Emulator.Hosting;

/// <summary>Start-up settings of one emulator instance (CLI flags or in-process callers).</summary>
public sealed class EmulatorOptions
{
    /// <summary>The projects seeded by default; the deployer is owner of each.</summary>
    public static readonly IReadOnlyList<string> DefaultProjectIds = ["jobfinder-staging", "jobfinder-prod", "portfolio-site"];

    /// <summary>TCP port on 127.0.0.1; 0 picks a free one.</summary>
    public int Port { get; init; }

    /// <summary>TCP port on 127.0.0.1 of the gRPC Firestore (HTTP/2 without TLS, what
    /// <c>FIRESTORE_EMULATOR_HOST</c> names); 0 picks a free one.</summary>
    public int FirestoreGrpcPort { get; init; }

    /// <summary>Directory for keys and state; null keeps everything in memory (keys in a temp folder).</summary>
    public string? DataPath { get; init; }

    public LatencyProfile Profile { get; init; } = LatencyProfile.Fast;

    public IReadOnlyList<string> ProjectIds { get; init; } = DefaultProjectIds;

    /// <summary>Accept only tokens the emulator issued (no literal <c>owner</c> token).</summary>
    public bool Strict { get; init; }
}
