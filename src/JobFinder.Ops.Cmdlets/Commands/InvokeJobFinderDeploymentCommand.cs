using System.Management.Automation;
using JobFinder.Ops.Backup;
using JobFinder.Ops.Cmdlets.Bases;
using JobFinder.Ops.Cmdlets.Completers;
using JobFinder.Ops.Cmdlets.Infrastructure;
using JobFinder.Ops.Errors;
using JobFinder.Ops.Model;
using JobFinder.Ops.Notifications;
using JobFinder.Ops.Rollout;

namespace JobFinder.Ops.Commands;

/// <summary>Deploys a Firebase backend with zero downtime: gates, canary traffic steps between Cloud Run revisions judged by Cloud Monitoring, automatic rollback, and a journal.</summary>
/// <remarks>Help (Get-Help Invoke-JobFinderDeployment): docs/help/Invoke-JobFinderDeployment.md.</remarks>
[Cmdlet(VerbsLifecycle.Invoke, "JobFinderDeployment", DefaultParameterSetName = PathSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High,
    HelpUri = "https://github.com/jobfinder/JobFinder.Ops/blob/main/docs/DEPLOYMENT.md")]
[OutputType(typeof(DeploymentRecord), typeof(DeploymentPlan))]
public sealed class InvokeJobFinderDeploymentCommand : JobFinderCloudCmdlet
{
    private const string PathSet = "Path";
    private const string ProjectSet = "Project";
    private const string ResumeSet = "Resume";

    /// <summary>The repository folder holding firebase.json. Defaults to the current location.</summary>
    [Parameter(ParameterSetName = PathSet)]
    [Parameter(ParameterSetName = ResumeSet)]
    [ValidateNotNullOrEmpty]
    [Alias("RootPath", "ProjectRoot")]
    public string? RepositoryPath { get; set; }

    /// <summary>The .firebaserc alias (for example production) or any project id (as firebase deploy --project takes it). A piped BackupManifest supplies its own (binding by property name).</summary>
    [Parameter(ParameterSetName = PathSet, ValueFromPipelineByPropertyName = true)]
    [Parameter(ParameterSetName = ProjectSet)]
    [Parameter(ParameterSetName = ResumeSet)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(EnvironmentAliasCompleter))]
    public string? Environment { get; set; }

    /// <summary>The project, as Get-JobFinderProject returns it.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ProjectSet, ValueFromPipeline = true, HelpMessage = "A JobFinderProject from Get-JobFinderProject")]
    public JobFinderProject Project { get; set; } = null!;

    /// <summary>The rollback point: a BackupManifest of this project, piped from Backup-JobFinderProduction or Get-JobFinderBackup.</summary>
    [Parameter(ParameterSetName = PathSet, ValueFromPipeline = true)]
    [Parameter(ParameterSetName = ProjectSet)]
    public BackupManifest? Backup { get; set; }

    /// <summary>Take and verify a backup first and use it as the rollback point (instead of piping one in).</summary>
    [Parameter(ParameterSetName = PathSet)]
    [Parameter(ParameterSetName = ProjectSet)]
    public SwitchParameter NewBackup { get; set; }

    /// <summary>Deploy without a backup gate (throw-away projects, the emulator). A rollback then restores traffic and rules, not data.</summary>
    [Parameter(ParameterSetName = PathSet)]
    [Parameter(ParameterSetName = ProjectSet)]
    public SwitchParameter SkipBackup { get; set; }

    /// <summary>Deploy even when the revisions serving now (the rollback target) are not viable: deleted, not Ready, or their image cleaned up. The gate then only warns.</summary>
    [Parameter(ParameterSetName = PathSet)]
    [Parameter(ParameterSetName = ProjectSet)]
    public SwitchParameter SkipRollbackCheck { get; set; }

    /// <summary>A passing staging SmokeReport, required when rollout.requireStagingSmoke is set; staging must run the same source.</summary>
    [Parameter(ParameterSetName = PathSet)]
    [Parameter(ParameterSetName = ProjectSet)]
    public SmokeReport? StagingSmoke { get; set; }

    /// <summary>A traffic preset: AllAtOnce, Canary10Percent5Minutes or Linear10PercentEvery1Minute. Default: rollout.strategy.</summary>
    /// <remarks>A validated string rather than the engine's enum: an engine type in a parameter's type makes PowerShell load the engine before the module's load context can.</remarks>
    [Parameter(ParameterSetName = PathSet)]
    [Parameter(ParameterSetName = ProjectSet)]
    [ValidateSet("AllAtOnce", "Canary10Percent5Minutes", "Linear10PercentEvery1Minute")]
    public string? Strategy { get; set; }

    /// <summary>Custom cumulative percentages on the new revisions, strictly ascending and ending at 100, e.g. 5,25,100.</summary>
    [Parameter(ParameterSetName = PathSet)]
    [Parameter(ParameterSetName = ProjectSet)]
    [ValidateRange(1, 100)]
    public int[]? TrafficSteps { get; set; }

    /// <summary>How long each step bakes before the analysis decides, e.g. 00:02:00.</summary>
    [Parameter(ParameterSetName = PathSet)]
    [Parameter(ParameterSetName = ProjectSet)]
    [DurationTransformation]
    public TimeSpan? BakeTime { get; set; }

    /// <summary>Functions worked on at once. Default: rollout.throttleLimit (8).</summary>
    [Parameter]
    [ValidateRange(1, 64)]
    public int ThrottleLimit { get; set; }

    /// <summary>Targets, as firebase deploy --only: functions, functions:&lt;id&gt;, firestore:rules, firestore:indexes, storage.</summary>
    [Parameter(ParameterSetName = PathSet)]
    [Parameter(ParameterSetName = ProjectSet)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(FunctionIdCompleter))]
    public string[]? Only { get; set; }

    /// <summary>Only output the plan; change nothing (as -WhatIf).</summary>
    [Parameter(ParameterSetName = PathSet)]
    [Parameter(ParameterSetName = ProjectSet)]
    public SwitchParameter PlanOnly { get; set; }

    /// <summary>Delete, after a successful rollout, the functions this module deployed that are no longer in the source (firebase deploy asks the same question). Each deletion is confirmed on its own; -WhatIf lists them.</summary>
    [Parameter(ParameterSetName = PathSet)]
    [Parameter(ParameterSetName = ProjectSet)]
    public SwitchParameter PruneFunctions { get; set; }

    /// <summary>Delete indexes that are live but not in the indexes file.</summary>
    [Parameter(ParameterSetName = PathSet)]
    [Parameter(ParameterSetName = ProjectSet)]
    public SwitchParameter PruneIndexes { get; set; }

    /// <summary>Continue the journaled deployment with this id (stopped with Ctrl+C or killed).</summary>
    [Parameter(Mandatory = true, ParameterSetName = ResumeSet, HelpMessage = "The id of the deployment to resume (Get-JobFinderDeployment)")]
    [ValidatePattern("^[A-Za-z0-9_-]{1,64}$")]
    [ArgumentCompleter(typeof(DeploymentIdCompleter))]
    public string Resume { get; set; } = null!;

    /// <summary>The smoke-test user for smoke checks that need a Firebase ID token, instead of the environment variables in smoke.auth.</summary>
    [Parameter]
    [Credential]
    public PSCredential? Credential { get; set; }

    /// <summary>Break the deployment lock when it is older than rollout.lockStaleAfter (a deployment that died), after its own confirmation.</summary>
    [Parameter]
    public SwitchParameter BreakStaleLock { get; set; }

    /// <summary>The webhook (Slack, Google Chat, Teams or generic) told about the start, each canary step's verdict and the outcome. Default: the URL in the variable monitoring.notifyWebhookEnvVar names, when set.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? NotifyUri { get; set; }

    /// <summary>Skip the confirmation prompts. Changes nothing else: it neither deletes functions (-PruneFunctions) nor breaks a lock (-BreakStaleLock).</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void ProcessRecordCore()
    {
        var project = ParameterSetName == ProjectSet ? ResolveProject(Project, null, Environment) : ResolveProject(null, RepositoryPath, Environment);
        var options = OptionsFor(project);
        var target = $"{project.Environment ?? project.ProjectId} ({project.ProjectId})";

        if (ParameterSetName == ResumeSet)
        {
            ResumeDeployment(options, target);
            return;
        }

        if (PlanOnly || IsWhatIfInEffect())
        {
            // -PlanOnly changes nothing, so it must not ask (ConfirmImpact High would prompt, and fail
            // under -NonInteractive). -WhatIf names the operation, then each change on a What-if line
            // of its own (a function -PruneFunctions would delete too); the plan object follows as
            // the one-row summary.
            var plan = Plan(options);
            if (IsWhatIfInEffect())
            {
                WriteWhatIfPlan(plan, target);
            }

            WriteObject(plan);
            return;
        }

        // Every check that can refuse (parameters, plan, gates, lock, predeploy) runs before the question,
        // so nobody answers Yes only to be refused.
        using var preflight = RunConnected((client, token) =>
            new RolloutEngine(client).PreflightAsync(options, token));
        if (preflight.Plan.HasChanges)
        {
            var strategy = options.ResolveStrategy();
            if (!ShouldProcessWithForce(target, $"Deploy with {strategy.Strategy} (traffic steps {string.Join(",", strategy.Steps)}, bake {strategy.Bake})", Force))
            {
                return;
            }
        }
        else
        {
            WriteVerbose($"The plan changes nothing in {target}: deploying without asking for confirmation.");
        }

        if (PruneFunctions)
        {
            options = options with { MayDeleteFunction = ConfirmFunctionDeletions(preflight.Plan, project) };
        }

        if (NewBackup)
        {
            options = options with { Backup = TakeBackup(project) };
        }

        // The lock decision may prompt: it must run here, on the pipeline thread.
        var deployOptions = WithLockDecision(options, project, preflight.StaleLock);
        Emit(RunConnected((client, token) =>
            new RolloutEngine(client).DeployAsync(preflight, deployOptions, token)));
    }

    private void ResumeDeployment(DeploymentOptions options, string target)
    {
        var (record, staleLock) = RunConnected((client, token) =>
            new RolloutEngine(client).CheckResumeAsync(Resume, options, token));
        if (!record.IsFinished || record.Outcome == DeploymentOutcome.Aborted)
        {
            if (!ShouldProcessWithForce(target, $"Resume deployment {Resume}", Force))
            {
                return;
            }

            options = WithLockDecision(options, options.Project, staleLock);
        }

        var resumeOptions = options;
        Emit(RunConnected((client, token) =>
            new RolloutEngine(client).ResumeAsync(Resume, resumeOptions, token)));
    }

    private DeploymentOptions OptionsFor(JobFinderProject project) => new()
    {
        Project = project,
        Strategy = Strategy is null ? null : Enum.Parse<RolloutStrategy>(Strategy, ignoreCase: true),
        TrafficSteps = TrafficSteps,
        BakeTime = BakeTime,
        ThrottleLimit = ThrottleLimit > 0 ? ThrottleLimit : null,
        Only = Only is null ? null : string.Join(",", Only),
        // The plan (-WhatIf, -PlanOnly, the preflight) shows every deletion -PruneFunctions would ask
        // for; a deployment deletes only those confirmed one by one (ConfirmFunctionDeletions).
        MayDeleteFunction = _ => PruneFunctions,
        BreakStaleLock = BreakStaleLock,
        PruneIndexes = PruneIndexes,
        Backup = Backup,
        SkipBackup = SkipBackup,
        SkipRollbackCheck = SkipRollbackCheck,
        StagingSmoke = StagingSmoke is { } report ? new StagingSmokeEvidence(report.ProjectId, report.Passed, report.StartTime, report.Summary) : null,
        SmokeUser = Credential?.GetNetworkCredential(),
        BackupPending = NewBackup,
        Notify = WebhookOf(project),
    };

    /// <summary>-NotifyUri, else the URL in the variable the settings name (monitoring.notifyWebhookEnvVar).
    /// Resolved before anything else runs, so a malformed URL stops the command before any change; an
    /// unset variable only means nobody is told (the example names one that few shells set).</summary>
    private WebhookTarget? WebhookOf(JobFinderProject project)
    {
        if (NotifyUri is not null)
        {
            return WebhookTarget.Resolve(NotifyUri, null, null);
        }

        var variable = project.Settings.Monitoring.NotifyWebhookEnvVar;
        if (string.IsNullOrWhiteSpace(variable))
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(System.Environment.GetEnvironmentVariable(variable)))
        {
            WriteVerbose($"No deployment notifications: {variable} (monitoring.notifyWebhookEnvVar) is not set.");
            return null;
        }

        return WebhookTarget.Resolve(null, variable, null);
    }

    private void WriteWhatIfPlan(DeploymentPlan plan, string target)
    {
        var counts = $"{plan.CreateCount} to create, {plan.UpdateCount} to update, {plan.DeleteCount} to delete, {plan.UnchangedCount} unchanged";
        ShouldProcess(target, $"Deploy with {plan.Strategy} (traffic steps {string.Join(",", plan.TrafficSteps)}, bake {plan.BakeTime}): {counts}");
        foreach (var line in plan.ChangeLines())
        {
            WriteWhatIf("  " + line);
        }
    }

    private DeploymentPlan Plan(DeploymentOptions options) => RunConnected((client, token) =>
        new RolloutEngine(client).PlanAsync(options, token));

    /// <summary>-PruneFunctions: one question per function that left the source, asked on the pipeline
    /// thread before the engine runs (as Undo asks per function); -Force or -Confirm:$false answer yes.
    /// The engine deletes only what was confirmed, and only after a successful rollout.</summary>
    private Func<string, bool> ConfirmFunctionDeletions(DeploymentPlan plan, JobFinderProject project)
    {
        var confirmed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var candidate in plan.Functions.Where(f => f.Action == PlannedChangeAction.Delete))
        {
            if (ShouldProcessWithForce($"function {candidate.FunctionId} ({candidate.Region}) of {project.ProjectId}", "Delete after a successful rollout (left the source)", Force))
            {
                confirmed.Add(candidate.FunctionId);
            }
        }

        return confirmed.Contains;
    }

    /// <summary>A stale lock (found by the preflight, which refuses it without -BreakStaleLock) is broken
    /// only after its own question, asked here on the pipeline thread before the engine runs.</summary>
    private DeploymentOptions WithLockDecision(DeploymentOptions options, JobFinderProject project, LockOwner? staleLock)
    {
        var mayBreak = staleLock is not null && ShouldProcessWithForce($"deployment lock of {project.ProjectId}", $"Break the stale lock held by {staleLock}", Force);
        return options with { MayBreakStaleLock = owner => mayBreak && owner.DeploymentId == staleLock!.DeploymentId };
    }

    private BackupManifest TakeBackup(JobFinderProject project)
    {
        var request = new BackupRequest
        {
            ProjectId = project.ProjectId,
            Environment = project.Environment ?? project.ProjectId,
            Destination = BackupDestination.Parse(project.Settings.Backup.Bucket),
            LocalRoot = System.IO.Path.Combine(project.RootPath, "backups"),
            CollectionIds = [.. project.Settings.Backup.CollectionIds],
        };
        return RunConnected(async (client, token) =>
        {
            var service = new BackupService(client);
            var created = await service.CreateAsync(request, token).ConfigureAwait(false);
            return (await service.VerifyAsync(created, cancellationToken: token).ConfigureAwait(false)).Manifest;
        });
    }

    private void Emit(DeploymentRecord record)
    {
        WriteObject(record);
        if (record.CredentialProblem is { } credentials)
        {
            // Its own ErrorId and category: a setup mistake to fix, not a release to investigate.
            WriteNonTerminating(new JobFinderException(credentials.ErrorId, credentials.Category, $"Deployment {record.Id} stopped before any traffic moved, and what it changed was restored: {credentials.Summary}", credentials.Source)
            {
                RecommendedAction = credentials.Fix,
            }, record.Id);
            return;
        }

        var (errorId, verb) = record.Outcome switch
        {
            DeploymentOutcome.RolledBack => ("DeploymentRolledBack", "was rolled back"),
            DeploymentOutcome.Failed => ("DeploymentFailed", "failed"),
            _ => (null, null),
        };
        if (errorId is not null)
        {
            // Non-terminating, after the record: a script keeps the record, and CI's
            // $ErrorActionPreference = 'Stop' turns this into a non-zero exit (docs/DEPLOYMENT.md).
            // The record is the TargetObject, so a catch block still has it ($_.TargetObject).
            WriteNonTerminating(new JobFinderException(errorId, ErrorKind.InvalidOperation, $"Deployment {record.Id} {verb}: {record.Reason}", record), record);
        }
    }
}
