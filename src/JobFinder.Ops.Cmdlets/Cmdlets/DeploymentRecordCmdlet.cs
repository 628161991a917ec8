using System.Management.Automation;
using JobFinder.Ops.Cmdlets.Completers;
using JobFinder.Ops.Errors;
using JobFinder.Ops.Model;
using JobFinder.Ops.Project;
using JobFinder.Ops.Rollback;

namespace JobFinder.Ops.Cmdlets.Cmdlets;

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
    public string Id { get; set; } = null!;

    /// <summary>The most recent deployment in the journal (the default when neither a record nor -Id is given).</summary>
    [Parameter(ParameterSetName = LastSet)]
    public SwitchParameter Last { get; set; }

    /// <summary>The repository folder holding firebase.json. Defaults to the record's project root, else the current location.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [Alias("RootPath", "ProjectRoot")]
    public string? RepositoryPath { get; set; }

    /// <summary>The .firebaserc alias (for example production) or any project id (as firebase deploy --project takes it).</summary>
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

    /// <summary>The project: -Project, -RepositoryPath/-Environment, or the piped record's own root and environment.</summary>
    protected JobFinderProject ResolveDeploymentProject()
    {
        if (Project is null && RepositoryPath is null && ParameterSetName == RecordSet && InputObject.ProjectRoot is { } root && Directory.Exists(root))
        {
            return LoadProject(root, Environment ?? InputObject.Environment);
        }

        return ResolveProject(Project, RepositoryPath, Environment);
    }

    /// <summary>The record this invocation names (reads the journal for -Id and -Last). Call inside RunEngine.</summary>
    protected async Task<DeploymentRecord> ResolveRecordAsync(DeploymentUndo undo, JobFinderProject project, Events.IEngineEventSink events, CancellationToken token)
    {
        if (ParameterSetName == RecordSet)
        {
            if (InputObject.ProjectId != project.ProjectId)
            {
                throw new JobFinderException("DeploymentProjectMismatch", ErrorKind.InvalidArgument, $"Deployment {InputObject.Id} is of {InputObject.ProjectId}, not {project.ProjectId}.", InputObject.Id);
            }

            return InputObject;
        }

        return await undo.FindAsync(project, ParameterSetName == IdSet ? Id : null, events, token).ConfigureAwait(false);
    }
}
