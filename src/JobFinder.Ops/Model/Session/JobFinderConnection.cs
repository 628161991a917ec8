namespace JobFinder.Ops.Model;

/// <summary>What the session is connected as and to. Never carries a token or key material.</summary>
public sealed record JobFinderConnection
{
    /// <summary>A service-account email, "access token", "application default credentials" or "emulator owner token".</summary>
    public required string Principal { get; init; }

    /// <summary>KeyFile, AccessToken, ApplicationDefault or EmulatorOwner.</summary>
    public required string CredentialSource { get; init; }

    /// <summary>The key file path when CredentialSource is KeyFile.</summary>
    public string? KeyFilePath { get; init; }

    /// <summary>Set when the APIs point at the local emulator.</summary>
    public string? EmulatorHost { get; init; }

    public string? QuotaProject { get; init; }

    /// <summary>Root URL per API, e.g. <c>run=https://run.googleapis.com/</c>.</summary>
    public required IReadOnlyList<string> Endpoints { get; init; }
}
