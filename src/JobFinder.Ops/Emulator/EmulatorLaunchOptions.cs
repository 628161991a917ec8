namespace JobFinder.Ops.Emulator;

/// <summary>How Start-JobFinderEmulator launches the emulator process.</summary>
public sealed record EmulatorLaunchOptions
{
    /// <summary>The folder holding JobFinder.Ops.Emulator.dll (the module ships it in Emulator/).</summary>
    public required string EmulatorDirectory { get; init; }

    /// <summary>0 picks a free port.</summary>
    public int Port { get; init; }

    public string? DataPath { get; init; }

    /// <summary><c>fast</c> or <c>realistic</c>.</summary>
    public string Profile { get; init; } = "fast";

    public bool Strict { get; init; }

    /// <summary>Scales Google's Cloud Monitoring timing (60 s points, visible 180 s later); null takes the
    /// profile's (Realistic 1, Fast 1/60).</summary>
    public double? TimeScale { get; init; }

    public IReadOnlyList<string> ProjectIds { get; init; } = [];

    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(60);
}
