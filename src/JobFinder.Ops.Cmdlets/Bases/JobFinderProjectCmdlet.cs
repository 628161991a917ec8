using System.Management.Automation;
using JobFinder.Ops.Cmdlets.Completers;
using JobFinder.Ops.Model;

namespace JobFinder.Ops.Cmdlets.Bases;

/// <summary>
/// Base for cloud cmdlets that work on one project chosen the usual way: a piped JobFinderProject
/// (parameter set Project), or -RepositoryPath and -Environment (parameter set Path, the default). Derived cmdlets
/// name <see cref="PathSet"/> as their DefaultParameterSetName and call <see cref="ResolveSelectedProject"/>.
/// Invoke-JobFinderDeployment keeps its own copy: its -RepositoryPath and -Environment also belong to -Resume.
/// </summary>
public abstract class JobFinderProjectCmdlet : JobFinderCloudCmdlet
{
    protected const string PathSet = "Path";
    protected const string ProjectSet = "Project";

    /// <summary>The repository folder holding firebase.json. Defaults to the current location.</summary>
    [Parameter(ParameterSetName = PathSet)]
    [ValidateNotNullOrEmpty]
    [Alias("RootPath", "ProjectRoot")]
    public string? RepositoryPath { get; set; }

    /// <summary>The .firebaserc alias (for example staging or production) or any project id (as firebase deploy --project takes it).</summary>
    [Parameter(ParameterSetName = PathSet)]
    [Parameter(ParameterSetName = ProjectSet)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(EnvironmentAliasCompleter))]
    public string? Environment { get; set; }

    /// <summary>The project, as Get-JobFinderProject returns it.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ProjectSet, ValueFromPipeline = true, HelpMessage = "A JobFinderProject from Get-JobFinderProject")]
    public JobFinderProject Project { get; set; } = null!;

    /// <summary>The piped project (checked against -Environment), or the repository at -RepositoryPath for -Environment.</summary>
    protected JobFinderProject ResolveSelectedProject() =>
        ParameterSetName == ProjectSet ? ResolveProject(Project, null, Environment) : ResolveProject(null, RepositoryPath, Environment);
}
