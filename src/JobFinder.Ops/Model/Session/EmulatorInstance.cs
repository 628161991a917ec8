namespace JobFinder.Ops.Model;

/// <summary>A running local emulator started by Start-JobFinderEmulator. Holds only what a user
/// needs to point tools at it, and what it set up for the smoke checks; the test user's password is
/// not part of it.</summary>
public sealed record EmulatorInstance
{
    /// <summary>Root URL, e.g. <c>http://127.0.0.1:43125/</c>.</summary>
    public required string Address { get; init; }

    /// <summary><c>127.0.0.1:PORT</c>, the value of JOBFINDER_EMULATOR_HOST.</summary>
    public required string EmulatorHost { get; init; }

    public required int ProcessId { get; init; }

    /// <summary>The deployer service-account key file (owner of every emulated project).</summary>
    public required string KeyFilePath { get; init; }

    /// <summary>The viewer service-account key file (read-only: every mutation gets 403).</summary>
    public required string ReadOnlyKeyFilePath { get; init; }

    public required IReadOnlyList<string> ProjectIds { get; init; }

    /// <summary>The first project id (what the example's production alias maps to is in .firebaserc).</summary>
    public string ProjectId => ProjectIds.Count > 0 ? ProjectIds[0] : string.Empty;

    /// <summary>API key for Identity Toolkit calls (not a secret: Firebase web API keys are public identifiers).</summary>
    public required string ApiKey { get; init; }

    /// <summary>Each project's own web API key, as every Firebase project has one: signing the test user
    /// in with it issues ID tokens for that project (and only that project's functions accept them).</summary>
    public IReadOnlyDictionary<string, string> ApiKeys { get; init; } = new Dictionary<string, string>();

    /// <summary>The seeded smoke-test user (its password is only ever put in the password variable, never here).</summary>
    public required string TestUserEmail { get; init; }

    /// <summary>The project whose web API key Start-JobFinderEmulator put in the smoke API key variable.</summary>
    public string? SmokeProjectId { get; init; }

    /// <summary>The environment (alias) that project was chosen by; null without a repository.</summary>
    public string? SmokeEnvironment { get; init; }

    /// <summary>The environment variables Start-JobFinderEmulator set for the smoke checks (names only).</summary>
    public IReadOnlyList<string> SmokeVariables { get; init; } = [];

    /// <summary>fast (tests) or realistic (demos).</summary>
    public required string Profile { get; init; }

    /// <summary>Where state persists across restarts; null for an in-memory emulator.</summary>
    public string? DataPath { get; init; }

    public required DateTimeOffset StartedAt { get; init; }
}
