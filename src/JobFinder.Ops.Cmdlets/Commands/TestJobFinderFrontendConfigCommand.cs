using System.Management.Automation;
using JobFinder.Ops.Cmdlets.Bases;
using JobFinder.Ops.Frontend;
using JobFinder.Ops.Model;

namespace JobFinder.Ops.Commands;

/// <summary>Checks that a frontend's env file points at the deployed function URLs.</summary>
/// <remarks>Help (Get-Help Test-JobFinderFrontendConfig): docs/help/Test-JobFinderFrontendConfig.md.</remarks>
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
