using System.Management.Automation;
using JobFinder.Ops.Cmdlets.Bases;
using JobFinder.Ops.Cmdlets.Completers;
using JobFinder.Ops.Model;
using JobFinder.Ops.Rollout;

namespace JobFinder.Ops.Commands;

/// <summary>Lists deployments from the journal: who deployed what, when, and how it ended.</summary>
/// <remarks>Help (Get-Help Get-JobFinderDeployment): docs/help/Get-JobFinderDeployment.md.</remarks>
[Cmdlet(VerbsCommon.Get, "JobFinderDeployment", DefaultParameterSetName = PathSet, HelpUri = "https://github.com/jobfinder/JobFinder.Ops/blob/main/docs/design/journal.md")]
[OutputType(typeof(DeploymentRecord))]
public sealed class GetJobFinderDeploymentCommand : JobFinderProjectCmdlet
{

    /// <summary>Only these deployments (ids as Invoke-JobFinderDeployment reports them).</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("DeploymentId")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(DeploymentIdCompleter))]
    public string[]? Id { get; set; }

    /// <summary>Only the N most recent deployments (as Get-EventLog -Newest; -Last is the switch "the latest one" on the cmdlets that act on one deployment).</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int Newest { get; set; }

    /// <summary>Read only the local journal (no bucket, no credentials).</summary>
    [Parameter]
    public SwitchParameter Local { get; set; }

    protected override void ProcessRecordCore()
    {
        var project = ResolveSelectedProject();
        // The journal of this project only: the local folder also holds the other environments' records.
        // -Local reads no bucket, so it needs no connection (and no credentials).
        var records = Local
            ? RunEngine((events, token) => ReadAsync(DeploymentJournal.For(project, null, events), project, token))
            : RunConnected((client, token) => ReadAsync(new RolloutEngine(client).Journal(project), project, token));

        WriteObject(Newest > 0 ? records.Take(Newest) : records, enumerateCollection: true);
    }

    private async Task<IReadOnlyList<DeploymentRecord>> ReadAsync(DeploymentJournal journal, JobFinderProject project, CancellationToken token)
    {
        if (Id is null)
        {
            return await journal.ListAsync(token).ConfigureAwait(false);
        }

        var found = new List<DeploymentRecord>();
        foreach (var id in Id)
        {
            found.Add(await journal.FindAsync(id, project, token).ConfigureAwait(false));
        }

        return found;
    }
}
