using System.Management.Automation;
using JobFinder.Ops.Cmdlets.Bases;
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
        var records = RunEngine(async (events, token) =>
        {
            // The journal of this project only: the local folder also holds the other environments' records.
            var journal = Local
                ? DeploymentJournal.For(project, null, events)
                : new RolloutEngine(await ConnectAsync(events, token).ConfigureAwait(false)).Journal(project, events);
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
        });

        WriteObject(Newest > 0 ? records.Take(Newest) : records, enumerateCollection: true);
    }
}
