using System.Management.Automation;
using System.Net;
using System.Security;
using JobFinder.Ops.Cmdlets.Bases;
using JobFinder.Ops.Cmdlets.Session;
using JobFinder.Ops.Google;
using JobFinder.Ops.Model;

namespace JobFinder.Ops.Commands;

/// <summary>Chooses the Google credentials and endpoints the session's JobFinder cmdlets use.</summary>
/// <remarks>Help (Get-Help Connect-JobFinderProject): docs/help/Connect-JobFinderProject.md.</remarks>
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
