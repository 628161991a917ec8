using System.Management.Automation;
using JobFinder.Ops.Cmdlets.Bases;
using JobFinder.Ops.Model;
using JobFinder.Ops.Rollout;

namespace JobFinder.Ops.Commands;

/// <summary>Lists deployments from the journal: who deployed what, when, and how it ended.</summary>
/// <remarks>
/// <para>Get-JobFinderDeployment reads the deployment journal that Invoke-JobFinderDeployment writes at every step: the local copy under .jobfinder/deployments in the repository and the copy in gs://&lt;backup bucket&gt;/jobfinder/deployments. The two are merged by id (the copy that got further wins), newest first. Only the records of the environment's project are returned: every environment of the repository writes into the same local folder, and -Id of another project's record is refused (DeploymentProjectMismatch), so what is piped on to Undo-JobFinderDeployment is always of the environment named.</para>
/// <para>Each DeploymentRecord carries the owner, the strategy and steps, every step with its traffic split, verdicts and times, each function's stable and new revision and previous traffic, the rules' previous rulesets, the indexes created, and the outcome with its reason: everything Undo-JobFinderDeployment needs. A deployment left InProgress or Aborted can be finished with Invoke-JobFinderDeployment -Resume &lt;Id&gt;.</para>
/// <para>-Local reads only the local copy (no credentials needed).</para>
/// </remarks>
/// <example>
/// <code>Get-JobFinderDeployment -Environment production -Newest 5</code>
/// <para>The five most recent production deployments.</para>
/// </example>
/// <example>
/// <code>Get-JobFinderDeployment -Environment production -Id 20261126T221500Z-3f9a1c | Select-Object -ExpandProperty Steps</code>
/// <para>Every step of one deployment, with its split, verdicts and times.</para>
/// </example>
/// <example>
/// <code>Get-JobFinderDeployment -Environment production -Newest 1 | Undo-JobFinderDeployment</code>
/// <para>Reverts the latest production deployment (staging's are not listed for production, whichever is newer).</para>
/// </example>
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
