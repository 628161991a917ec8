using System.Management.Automation;
using JobFinder.Ops.Cmdlets.Completers;
using JobFinder.Ops.Errors;
using JobFinder.Ops.Model;
using JobFinder.Ops.Project;
using JobFinder.Ops.Undo;
using JobFinder.Ops.Rollout;

namespace JobFinder.Ops.Cmdlets.Bases;

/// <summary>Base of the cmdlets that act on one journaled deployment (Undo-, Watch-JobFinderDeployment):
/// a piped DeploymentRecord, -Id, or -Last, and the project it belongs to (-RepositoryPath/-Environment, -Project,
/// or the record's own project root).</summary>
public abstract class DeploymentRecordCmdlet : JobFinderCloudCmdlet
{
    protected const string RecordSet = "Record";
    protected const string IdSet = "Id";
    protected const string LastSet = "Last";

    /// <summary>The deployment, as Invoke-JobFinderDeployment or Get-JobFinderDeployment return it.</summary>
    [Parameter(Mandatory = true, ParameterSetName = RecordSet, ValueFromPipeline = true, HelpMessage = "A DeploymentRecord from Invoke-JobFinderDeployment or Get-JobFinderDeployment")]
    public DeploymentRecord InputObject { get; set; } = null!;

    /// <summary>The deployment's id in the journal.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = IdSet, HelpMessage = "A deployment id such as 20261126T221500Z-3f9a1c")]
    [Alias("DeploymentId")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(DeploymentIdCompleter))]
    public string Id { get; set; } = null!;

    /// <summary>The most recent deployment of the environment's project (the default when neither a record nor -Id is given). Needs -Environment when .firebaserc names more than one project.</summary>
    [Parameter(ParameterSetName = LastSet)]
    public SwitchParameter Last { get; set; }

    /// <summary>The repository folder holding firebase.json. Defaults to the record's project root, else the current location.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [Alias("RootPath", "ProjectRoot")]
    public string? RepositoryPath { get; set; }

    /// <summary>The .firebaserc alias (for example production) or any project id (as firebase deploy --project takes it). A piped record of another project is refused.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(EnvironmentAliasCompleter))]
    public string? Environment { get; set; }

    /// <summary>The project, as Get-JobFinderProject returns it.</summary>
    [Parameter]
    public JobFinderProject? Project { get; set; }

    /// <summary>Smoke-test user for checks that need a Firebase ID token.</summary>
    [Parameter]
    [Credential]
    public PSCredential? Credential { get; set; }

    /// <summary>The project: -Project, -RepositoryPath/-Environment, or the piped record's own root and environment.
    /// A piped record is checked against it (a staging record given -Environment production is refused);
    /// -Last without -Environment is refused where .firebaserc names more than one project.</summary>
    protected JobFinderProject ResolveDeploymentProject()
    {
        JobFinderProject project;
        if (ParameterSetName == RecordSet)
        {
            // The record names its project: without -Environment, load that one (from its own root when it is here).
            var root = RepositoryPath is null && Project is null && InputObject.ProjectRoot is { } recorded && Directory.Exists(recorded) ? recorded : null;
            project = root is not null
                ? LoadProject(root, Environment ?? InputObject.Environment ?? InputObject.ProjectId)
                : ResolveProject(Project, RepositoryPath, Environment ?? (Project is null ? InputObject.Environment ?? InputObject.ProjectId : null));
            DeploymentOwnership.Ensure(InputObject, project);
            return project;
        }

        project = ResolveProject(Project, RepositoryPath, Environment);
        if (ParameterSetName == LastSet && Project is null && Environment is null)
        {
            RequireOneProject(project);
        }

        return project;
    }

    /// <summary>The record this invocation names (reads the journal for -Id and -Last, of the project's
    /// records only). Call inside RunConnected.</summary>
    protected async Task<DeploymentRecord> ResolveRecordAsync(DeploymentUndo undo, JobFinderProject project, CancellationToken token) =>
        ParameterSetName == RecordSet
            ? InputObject
            : await undo.FindAsync(project, ParameterSetName == IdSet ? Id : null, token).ConfigureAwait(false);

    /// <summary>How prompts name the project: <c>production (jobfinder-prod)</c>.</summary>
    protected static string EnvironmentOf(JobFinderProject project) =>
        project.Environment is { } alias && alias != project.ProjectId ? $"{alias} ({project.ProjectId})" : project.ProjectId;

    /// <summary>-Last names no deployment, only "the newest of one project". Where .firebaserc names
    /// several projects, the default alias would be a guess that can undo staging when production was
    /// meant (or the other way round), so the environment must be said.</summary>
    private void RequireOneProject(JobFinderProject project)
    {
        var projects = project.Aliases.Select(a => a.ProjectId).Distinct(StringComparer.Ordinal).ToArray();
        if (projects.Length <= 1)
        {
            return;
        }

        var example = project.Aliases.FirstOrDefault(a => a.Alias != "default" && a.ProjectId != project.ProjectId)?.Alias ?? project.Aliases[0].Alias;
        ThrowArgumentError("EnvironmentRequired",
            $"-Last picks the newest deployment of one project, and {project.FirebaseRcPath} names {projects.Length}: " +
            $"{string.Join(", ", project.Aliases.Where(a => a.Alias != "default").Select(a => $"{a.Alias} = {a.ProjectId}"))}. " +
            $"Say which with -Environment, for example {MyInvocation.MyCommand.Name} -Environment {example} -Last.",
            project.FirebaseRcPath);
    }
}
