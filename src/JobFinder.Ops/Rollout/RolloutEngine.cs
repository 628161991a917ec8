using System.Diagnostics;
using JobFinder.Ops.Errors;
using JobFinder.Ops.Events;
using JobFinder.Ops.Google;
using JobFinder.Ops.Google.Functions;
using JobFinder.Ops.Model;
using JobFinder.Ops.Project;
using JobFinder.Ops.Smoke;

namespace JobFinder.Ops.Rollout;

/// <summary>Runs a deployment (ARCHITECTURE "Zero-downtime rollout"): plan, gates, lock, indexes,
/// rules, pin, deploy at 0%, smoke the canary tag, traffic steps with analysis, promote or roll back,
/// deletes, unlock — journaling every step before and after it runs. <see cref="ResumeAsync"/> carries
/// on a journaled deployment whose process died: every step re-reads live state, so repeating one is
/// harmless.</summary>
public sealed class RolloutEngine(GoogleRestClient client)
{
    /// <summary>Plans only: reads, packages and compiles; never a mutating call.</summary>
    public async Task<DeploymentPlan> PlanAsync(DeploymentOptions options, CancellationToken cancellationToken)
    {
        var prepared = await PrepareAsync(options, cancellationToken).ConfigureAwait(false);
        DeploymentPlanner.TryDelete(prepared.WorkDirectory);
        return prepared.Plan;
    }

    /// <summary>Plans and runs every check that can refuse the deployment, before any change: the
    /// parameters and the plan (in <see cref="PrepareAsync"/>), the backup gate (unless
    /// <see cref="DeploymentOptions.BackupPending"/>), staging smoke evidence, the rollback target, the
    /// lock as it is now, and the predeploy commands. The cmdlet asks for confirmation only after this.</summary>
    public async Task<DeploymentPreflight> PreflightAsync(DeploymentOptions options, CancellationToken cancellationToken)
    {
        var project = options.Project;
        var prepared = await PrepareAsync(options, cancellationToken).ConfigureAwait(false);
        try
        {
            var gates = new DeploymentGates(client);
            if (!options.BackupPending)
            {
                gates.CheckBackup(project, options.Backup, options.SkipBackup);
            }

            await gates.CheckStagingSmokeAsync(project, prepared, options.StagingSmoke, cancellationToken).ConfigureAwait(false);
            await gates.CheckRollbackTargetAsync(project, prepared, options.SkipRollbackCheck, cancellationToken).ConfigureAwait(false);
            var staleLock = await LockOf(project).CheckAvailableAsync(project.Settings.Rollout.LockStaleAfter, options.BreakStaleLock, resumingId: null, cancellationToken).ConfigureAwait(false);
            // The smoke user signs in now, as a gate: wrong credentials stop here, before the question and
            // before anything changes (SmokeCredentialsRejected), and the canary checks reuse the token.
            var smoke = new CanarySmoke(client, options);
            await smoke.VerifySignInAsync(DeployedFunctionIds(prepared), cancellationToken).ConfigureAwait(false);
            var codebases = project.Codebases.Where(c => prepared.Functions.Any(f => f.Desired?.Codebase == c.Name && f.Change.Action is PlannedChangeAction.Create or PlannedChangeAction.Update));
            await new PredeployRunner(client.Events).RunAsync(project, codebases, cancellationToken).ConfigureAwait(false);
            return new DeploymentPreflight(prepared, backupChecked: !options.BackupPending, staleLock, smoke);
        }
        catch
        {
            DeploymentPlanner.TryDelete(prepared.WorkDirectory);
            throw;
        }
    }

    /// <summary>Preflight and deployment in one go (callers that never ask for confirmation).</summary>
    public async Task<DeploymentRecord> DeployAsync(DeploymentOptions options, CancellationToken cancellationToken)
    {
        using var preflight = await PreflightAsync(options, cancellationToken).ConfigureAwait(false);
        return await DeployAsync(preflight, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs a deployment <see cref="PreflightAsync"/> checked; <paramref name="options"/> are
    /// the preflight's, with the backup set when it was pending.</summary>
    public async Task<DeploymentRecord> DeployAsync(DeploymentPreflight preflight, DeploymentOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(preflight);
        ArgumentNullException.ThrowIfNull(options);
        var project = options.Project;
        if (!preflight.BackupChecked)
        {
            new DeploymentGates(client).CheckBackup(project, options.Backup, options.SkipBackup);
        }

        var prepared = preflight.Prepared.WithConfirmedDeletions(options.MayDeleteFunction);
        var (strategy, steps, bake) = options.ResolveStrategy();
        var now = DateTimeOffset.UtcNow;
        var id = DeploymentIds.New(now);
        var record = new DeploymentRecord
        {
            Id = id,
            ProjectId = project.ProjectId,
            Environment = project.Environment,
            ProjectRoot = project.RootPath,
            Owner = LockOwner.Current(id, project.ProjectId).User + $" (pid {Environment.ProcessId})",
            Strategy = strategy,
            TrafficSteps = steps,
            BakeTime = bake,
            ThrottleLimit = ThrottleOf(options),
            Only = options.Only,
            PruneFunctions = prepared.Functions.Where(f => f.Change.Action == PlannedChangeAction.Delete).Select(f => f.Change.FunctionId).Distinct().ToArray(),
            PruneIndexes = options.PruneIndexes,
            Outcome = DeploymentOutcome.InProgress,
            BackupId = options.Backup?.Id,
            StartedAt = now,
        };
        var run = new DeploymentRun(client, options, prepared, new DeploymentState(record), preflight.Smoke);
        return await run.ExecuteAsync(resumed: false, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The checks of a resume, before any change (and before the cmdlet asks): the journaled
    /// deployment exists, is of this project, and the lock is free or its own (or stale and
    /// breakable with -Force: that holder is returned for the cmdlet to ask about).</summary>
    public async Task<(DeploymentRecord Record, LockOwner? StaleLock)> CheckResumeAsync(string id, DeploymentOptions options, CancellationToken cancellationToken)
    {
        var record = await ReadResumableAsync(id, options.Project, cancellationToken).ConfigureAwait(false);
        if (record.IsFinished && record.Outcome != DeploymentOutcome.Aborted)
        {
            return (record, null);
        }

        var staleLock = await LockOf(options.Project).CheckAvailableAsync(options.Project.Settings.Rollout.LockStaleAfter, options.BreakStaleLock, id, cancellationToken).ConfigureAwait(false);
        return (record, staleLock);
    }

    /// <summary>Continues the journaled deployment <paramref name="id"/> (found under the project root or
    /// in the backup bucket), also one stopped with Ctrl+C (Aborted). A deployment that ended otherwise is
    /// returned as it is.</summary>
    public async Task<DeploymentRecord> ResumeAsync(string id, DeploymentOptions options, CancellationToken cancellationToken)
    {
        var record = await ReadResumableAsync(id, options.Project, cancellationToken).ConfigureAwait(false);
        if (record.IsFinished && record.Outcome != DeploymentOutcome.Aborted)
        {
            client.Events.Warning($"Deployment {id} already ended ({record.Outcome}: {record.Reason}); nothing to resume.");
            return record;
        }

        client.Events.Verbose($"Resuming deployment {id} after step {record.Steps.LastOrDefault()?.Name ?? "(none)"}.");
        var resumeOptions = options with
        {
            Only = record.Only,
            MayDeleteFunction = record.PruneFunctions.Contains,
            PruneIndexes = record.PruneIndexes,
            TrafficSteps = record.TrafficSteps,
            BakeTime = record.BakeTime,
            ThrottleLimit = record.ThrottleLimit,
        };
        var prepared = await PrepareAsync(resumeOptions, cancellationToken).ConfigureAwait(false);
        try
        {
            var run = new DeploymentRun(client, resumeOptions, prepared, new DeploymentState(record), new CanarySmoke(client, resumeOptions));
            return await run.ExecuteAsync(resumed: true, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            DeploymentPlanner.TryDelete(prepared.WorkDirectory);
        }
    }

    /// <summary>The journaled deployment <paramref name="id"/> of this project: a record of another
    /// environment is refused before anything else, since resuming it "for" this one would deploy there.</summary>
    private Task<DeploymentRecord> ReadResumableAsync(string id, JobFinderProject project, CancellationToken cancellationToken) =>
        DeploymentJournal.For(project, client, client.Events).FindAsync(id, project, cancellationToken);

    private DeploymentLock LockOf(JobFinderProject project) =>
        new(client, BackupBucket.NameOf(project.Settings.Backup.Bucket), project.ProjectId);

    /// <summary>The project's deployment journal (local copy and bucket).</summary>
    public DeploymentJournal Journal(JobFinderProject project) => DeploymentJournal.For(project, client, client.Events);

    /// <summary>The functions the plan creates or updates: their smoke checks will run.</summary>
    private static IReadOnlySet<string> DeployedFunctionIds(PreparedDeployment prepared) =>
        prepared.Functions.Where(f => f.Change.Action is PlannedChangeAction.Create or PlannedChangeAction.Update).Select(f => f.Change.FunctionId).ToHashSet(StringComparer.Ordinal);

    internal static int ThrottleOf(DeploymentOptions options)
    {
        var limit = options.ThrottleLimit ?? options.Project.Settings.Rollout.ThrottleLimit;
        return limit >= 1 ? limit : throw new JobFinderException("ThrottleLimitInvalid", ErrorKind.InvalidArgument, $"ThrottleLimit must be at least 1, not {limit}.", limit);
    }

    private async Task<PreparedDeployment> PrepareAsync(DeploymentOptions options, CancellationToken cancellationToken)
    {
        var (strategy, steps, bake) = options.ResolveStrategy();
        if (RolloutStrategyPresets.Validate(steps) is { } problem)
        {
            throw new JobFinderException("TrafficStepsInvalid", ErrorKind.InvalidArgument, problem, string.Join(",", steps));
        }

        if (bake < TimeSpan.Zero)
        {
            throw new JobFinderException("BakeTimeInvalid", ErrorKind.InvalidArgument, $"BakeTime must not be negative ({bake}).", bake);
        }

        ThrottleOf(options);
        var targets = DeploymentTargets.Parse(options.Only);
        client.Events.Progress(new ProgressInfo(ProgressIds.Deployment, $"Deploying {options.Project.ProjectId}", "Planning: reading live state, packaging, compiling rules"));
        var planner = new DeploymentPlanner(client);
        return await planner.PrepareAsync(options.Project, targets, strategy, steps, bake, options.MayDeleteFunction, options.PruneIndexes, cancellationToken).ConfigureAwait(false);
    }
}
