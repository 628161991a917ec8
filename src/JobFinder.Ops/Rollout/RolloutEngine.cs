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
    private const int ProgressId = 6100;

    /// <summary>Plans only: reads, packages and compiles; never a mutating call.</summary>
    public async Task<DeploymentPlan> PlanAsync(DeploymentOptions options, IEngineEventSink events, CancellationToken cancellationToken)
    {
        var prepared = await PrepareAsync(options, events, cancellationToken).ConfigureAwait(false);
        DeploymentPlanner.TryDelete(prepared.WorkDirectory);
        return prepared.Plan;
    }

    public async Task<DeploymentRecord> DeployAsync(DeploymentOptions options, IEngineEventSink events, CancellationToken cancellationToken)
    {
        var project = options.Project;
        var prepared = await PrepareAsync(options, events, cancellationToken).ConfigureAwait(false);
        try
        {
            var gates = new DeploymentGates(client.WithEvents(events), events);
            gates.CheckBackup(project, options.Backup, options.SkipBackup);
            await gates.CheckStagingSmokeAsync(project, prepared, options.StagingSmoke, cancellationToken).ConfigureAwait(false);
            await gates.CheckRollbackTargetAsync(project, prepared, options.SkipRollbackCheck, cancellationToken).ConfigureAwait(false);
            var smoke = new CanarySmoke(client.WithEvents(events), options, events);
            await smoke.VerifySignInAsync(DeployedFunctionIds(prepared), cancellationToken).ConfigureAwait(false);
            var codebases = project.Codebases.Where(c => prepared.Functions.Any(f => f.Desired?.Codebase == c.Name && f.Change.Action is PlannedChangeAction.Create or PlannedChangeAction.Update));
            await new PredeployRunner(events).RunAsync(project, codebases, cancellationToken).ConfigureAwait(false);

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
                Force = options.Force,
                PruneIndexes = options.PruneIndexes,
                Outcome = DeploymentOutcome.InProgress,
                BackupId = options.Backup?.Id,
                StartedAt = now,
            };
            var run = new DeploymentRun(client.WithEvents(events), events, options, prepared, new DeploymentState(record), smoke);
            return await run.ExecuteAsync(resumed: false, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            DeploymentPlanner.TryDelete(prepared.WorkDirectory);
        }
    }

    /// <summary>Continues the journaled deployment <paramref name="id"/> (found under the project root or
    /// in the backup bucket), also one stopped with Ctrl+C (Aborted). A deployment that ended otherwise is
    /// returned as it is.</summary>
    public async Task<DeploymentRecord> ResumeAsync(string id, DeploymentOptions options, IEngineEventSink events, CancellationToken cancellationToken)
    {
        var project = options.Project;
        var journal = JournalFor(project, client.WithEvents(events), events);
        var record = await journal.ReadAsync(id, cancellationToken).ConfigureAwait(false)
            ?? throw new JobFinderException("DeploymentNotFound", ErrorKind.ObjectNotFound, $"No deployment '{id}' in {journal.LocalDirectory} or the backup bucket.", id);
        if (record.IsFinished && record.Outcome != DeploymentOutcome.Aborted)
        {
            events.Warning($"Deployment {id} already ended ({record.Outcome}: {record.Reason}); nothing to resume.");
            return record;
        }

        if (record.ProjectId != project.ProjectId)
        {
            throw new JobFinderException("DeploymentProjectMismatch", ErrorKind.InvalidArgument, $"Deployment {id} is of {record.ProjectId}, not {project.ProjectId}.", id);
        }

        events.Verbose($"Resuming deployment {id} after step {record.Steps.LastOrDefault()?.Name ?? "(none)"}.");
        var resumeOptions = options with
        {
            Only = record.Only,
            Force = record.Force,
            PruneIndexes = record.PruneIndexes,
            TrafficSteps = record.TrafficSteps,
            BakeTime = record.BakeTime,
            ThrottleLimit = record.ThrottleLimit,
        };
        var prepared = await PrepareAsync(resumeOptions, events, cancellationToken).ConfigureAwait(false);
        try
        {
            var run = new DeploymentRun(client.WithEvents(events), events, resumeOptions, prepared, new DeploymentState(record), new CanarySmoke(client.WithEvents(events), resumeOptions, events));
            return await run.ExecuteAsync(resumed: true, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            DeploymentPlanner.TryDelete(prepared.WorkDirectory);
        }
    }

    /// <summary>Who holds the project's deployment lock now (null when free), so the cmdlet can ask
    /// before breaking a stale one.</summary>
    public async Task<LockOwner?> ReadLockAsync(JobFinderProject project, CancellationToken cancellationToken)
    {
        var deploymentLock = new DeploymentLock(client, BackupBucket.NameOf(project.Settings.Backup.Bucket), project.ProjectId, client.Events);
        return (await deploymentLock.ReadAsync(cancellationToken).ConfigureAwait(false)).Owner;
    }

    /// <summary>The project's deployment journal (local copy and bucket).</summary>
    public DeploymentJournal Journal(JobFinderProject project, IEngineEventSink events) => JournalFor(project, client.WithEvents(events), events);

    internal static DeploymentJournal JournalFor(JobFinderProject project, GoogleRestClient? client, IEngineEventSink events) =>
        new(project.RootPath, client, BackupBucket.NameOf(project.Settings.Backup.Bucket), events);

    /// <summary>The functions the plan creates or updates: their smoke checks will run.</summary>
    private static IReadOnlySet<string> DeployedFunctionIds(PreparedDeployment prepared) =>
        prepared.Functions.Where(f => f.Change.Action is PlannedChangeAction.Create or PlannedChangeAction.Update).Select(f => f.Change.FunctionId).ToHashSet(StringComparer.Ordinal);

    internal static int ThrottleOf(DeploymentOptions options)
    {
        var limit = options.ThrottleLimit ?? options.Project.Settings.Rollout.ThrottleLimit;
        return limit >= 1 ? limit : throw new JobFinderException("ThrottleLimitInvalid", ErrorKind.InvalidArgument, $"ThrottleLimit must be at least 1, not {limit}.", limit);
    }

    private async Task<PreparedDeployment> PrepareAsync(DeploymentOptions options, IEngineEventSink events, CancellationToken cancellationToken)
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
        events.Progress(new ProgressInfo(ProgressId, $"Deploying {options.Project.ProjectId}", "Planning: reading live state, packaging, compiling rules"));
        var planner = new DeploymentPlanner(client.WithEvents(events), events);
        return await planner.PrepareAsync(options.Project, targets, strategy, steps, bake, options.Force, options.PruneIndexes, cancellationToken).ConfigureAwait(false);
    }
}
