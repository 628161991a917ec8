using System.Management.Automation;
using JobFinder.Ops.Backup;
using JobFinder.Ops.Cmdlets.Bases;
using JobFinder.Ops.Cmdlets.Completers;
using JobFinder.Ops.Errors;
using JobFinder.Ops.Model;
using JobFinder.Ops.Rollout;

namespace JobFinder.Ops.Commands;

/// <summary>Deploys a Firebase backend with zero downtime: gates, canary traffic steps between Cloud Run revisions judged by Cloud Monitoring, automatic rollback, and a journal.</summary>
/// <remarks>
/// <para>Invoke-JobFinderDeployment compares the repository (each codebase packaged as a zip honouring its ignore globs; firestore and storage rules; firestore indexes) with what is live and plans a create, update, delete or skip per function. A function whose live jobfinder-source-hash label equals the source hash (code, configuration, environment) is skipped. -WhatIf or -PlanOnly outputs the DeploymentPlan, with a readable diff in which environment values never appear, and makes no mutating call. -Only selects targets as firebase deploy --only does: functions, functions:submitJob, functions:codebase:id, firestore, firestore:rules, firestore:indexes, storage.</para>
/// <para>Gates come before any change: a verified, fresh BackupManifest of this project (piped from Backup-JobFinderProduction, or -NewBackup to take one; -SkipBackup for a throw-away project); with rollout.requireStagingSmoke a passing staging SmokeReport whose project runs the same source (-StagingSmoke); the predeploy commands of firebase.json (run with /bin/sh -c or cmd /c, RESOURCE_DIR, PROJECT_DIR and GCLOUD_PROJECT set), which must exit 0; every rules file compiled with projects.test (ErrorId RulesCompilationFailed, with file:line:column); and the deployment lock, an object in the backup bucket created with ifGenerationMatch=0 (ErrorId DeploymentLocked names its owner; a lock older than rollout.lockStaleAfter is broken only with -BreakStaleLock, after its own confirmation).</para>
/// <para>Then, journaling every step before and after it runs (locally under .jobfinder/deployments and in gs://&lt;backup bucket&gt;/jobfinder/deployments): missing indexes are created and awaited READY; rules rulesets are created and releases moved, recording the previous ruleset; each updated function's Cloud Run service is pinned to its serving revision (tag stable); the function is updated with allTrafficOnLatestRevision=false so the new revision gets 0% and tag canary; the project's smoke checks run against the canary tag URL; then traffic moves by the strategy (AllAtOnce, Canary10Percent5Minutes, Linear10PercentEvery1Minute, or -TrafficSteps 5,25,100 -BakeTime 00:02:00), every function at the same step, -ThrottleLimit at a time. After each step's bake a CanaryVerdict per function reads per-revision requests, 5xx, 504s and p95 from Cloud Monitoring, adds synthetic probes to the canary tag URL when real traffic is below analysis.minRequests (only for functions users call: httpsTrigger and callableTrigger; scheduled, event, task-queue and blocking functions are judged by the requests they served), and passes, fails or is inconclusive against the analysis thresholds (inconclusive bakes again or fails per analysis.inconclusivePolicy).</para>
/// <para>A failed verdict, smoke check or operation puts everything back as it was before the deployment in one step, by the same rules as Undo-JobFinderDeployment: every updated function on its recorded previous split, the rules on their previous rulesets, and the functions this deployment created deleted (the step's message names them; deploying the same release again creates and smoke-tests them anew). The record's Outcome is RolledBack with the reason and the verdict's numbers, and after the record a non-terminating error DeploymentRolledBack (DeploymentFailed for Failed) is written with the record as its TargetObject, so a CI script with $ErrorActionPreference = 'Stop' exits non-zero (docs/DEPLOYMENT.md, "In CI"). Success sends traffic to LATEST 100% (so later deploys follow the latest revision), deletes the functions that left the source that -PruneFunctions named and you confirmed one by one, and records Succeeded. Either way the lock is released. Ctrl+C stops at once (Outcome Aborted); -Resume &lt;id&gt; finishes a stopped or killed deployment from its journal.</para>
/// <para>Wrong smoke credentials are never a failed release. Before any change, when a smoke check of a deployed function signs in, the test user is signed in and the token checked to be this project's: a refused sign-in, the web API key of another project, or a missing variable ends the command with ErrorId SmokeCredentialsRejected (or SmokeCredentialMissing), category AuthenticationError or PermissionDenied, naming the credential, the checks and the fix, and nothing is changed. When the canary refuses a signed-in check (401/403), the same check goes to the stable revision: refused there too, the credentials are wrong and the deployment stops before any traffic moves, restores what it changed, and ends Aborted with the record's CredentialProblem set and the same ErrorId; accepted there, the release rejects the user and is rolled back. See docs/SMOKE.md.</para>
/// <para>The output is a DeploymentRecord that pipes into Test-JobFinderSmoke and Undo-JobFinderDeployment. Deployments have ConfirmImpact High: scripts pass -Confirm:$false or -Force. -Force only skips the prompts: it deletes nothing and breaks no lock by itself; deleting functions that left the source takes -PruneFunctions, breaking a stale lock -BreakStaleLock. The question is asked only after every check that can refuse (parameters, plan, gates, lock, predeploy), and not at all when the plan changes nothing. A host that cannot ask (pwsh -NonInteractive) gets the error ConfirmationRequired and nothing changes. See docs/DEPLOYMENT.md and docs/design/journal.md.</para>
/// </remarks>
/// <example>
/// <code>Backup-JobFinderProduction -Environment production -Verify | Invoke-JobFinderDeployment -Environment production -Strategy Canary10Percent5Minutes</code>
/// <para>Takes a verified backup and deploys production with a 10% canary baked for five minutes.</para>
/// </example>
/// <example>
/// <code>Invoke-JobFinderDeployment -Environment production -WhatIf</code>
/// <para>Shows what would change (the plan and its diff) without changing anything.</para>
/// </example>
/// <example>
/// <code>Invoke-JobFinderDeployment -Environment staging -NewBackup -Only functions:submitJob,firestore:rules -TrafficSteps 5,25,100 -BakeTime 00:02:00 -Confirm:$false</code>
/// <para>Backs up staging, then rolls out one function and the Firestore rules in three steps.</para>
/// </example>
/// <example>
/// <code>Invoke-JobFinderDeployment -Environment staging -SkipBackup -PruneFunctions -WhatIf</code>
/// <para>Lists the functions that left the source and would be deleted after a successful rollout; without -WhatIf each deletion is confirmed on its own.</para>
/// </example>
/// <example>
/// <code>Invoke-JobFinderDeployment -Environment production -Resume 20261126T221500Z-3f9a1c</code>
/// <para>Finishes a production deployment whose process was stopped or killed (a deployment of another environment is refused).</para>
/// </example>
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

    /// <summary>The .firebaserc alias (for example production) or any project id (as firebase deploy --project takes it).</summary>
    [Parameter(ParameterSetName = PathSet)]
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
    public TimeSpan? BakeTime { get; set; }

    /// <summary>Functions worked on at once. Default: rollout.throttleLimit (8).</summary>
    [Parameter]
    [ValidateRange(1, 64)]
    public int ThrottleLimit { get; set; }

    /// <summary>Targets, as firebase deploy --only: functions, functions:&lt;id&gt;, firestore:rules, firestore:indexes, storage.</summary>
    [Parameter(ParameterSetName = PathSet)]
    [Parameter(ParameterSetName = ProjectSet)]
    [ValidateNotNullOrEmpty]
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
    public string Resume { get; set; } = null!;

    /// <summary>The smoke-test user for smoke checks that need a Firebase ID token, instead of the environment variables in smoke.auth.</summary>
    [Parameter]
    [Credential]
    public PSCredential? Credential { get; set; }

    /// <summary>Break the deployment lock when it is older than rollout.lockStaleAfter (a deployment that died), after its own confirmation.</summary>
    [Parameter]
    public SwitchParameter BreakStaleLock { get; set; }

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
            // -WhatIf still prints its "What if" line; the plan is the useful part. -PlanOnly changes
            // nothing, so it must not ask (ConfirmImpact High would prompt, and fail under -NonInteractive).
            if (IsWhatIfInEffect())
            {
                ShouldProcess(target, "Deploy the changes of the plan below");
            }

            var plan = Plan(options);
            foreach (var deleted in plan.Functions.Where(f => f.Action == PlannedChangeAction.Delete && IsWhatIfInEffect()))
            {
                ShouldProcess($"function {deleted.FunctionId} ({deleted.Region}) of {project.ProjectId}", "Delete after a successful rollout (left the source)");
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
    };

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
