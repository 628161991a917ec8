using System.Management.Automation;
using JobFinder.Ops.Model;

namespace JobFinder.Ops.Cmdlets.Bases;

/// <summary>
/// Base for the cmdlets that compare or update a frontend's env file with the deployed functions
/// (Test-/Update-JobFinderFrontendConfig): the env file (-Path) and the project the functions are
/// deployed in, from a repository (parameter set Repository, the default) or a bare -ProjectId.
/// </summary>
public abstract class FrontendConfigCmdlet : JobFinderCloudCmdlet
{
    protected const string RepositorySet = "Repository";
    protected const string ProjectIdSet = "ProjectId";

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

    /// <summary>A project id to use instead of a repository.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ProjectIdSet, HelpMessage = "The Google Cloud project id the functions are deployed in.")]
    [ValidateNotNullOrEmpty]
    public string? ProjectId { get; set; }

    /// <summary>The project the functions are deployed in: -ProjectId, or the repository's for -Environment.</summary>
    protected string ResolveProjectId() => ProjectId ?? ResolveProject(Project, RepositoryPath, Environment).ProjectId;

    /// <summary>-Path as a file system path.</summary>
    protected string EnvFilePath => GetUnresolvedProviderPathFromPSPath(Path);
}
