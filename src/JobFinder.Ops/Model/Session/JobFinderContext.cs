using JobFinder.Ops.Google;

namespace JobFinder.Ops.Model;

/// <summary>Where a session's commands go (Get-JobFinderContext): the answer to check before a
/// production command. Holds no token and no key material.</summary>
public sealed record JobFinderContext
{
    /// <summary>Emulator, Google or NotConnected.</summary>
    public required SessionDestination Destination { get; init; }

    /// <summary>Why the session is not connected; null when it is.</summary>
    public string? NotConnectedReason { get; init; }

    /// <summary>The root URL of each API and what chose it; empty when not connected.</summary>
    public required IReadOnlyList<JobFinderEndpoint> Endpoints { get; init; }

    public required CredentialKind Credentials { get; init; }

    /// <summary>The service account of a key file (its client_email). Null otherwise: Application Default
    /// Credentials are not resolved here (that may contact Google) and an access token names no one.</summary>
    public string? Principal { get; init; }

    /// <summary>The key file in use, or the one GOOGLE_APPLICATION_CREDENTIALS names for Application Default Credentials.</summary>
    public string? KeyFilePath { get; init; }

    /// <summary>The project of the key file (its project_id), else null.</summary>
    public string? ProjectId { get; init; }

    public string? QuotaProject { get; init; }

    /// <summary>The emulator the session points at; null when it points at Google or nowhere.</summary>
    public EmulatorStatus? Emulator { get; init; }
}

/// <summary>Where a session sends its commands.</summary>
public enum SessionDestination
{
    /// <summary>Every API not overridden by JOBFINDER_&lt;API&gt;_URL goes to an emulator.</summary>
    Emulator,

    /// <summary>Google's endpoints (the default when the session never chose an emulator).</summary>
    Google,

    /// <summary>The emulator the session used was stopped; commands fail until Start-JobFinderEmulator or Connect-JobFinderProject.</summary>
    NotConnected,
}

/// <summary>The kind of credentials a session sends, never the credentials themselves.</summary>
public enum CredentialKind
{
    /// <summary>Not connected: nothing is sent.</summary>
    None,

    /// <summary>A service-account key file whose token endpoint is on this machine (an emulator's key).</summary>
    EmulatorServiceAccount,

    /// <summary>The emulator's owner token (an emulator without -KeyFile or -AccessToken).</summary>
    EmulatorOwnerToken,

    /// <summary>A service-account key file whose token endpoint is Google's.</summary>
    KeyFile,

    /// <summary>A raw OAuth access token given to Connect-JobFinderProject -AccessToken.</summary>
    AccessToken,

    /// <summary>Application Default Credentials: GOOGLE_APPLICATION_CREDENTIALS, gcloud's file, the metadata server.</summary>
    ApplicationDefault,
}

/// <summary>One API's root URL as a session resolves it.</summary>
public sealed record JobFinderEndpoint
{
    /// <summary>The API's host label: <c>run</c>, <c>cloudfunctions</c>, <c>firestore</c>, ...</summary>
    public required string Api { get; init; }

    public required string Url { get; init; }

    /// <summary>Google, Emulator, UrlVariable (JOBFINDER_&lt;API&gt;_URL) or Override.</summary>
    public required GoogleEndpointSource Source { get; init; }

    /// <summary>The variable that chose the URL (JOBFINDER_EMULATOR_HOST or JOBFINDER_&lt;API&gt;_URL), if one did.</summary>
    public string? Variable { get; init; }
}

/// <summary>The emulator a session points at, and whether it is still there.</summary>
public sealed record EmulatorStatus
{
    /// <summary>HOST:PORT.</summary>
    public required string EmulatorHost { get; init; }

    public required EmulatorOrigin Origin { get; init; }

    public bool StartedBySession => Origin == EmulatorOrigin.StartedBySession;

    /// <summary>The process id when this session started it.</summary>
    public int? ProcessId { get; init; }

    /// <summary>True when it accepts connections (and, for one this session started, its process runs).</summary>
    public required bool Alive { get; init; }

    /// <summary>Why it is not alive; null when it is.</summary>
    public string? Problem { get; init; }
}
