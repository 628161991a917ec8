using System.Management.Automation;
using JobFinder.Ops.Cmdlets.Bases;
using JobFinder.Ops.Frontend;
using JobFinder.Ops.Model;

namespace JobFinder.Ops.Commands;

/// <summary>Checks that a frontend's env file points at the deployed function URLs.</summary>
/// <remarks>
/// <para>Reads the frontend's env file (Vite VITE_*, Create React App REACT_APP_* or Next.js NEXT_PUBLIC_* keys) and compares each setting that configures the backend with the functions deployed in the project: a function URL (VITE_SUBMIT_JOB_URL must be the URL of submitJob), a functions base URL (VITE_FUNCTIONS_BASE_URL), the project id (VITE_FIREBASE_PROJECT_ID) and the functions region (VITE_FUNCTIONS_REGION). A URL on a functions host that matches no deployed function fails too, which catches a frontend still calling the old portfolio project.</para>
/// <para>One result per setting gives the key, Pass or Fail, the expected and the actual value and the file line. -Quiet returns only True when every setting passes (and at least one was found).</para>
/// <para>The project is the piped JobFinderProject, -ProjectId, or the repository at -RepositoryPath for -Environment (default: the alias named default).</para>
/// </remarks>
/// <example>
/// <code>Test-JobFinderFrontendConfig -Path ../job-finder-fe/.env.production -Environment production</code>
/// <para>Checks the production frontend settings against the functions deployed in the production project.</para>
/// </example>
/// <example>
/// <code>if (-not (Test-JobFinderFrontendConfig -Path ./.env.production -ProjectId jobfinder-prod -Quiet)) { throw 'frontend misconfigured' }</code>
/// <para>Fails a release script when any frontend setting points elsewhere.</para>
/// </example>
[Cmdlet(VerbsDiagnostic.Test, "JobFinderFrontendConfig", DefaultParameterSetName = RepositorySet, HelpUri = "https://github.com/jobfinder/JobFinder.Ops/blob/main/docs/DEPLOYMENT.md")]
[OutputType(typeof(FrontendConfigCheck), typeof(bool))]
public sealed class TestJobFinderFrontendConfigCommand : JobFinderCloudCmdlet
{
    private const string RepositorySet = "Repository";
    private const string ProjectIdSet = "ProjectId";

    /// <summary>The frontend's env file (for example .env.production).</summary>
    [Parameter(Mandatory = true, Position = 0, HelpMessage = "The frontend env file, for example .env.production.")]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = string.Empty;

    /// <summary>The backend project (from Get-JobFinderProject).</summary>
    [Parameter(ValueFromPipeline = true, ParameterSetName = RepositorySet)]
    public JobFinderProject? Project { get; set; }

    /// <summary>The .firebaserc alias of the backend repository (for example production).</summary>
    [Parameter(ParameterSetName = RepositorySet)]
    [ValidateNotNullOrEmpty]
    public string? Environment { get; set; }

    /// <summary>The folder of the backend repository (holding firebase.json). Default: the current location.</summary>
    [Parameter(ParameterSetName = RepositorySet)]
    [ValidateNotNullOrEmpty]
    [Alias("RootPath", "ProjectRoot")]
    public string? RepositoryPath { get; set; }

    /// <summary>A project id to check against, instead of a repository.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ProjectIdSet, HelpMessage = "The Google Cloud project id the functions are deployed in.")]
    [ValidateNotNullOrEmpty]
    public string? ProjectId { get; set; }

    /// <summary>Returns only True or False.</summary>
    [Parameter]
    public SwitchParameter Quiet { get; set; }

    protected override void ProcessRecordCore()
    {
        var projectId = ProjectId ?? ResolveProject(Project, RepositoryPath, Environment).ProjectId;
        var file = GetUnresolvedProviderPathFromPSPath(Path);
        var checks = RunConnected((client, token) =>
            new FrontendConfigService(client).CheckAsync(file, projectId, token));
        if (checks.Count == 0)
        {
            WriteWarning($"{file} has no VITE_, REACT_APP_ or NEXT_PUBLIC_ setting that configures the functions (URLs, base URL, project id, region).");
        }

        if (Quiet)
        {
            WriteObject(checks.Count > 0 && checks.All(c => c.Status == FrontendCheckStatus.Pass));
            return;
        }

        WriteObject(checks, enumerateCollection: true);
    }
}
