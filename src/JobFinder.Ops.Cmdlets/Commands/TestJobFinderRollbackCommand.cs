using System.Management.Automation;
using JobFinder.Ops.Cmdlets.Bases;
using JobFinder.Ops.Cmdlets.Completers;
using JobFinder.Ops.Cmdlets.Infrastructure;
using JobFinder.Ops.Errors;
using JobFinder.Ops.Model;
using JobFinder.Ops.Project;
using JobFinder.Ops.Undo;
using JobFinder.Ops.Rollout;

namespace JobFinder.Ops.Commands;

/// <summary>Checks that a rollback would work: the target revisions exist, are Ready and still have their images; or rehearses one.</summary>
/// <remarks>Help (Get-Help Test-JobFinderRollback): docs/help/Test-JobFinderRollback.md.</remarks>
[Cmdlet(VerbsDiagnostic.Test, "JobFinderRollback", DefaultParameterSetName = PathSet, SupportsShouldProcess = true,
    HelpUri = "https://github.com/jobfinder/JobFinder.Ops/blob/main/docs/ROLLBACK.md")]
[OutputType(typeof(RollbackViability), typeof(RehearsalReport))]
public sealed class TestJobFinderRollbackCommand : JobFinderCloudCmdlet
{
    private const string PathSet = "Path";
    private const string RecordSet = "Record";
    private const string LastSet = "Last";
    private const string RehearseSet = "Rehearse";

    /// <summary>A deployment whose recorded stable revisions are checked.</summary>
    [Parameter(Mandatory = true, ParameterSetName = RecordSet, ValueFromPipeline = true, HelpMessage = "A DeploymentRecord from Invoke-JobFinderDeployment or Get-JobFinderDeployment")]
    public DeploymentRecord InputObject { get; set; } = null!;

    /// <summary>Check the most recent deployment in the journal.</summary>
    [Parameter(Mandatory = true, ParameterSetName = LastSet)]
    public SwitchParameter Last { get; set; }

    /// <summary>Deploy, undo, compare and smoke-test instead of only checking.</summary>
    [Parameter(Mandatory = true, ParameterSetName = RehearseSet)]
    public SwitchParameter Rehearse { get; set; }

    /// <summary>The repository folder holding firebase.json. Defaults to the current location.</summary>
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

    /// <summary>Only these functions (project check).</summary>
    [Parameter(ParameterSetName = PathSet)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(FunctionIdCompleter))]
    public string[]? FunctionId { get; set; }

    /// <summary>Rehearsal: the deployment's backup gate (as Invoke-JobFinderDeployment -Backup).</summary>
    [Parameter(ParameterSetName = RehearseSet)]
    public BackupManifest? Backup { get; set; }

    /// <summary>Rehearsal: deploy without a backup gate (the undo then cannot recreate deleted functions).</summary>
    [Parameter(ParameterSetName = RehearseSet)]
    public SwitchParameter SkipBackup { get; set; }

    /// <summary>Rehearsal: traffic steps (default: the project's rollout settings).</summary>
    [Parameter(ParameterSetName = RehearseSet)]
    [ValidateRange(1, 100)]
    public int[]? TrafficSteps { get; set; }

    /// <summary>Rehearsal: bake time per step (default: the project's rollout settings).</summary>
    [Parameter(ParameterSetName = RehearseSet)]
    [DurationTransformation]
    public TimeSpan? BakeTime { get; set; }

    /// <summary>Smoke-test user for checks that need a Firebase ID token.</summary>
    [Parameter(ParameterSetName = RehearseSet)]
    [Credential]
    public PSCredential? Credential { get; set; }

    /// <summary>Rehearse against an environment named like production (the rehearsal deploys and undoes a release there).</summary>
    [Parameter(ParameterSetName = RehearseSet)]
    public SwitchParameter AllowProduction { get; set; }

    /// <summary>Skip the confirmation prompts (deleting what the rehearsal created is then not asked).</summary>
    [Parameter(ParameterSetName = RehearseSet)]
    public SwitchParameter Force { get; set; }

    protected override void ProcessRecordCore()
    {
        var project = ParameterSetName == RecordSet && Project is null && RepositoryPath is null && InputObject.ProjectRoot is { } root && Directory.Exists(root)
            ? LoadProject(root, Environment ?? InputObject.Environment ?? InputObject.ProjectId)
            : ResolveProject(Project, RepositoryPath, Environment);
        if (ParameterSetName == RecordSet)
        {
            // A record of another environment than the one named would report on the wrong project's revisions.
            DeploymentOwnership.Ensure(InputObject, project);
        }
        if (Rehearse)
        {
            RehearseProject(project);
            return;
        }

        var results = RunConnected(async (client, token) =>
        {
            var checker = new RollbackViabilityChecker(client);
            return ParameterSetName switch
            {
                RecordSet => await checker.CheckRecordAsync(InputObject, token).ConfigureAwait(false),
                LastSet => await checker.CheckRecordAsync(await new DeploymentUndo(client).FindAsync(project, null, token).ConfigureAwait(false), token).ConfigureAwait(false),
                _ => await checker.CheckLiveAsync(project.ProjectId, FunctionId, token).ConfigureAwait(false),
            };
        });
        foreach (var broken in results.Where(r => !r.Viable))
        {
            WriteWarning($"{broken.FunctionId}: rollback target not viable: {broken.Reason}.");
        }

        WriteObject(results, enumerateCollection: true);
    }

    private void RehearseProject(JobFinderProject project)
    {
        var production = (project.Environment ?? project.ProjectId).Contains("prod", StringComparison.OrdinalIgnoreCase);
        if (production && !AllowProduction)
        {
            throw new JobFinderException("RehearsalOnProduction", ErrorKind.InvalidOperation,
                $"A rehearsal deploys and undoes a release; '{project.Environment ?? project.ProjectId}' looks like production. Run it against staging or an emulator seeded with Start-JobFinderEmulator -FromBackup, with -AllowProduction.", project.ProjectId);
        }

        if (!ShouldProcess(project.ProjectId, "Rehearse a rollback: deploy the current source, undo it, compare, smoke-test"))
        {
            return;
        }

        var options = new RehearsalOptions
        {
            Deployment = new DeploymentOptions
            {
                Project = project,
                Backup = Backup,
                SkipBackup = SkipBackup,
                TrafficSteps = TrafficSteps,
                BakeTime = BakeTime,
                SmokeUser = Credential?.GetNetworkCredential(),
            },
        };
        var report = RunConnected((client, token) =>
            new RollbackRehearsal(client).RunAsync(options, token));
        if (!report.Passed)
        {
            WriteWarning($"The rollback rehearsal of {project.ProjectId} failed: {string.Join("; ", report.Phases.Where(p => !p.Passed))}{(report.Differences.Count == 0 ? "" : "; differences: " + string.Join("; ", report.Differences))}");
        }

        WriteObject(report);
    }
}
