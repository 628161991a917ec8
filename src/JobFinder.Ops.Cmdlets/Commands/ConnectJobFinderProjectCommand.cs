using System.Management.Automation;
using System.Net;
using System.Security;
using JobFinder.Ops.Cmdlets.Bases;
using JobFinder.Ops.Cmdlets.Session;
using JobFinder.Ops.Google;
using JobFinder.Ops.Model;

namespace JobFinder.Ops.Commands;

/// <summary>Chooses the Google credentials and endpoints the session's JobFinder cmdlets use.</summary>
/// <remarks>
/// <para>Without parameters the session uses Application Default Credentials, as gcloud and the Google client libraries do: GOOGLE_APPLICATION_CREDENTIALS, then the file written by 'gcloud auth application-default login', then the metadata server. -KeyFile uses a service-account key file; -AccessToken uses a raw OAuth access token (it is not refreshed, so it works until it expires).</para>
/// <para>-EmulatorHost points every API at a local emulator for this connection; without it the session follows JOBFINDER_EMULATOR_HOST (which Start-JobFinderEmulator sets) and, when that is not set, Google. Against an emulator, Application Default Credentials are never consulted (they would refresh gcloud's credentials at Google or ask the metadata server): without -KeyFile or -AccessToken the session uses the emulator's owner token. Per-API overrides are read from JOBFINDER_RUN_URL, JOBFINDER_CLOUDFUNCTIONS_URL and so on.</para>
/// <para>Connect-JobFinderProject is also how a session that is not connected (its emulator was stopped) chooses where to go, and how it goes to Google after it used an emulator. When the session points at an emulator that is gone, it fails with EmulatorUnreachable instead of connecting. Get-JobFinderContext shows where the session points.</para>
/// <para>The cmdlet obtains a token right away, so a wrong or revoked key file fails here (ErrorId GoogleAuthenticationFailed, GoogleKeyFileNotFound, GoogleKeyFileInvalid or GoogleCredentialsNotFound) rather than in the middle of a deployment (a raw -AccessToken cannot be checked without an API call: an expired one fails at the first call with GoogleApiUnauthenticated). It returns a JobFinderConnection that names the principal and endpoints and never contains the token or key.</para>
/// </remarks>
/// <example>
/// <code>Connect-JobFinderProject -KeyFile ~/keys/jobfinder-deployer.json</code>
/// <para>Uses a deployer service account for every later command in this session.</para>
/// </example>
/// <example>
/// <code>Connect-JobFinderProject -AccessToken (gcloud auth print-access-token | ConvertTo-SecureString -AsPlainText -Force)</code>
/// <para>Uses the access token of the gcloud user for the next hour.</para>
/// </example>
[Cmdlet(VerbsCommunications.Connect, "JobFinderProject", DefaultParameterSetName = ApplicationDefaultSet, HelpUri = "https://github.com/jobfinder/JobFinder.Ops/blob/main/README.md")]
[OutputType(typeof(JobFinderConnection))]
public sealed class ConnectJobFinderProjectCommand : JobFinderCloudCmdlet
{
    private const string ApplicationDefaultSet = "ApplicationDefault";
    private const string KeyFileSet = "KeyFile";
    private const string AccessTokenSet = "AccessToken";

    /// <summary>Path of a service-account key file (JSON). Its token_uri is honoured.</summary>
    [Parameter(Mandatory = true, ParameterSetName = KeyFileSet, HelpMessage = "Path of a service-account key file")]
    [ValidateNotNullOrEmpty]
    public string KeyFile { get; set; } = string.Empty;

    /// <summary>An OAuth access token, as a SecureString so it does not sit in the history in clear text.</summary>
    [Parameter(Mandatory = true, ParameterSetName = AccessTokenSet, HelpMessage = "An OAuth access token")]
    public SecureString AccessToken { get; set; } = new();

    /// <summary>Use Application Default Credentials (the default when no credential parameter is given).</summary>
    [Parameter(ParameterSetName = ApplicationDefaultSet)]
    public SwitchParameter ApplicationDefault { get; set; }

    /// <summary>HOST:PORT of a running emulator; every API is sent there instead of to Google. Without it, JOBFINDER_EMULATOR_HOST decides (unset: Google).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? EmulatorHost { get; set; }

    /// <summary>Project billed for API quota (sent as x-goog-user-project).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? QuotaProject { get; set; }

    protected override void ProcessRecordCore()
    {
        var options = JobFinderSession.Options with
        {
            KeyFilePath = ParameterSetName == KeyFileSet ? GetUnresolvedProviderPathFromPSPath(KeyFile) : null,
            AccessToken = ParameterSetName == AccessTokenSet ? new NetworkCredential(string.Empty, AccessToken).Password : null,
            EmulatorHost = EmulatorHost,
            QuotaProject = QuotaProject ?? JobFinderSession.Options.QuotaProject,
        };
        JobFinderSession.Configure(options);
        var connection = RunConnected(async (client, token) =>
        {
            await client.VerifyCredentialsAsync(token).ConfigureAwait(false);
            return client.Connection;
        });
        WriteVerbose($"Connected as {connection.Principal}.");
        WriteObject(Describe(connection, options));
    }

    internal static JobFinderConnection Describe(GoogleConnection connection, GoogleClientOptions options) => new()
    {
        Principal = connection.Principal,
        CredentialSource = options.AccessToken is not null ? "AccessToken"
            : options.KeyFilePath is not null ? "KeyFile"
            : connection.Principal == GoogleConnection.EmulatorOwnerPrincipal ? "EmulatorOwner" : "ApplicationDefault",
        KeyFilePath = options.KeyFilePath,
        EmulatorHost = connection.Endpoints.EmulatorHost,
        QuotaProject = connection.QuotaProject,
        Endpoints = Enum.GetValues<GoogleService>().Select(s => $"{s.Label()}={connection.Endpoints[s]}").ToArray(),
    };
}
