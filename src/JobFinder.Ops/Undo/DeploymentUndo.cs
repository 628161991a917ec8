using System.Diagnostics;
using System.Globalization;
using JobFinder.Ops.Errors;
using JobFinder.Ops.Events;
using JobFinder.Ops.Google;
using JobFinder.Ops.Google.Errors;
using JobFinder.Ops.Google.Functions;
using JobFinder.Ops.Model;
using JobFinder.Ops.Rollout;
using JobFinder.Ops.Smoke;

namespace JobFinder.Ops.Undo;

/// <summary>Undoes a deployment from its journal record alone (docs/ROLLBACK.md): every function's
/// traffic back to its recorded previous split and every moved rules release back to its previous
/// ruleset, all in ONE parallel step; functions the deployment created deleted; functions it deleted
/// recreated from the backup's config; then the smoke checks against live. The undo is journaled as a
/// <see cref="DeploymentRecord"/> of kind <c>Rollback</c>. It only changes what differs from the
/// recorded previous state, so running it again makes no mutating call at all.</summary>
public sealed class DeploymentUndo(GoogleRestClient client)
{
    /// <summary>A deployment of <paramref name="project"/> from the journal (local copy or bucket): by id
    /// (a record of another project is refused), or the newest deployment (not an undo) when
    /// <paramref name="id"/> is null.</summary>
    public async Task<DeploymentRecord> FindAsync(JobFinderProject project, string? id, CancellationToken cancellationToken)
    {
        var journal = JournalOf(project);
        if (id is not null)
        {
            return await journal.FindAsync(id, project, cancellationToken).ConfigureAwait(false);
        }

        var all = await journal.ListAsync(cancellationToken).ConfigureAwait(false);
        return all.FirstOrDefault(r => r.Kind == "Deploy")
            ?? throw new JobFinderException("DeploymentNotFound", ErrorKind.ObjectNotFound, $"The journal of {project.ProjectId} ({journal.LocalDirectory} and the backup bucket) holds no deployment.", project.ProjectId);
    }

    /// <summary>What the undo would change (reads only): what -WhatIf shows.</summary>
    public Task<UndoPlan> PlanAsync(DeploymentRecord deployment, CancellationToken cancellationToken)
    {
        Validate(deployment);
        return new UndoPlanner(client).PlanAsync(deployment, cancellationToken);
    }

    /// <summary>Plans and carries out the undo of <paramref name="deployment"/>.</summary>
    public async Task<DeploymentRecord> UndoAsync(DeploymentRecord deployment, UndoOptions options, CancellationToken cancellationToken)
    {
        var plan = await PlanAsync(deployment, cancellationToken).ConfigureAwait(false);
        return await ExecuteAsync(plan, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Carries out a plan from <see cref="PlanAsync"/>. An empty plan makes no mutating call
    /// (no lock, no journal write): the earlier undo's record is returned when the journal has one.</summary>
    public async Task<DeploymentRecord> ExecuteAsync(UndoPlan plan, UndoOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(options);
        var deployment = plan.Deployment;
        var project = options.Project;
        DeploymentOwnership.Ensure(deployment, project);

        if (plan.IsEmpty)
        {
            return await AlreadyUndoneAsync(plan, options, client, cancellationToken).ConfigureAwait(false);
        }

        var backup = plan.Recreates.Count == 0 ? null : options.Backup ?? await FindBackupAsync(client, project, deployment, cancellationToken).ConfigureAwait(false);
        var bucket = BackupBucket.NameOf(project.Settings.Backup.Bucket);
        var deploymentLock = new DeploymentLock(client, bucket, project.ProjectId);
        await RefuseWhileRunningAsync(deploymentLock, deployment, cancellationToken).ConfigureAwait(false);
        // The undo holds the lock under the undone deployment's id: a lock left by its killed process is taken over.
        await deploymentLock.AcquireAsync(LockOwner.Current(deployment.Id, project.ProjectId), project.Settings.Rollout.LockStaleAfter, _ => false, cancellationToken).ConfigureAwait(false);

        var state = new DeploymentState(NewRecord(deployment, project));
        var journal = DeploymentJournal.For(project, client, client.Events);
        var run = new UndoRun(client, options, state, journal, backup);
        try
        {
            await run.ExecuteAsync(plan, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            state.End(DeploymentOutcome.Aborted, $"Stopped by the user. Run {DeploymentOwnership.UndoCommand(deployment)} again to finish the undo.");
        }
        finally
        {
            using var cleanup = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var unlock = state.StartStep(DeploymentStepKind.Unlock, "Release the deployment lock");
            try
            {
                await deploymentLock.ReleaseAsync(deployment.Id, cleanup.Token).ConfigureAwait(false);
                state.EndStep(unlock, DeploymentStepState.Completed);
            }
            catch (Exception ex) when (ex is JobFinderException or OperationCanceledException or HttpRequestException)
            {
                state.EndStep(unlock, DeploymentStepState.Failed, $"The lock could not be released ({ex.Message}).");
            }

            await journal.WriteAsync(state.Snapshot(), CancellationToken.None).ConfigureAwait(false);
            client.Events.Progress(new ProgressInfo(ProgressIds.Undo, $"Undoing {deployment.Id}", "Done", 100, Completed: true));
        }

        var result = state.Snapshot();
        await run.NotifyEndAsync(result).ConfigureAwait(false);
        return result;
    }

    private DeploymentJournal JournalOf(JobFinderProject project) => DeploymentJournal.For(project, client, client.Events);

    private static void Validate(DeploymentRecord deployment)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        if (deployment.Kind == "Rollback")
        {
            throw new JobFinderException("UndoOfRollback", ErrorKind.InvalidOperation,
                $"{deployment.Id} is itself an undo (of {deployment.UndoOf}); deploy the release again instead of undoing an undo.", deployment.Id);
        }
    }

    private static DeploymentRecord NewRecord(DeploymentRecord deployment, JobFinderProject project)
    {
        var now = DateTimeOffset.UtcNow;
        var id = DeploymentIds.New(now);
        return new DeploymentRecord
        {
            Id = id,
            Kind = "Rollback",
            UndoOf = deployment.Id,
            ProjectId = deployment.ProjectId,
            Environment = deployment.Environment ?? project.Environment,
            ProjectRoot = project.RootPath,
            Owner = LockOwner.Current(id, project.ProjectId).User + $" (pid {Environment.ProcessId})",
            Strategy = deployment.Strategy,
            TrafficSteps = [0],
            BakeTime = TimeSpan.Zero,
            ThrottleLimit = deployment.ThrottleLimit,
            Only = deployment.Only,
            Outcome = DeploymentOutcome.InProgress,
            BackupId = deployment.BackupId,
            StartedAt = now,
        };
    }

    /// <summary>The backup holding the configuration of the functions <paramref name="deployment"/> deleted:
    /// the one it recorded (UndoBackupRequired when it recorded none).</summary>
    internal static async Task<BackupManifest> FindBackupAsync(GoogleRestClient client, JobFinderProject project, DeploymentRecord deployment, CancellationToken cancellationToken) =>
        deployment.BackupId is { } backupId
            ? await BackupLocator.FindAsync(client, project, backupId, cancellationToken).ConfigureAwait(false)
            : throw new JobFinderException("UndoBackupRequired", ErrorKind.InvalidOperation,
                $"Deployment {deployment.Id} deleted functions but recorded no backup (-SkipBackup); their configuration (with environment values) is only in a backup.", deployment.Id)
            { RecommendedAction = "Pass a backup that holds them with -Backup, or deploy their source again." };

    /// <summary>A deployment whose process is still alive on this machine is not undone under its feet.</summary>
    private static async Task RefuseWhileRunningAsync(DeploymentLock deploymentLock, DeploymentRecord deployment, CancellationToken cancellationToken)
    {
        var (holder, _) = await deploymentLock.ReadAsync(cancellationToken).ConfigureAwait(false);
        if (holder is null || holder.DeploymentId != deployment.Id || holder.ProcessId == Environment.ProcessId
            || holder.User != $"{Environment.UserName}@{Environment.MachineName}" || !IsAlive(holder.ProcessId))
        {
            return;
        }

        throw new JobFinderException("DeploymentStillRunning", ErrorKind.ResourceBusy,
            $"Deployment {deployment.Id} is still running (pid {holder.ProcessId} on this machine holds {deploymentLock.Uri}).", deployment.Id)
        { RecommendedAction = "Stop it first (Ctrl+C rolls it back by itself), then undo." };
    }

    private static bool IsAlive(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private async Task<DeploymentRecord> AlreadyUndoneAsync(UndoPlan plan, UndoOptions options, GoogleRestClient connected, CancellationToken cancellationToken)
    {
        var deployment = plan.Deployment;
        client.Events.Information($"Deployment {deployment.Id}: {plan.Summary}.", "Undo");
        var journal = DeploymentJournal.For(options.Project, connected, client.Events);
        var earlier = (await journal.ListAsync(cancellationToken).ConfigureAwait(false)).FirstOrDefault(r => r.Kind == "Rollback" && r.UndoOf == deployment.Id);
        var record = earlier ?? NewRecord(deployment, options.Project) with
        {
            Outcome = DeploymentOutcome.Succeeded,
            Reason = plan.Summary,
            EndedAt = DateTimeOffset.UtcNow,
        };
        if (options.Verify && await UndoRun.SmokeAsync(connected, options, cancellationToken).ConfigureAwait(false) is { Passed: false } smoke)
        {
            client.Events.Warning(SmokeCredentialTriage.FailedBeyond(smoke, smoke.CredentialProblem)
                ? $"Nothing was left to undo, but the smoke checks fail against live: {smoke.Summary}."
                : $"Nothing was left to undo; the smoke checks could not judge live: {smoke.CredentialProblem?.Summary}");
        }

        return record;
    }

    /// <summary>One execution of an undo plan over its journal state.</summary>
    private sealed class UndoRun(GoogleRestClient client, UndoOptions options, DeploymentState state, DeploymentJournal journal, BackupManifest? backup)
    {
        private readonly RollbackActions _actions = new(client, options.ThrottleLimit);

        public async Task ExecuteAsync(UndoPlan plan, CancellationToken cancellationToken)
        {
            var deployment = plan.Deployment;
            var lockStep = state.StartStep(DeploymentStepKind.Lock, $"Take the deployment lock to undo {deployment.Id}");
            state.EndStep(lockStep, DeploymentStepState.Completed);
            await journal.WriteAsync(state.Snapshot(), cancellationToken).ConfigureAwait(false);
            client.Events.Information($"Undoing deployment {deployment.Id} ({deployment.Outcome}) of {deployment.ProjectId}: {plan.Summary}.", "Undo");
            foreach (var note in plan.NotUndone)
            {
                client.Events.Verbose("Not undone: " + note);
            }

            await NotifyAsync(NotificationPhase.Started, cancellationToken).ConfigureAwait(false);
            try
            {
                await RestoreTrafficAndRulesAsync(plan, cancellationToken).ConfigureAwait(false);
                await DeleteCreatedAsync(plan, cancellationToken).ConfigureAwait(false);
                await RecreateDeletedAsync(plan, cancellationToken).ConfigureAwait(false);
                var smoke = await VerifyAsync(cancellationToken).ConfigureAwait(false);
                var summary = string.Create(CultureInfo.InvariantCulture,
                    $"Undid {deployment.Id}: {plan.Traffic.Count} traffic split(s) and {plan.Rules.Count} rules release(s) restored, {state.Functions.Count(f => f.Deleted)} function(s) deleted, {state.Functions.Count(f => f.Created)} recreated{(smoke is null ? "" : "; smoke " + smoke.Summary)}. Not undone: {string.Join(" ", plan.NotUndone)}");
                if (smoke?.CredentialProblem is { } credentials)
                {
                    // Checks that could not sign in say nothing about live; the undo is judged by the others.
                    client.Events.Warning(credentials.Summary);
                }

                var failing = smoke is not null && SmokeCredentialTriage.FailedBeyond(smoke, smoke.CredentialProblem);
                state.End(failing ? DeploymentOutcome.Failed : DeploymentOutcome.Succeeded,
                    failing ? $"The undo finished but the smoke checks fail against live: {smoke!.Summary}" : summary);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is JobFinderException or HttpRequestException or IOException or TimeoutException)
            {
                state.End(DeploymentOutcome.Failed, $"The undo of {deployment.Id} stopped: {ex.Message}. Run {DeploymentOwnership.UndoCommand(deployment)} again: it only redoes what is still different.");
            }
        }

        public async Task NotifyEndAsync(DeploymentRecord result)
        {
            if (options.Notify is null)
            {
                return;
            }

            var phase = result.Outcome == DeploymentOutcome.Succeeded ? NotificationPhase.Completed : NotificationPhase.Failed;
            await options.Notifier.NotifyAsync(options.Notify, phase, result, null, client.Events, CancellationToken.None).ConfigureAwait(false);
        }

        public static async Task<SmokeReport?> SmokeAsync(GoogleRestClient client, UndoOptions options, CancellationToken cancellationToken)
        {
            if (options.Project.Settings.Smoke.Checks.Count == 0)
            {
                client.Events.Verbose("The project has no smoke checks; the undo is verified by the live state only.");
                return null;
            }

            return await new SmokeRunner(client).RunAsync(options.Project, new SmokeRunOptions { Target = SmokeTarget.Live, User = options.SmokeUser, Environment = options.SmokeEnvironment }, cancellationToken).ConfigureAwait(false);
        }

        private async Task NotifyAsync(NotificationPhase phase, CancellationToken cancellationToken)
        {
            if (options.Notify is not null)
            {
                await options.Notifier.NotifyAsync(options.Notify, phase, state.Snapshot(), null, client.Events, cancellationToken).ConfigureAwait(false);
            }
        }

        private async Task StepAsync(DeploymentStepKind kind, string name, Func<Task<string?>> body)
        {
            var step = state.StartStep(kind, name, kind == DeploymentStepKind.Rollback ? 0 : null);
            client.Events.Progress(new ProgressInfo(ProgressIds.Undo, $"Undoing {state.Snapshot().UndoOf}", name));
            await journal.WriteAsync(state.Snapshot()).ConfigureAwait(false);
            string? message;
            try
            {
                message = await body().ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                state.EndStep(step, DeploymentStepState.Failed, ex is OperationCanceledException ? "stopped by the user" : ex.Message);
                await journal.WriteAsync(state.Snapshot()).ConfigureAwait(false);
                throw;
            }

            state.EndStep(step, DeploymentStepState.Completed, message);
            await journal.WriteAsync(state.Snapshot()).ConfigureAwait(false);
        }

        /// <summary>The one step that matters on a bad day: every split and every release at once.</summary>
        private async Task RestoreTrafficAndRulesAsync(UndoPlan plan, CancellationToken cancellationToken)
        {
            if (plan.Traffic.Count + plan.Rules.Count + plan.Companions.Count + plan.FieldOverrides.Count == 0)
            {
                return;
            }

            await StepAsync(DeploymentStepKind.Rollback, $"Restore {plan.Traffic.Count} traffic split(s), {plan.Rules.Count} rules release(s), {plan.Companions.Count} invoker/schedule change(s) and {plan.FieldOverrides.Count} field override(s) at once", async () =>
            {
                foreach (var restored in await _actions.RestoreTrafficAndRulesAsync(plan, cancellationToken).ConfigureAwait(false))
                {
                    var undone = plan.Deployment.Functions.First(f => f.ServiceName == restored.Change.ServiceName);
                    state.Put(new FunctionDeploymentRecord
                    {
                        FunctionId = undone.FunctionId,
                        Region = undone.Region,
                        FunctionName = undone.FunctionName,
                        Action = PlannedChangeAction.Update,
                        ServiceName = restored.Change.ServiceName,
                        StableRevision = undone.StableRevision,
                        PreviousTraffic = TrafficController.Allocations(restored.Before),
                        NewRevision = undone.NewRevision,
                        CanaryPercent = 0,
                    });
                }

                foreach (var change in plan.Rules)
                {
                    state.PutRules(new RulesReleaseRecord
                    {
                        Service = RollbackActions.RulesServiceOf(change.ReleaseName),
                        ReleaseName = change.ReleaseName,
                        File = plan.Deployment.Rules.FirstOrDefault(r => r.ReleaseName == change.ReleaseName)?.File ?? "(journal)",
                        PreviousRuleset = change.CurrentRuleset,
                        NewRuleset = change.PreviousRuleset,
                        Released = true,
                    });
                }

                return string.Join("; ", plan.Traffic.Select(t => t.ToString()).Concat(plan.Rules.Select(r => r.ToString())).Concat(plan.Companions.Select(c => c.ToString())).Concat(plan.FieldOverrides.Select(f => f.ToString())));
            }).ConfigureAwait(false);
            await NotifyAsync(NotificationPhase.RolledBack, cancellationToken).ConfigureAwait(false);
        }

        private async Task DeleteCreatedAsync(UndoPlan plan, CancellationToken cancellationToken)
        {
            var confirmed = plan.Deletes.Where(d =>
            {
                if (options.ConfirmDelete(d))
                {
                    return true;
                }

                client.Events.Warning($"{d.FunctionId} was created by {plan.Deployment.Id} and is kept (not confirmed).");
                return false;
            }).ToArray();
            if (confirmed.Length == 0)
            {
                return;
            }

            await StepAsync(DeploymentStepKind.DeleteFunctions, $"Delete {confirmed.Length} function(s) the deployment created", async () =>
            {
                foreach (var removed in await _actions.DeleteCreatedAsync(confirmed, cancellationToken).ConfigureAwait(false))
                {
                    state.Put(new FunctionDeploymentRecord
                    {
                        FunctionId = removed.Change.FunctionId,
                        Region = removed.Change.Region,
                        FunctionName = removed.Change.FunctionName,
                        Action = PlannedChangeAction.Delete,
                        Deleted = true,
                        PreviousConfigJson = removed.PreviousConfigJson,
                    });
                }

                return string.Join(", ", confirmed.Select(d => d.FunctionId));
            }).ConfigureAwait(false);
        }

        private async Task RecreateDeletedAsync(UndoPlan plan, CancellationToken cancellationToken)
        {
            if (plan.Recreates.Count == 0)
            {
                return;
            }

            await StepAsync(DeploymentStepKind.DeployFunctions, $"Recreate {plan.Recreates.Count} function(s) the deployment deleted, from backup {backup!.Id}", async () =>
            {
                foreach (var recreated in await _actions.RecreateDeletedAsync(plan.Recreates, backup, cancellationToken).ConfigureAwait(false))
                {
                    state.Put(recreated);
                }

                return string.Join(", ", state.Functions.Where(f => f.Created).Select(f => $"{f.FunctionId}={f.NewRevision}"));
            }).ConfigureAwait(false);
        }

        private async Task<SmokeReport?> VerifyAsync(CancellationToken cancellationToken)
        {
            if (!options.Verify || options.Project.Settings.Smoke.Checks.Count == 0)
            {
                return null;
            }

            SmokeReport? report = null;
            await StepAsync(DeploymentStepKind.SmokeCanary, "Smoke-test live after the undo", async () =>
            {
                report = await SmokeAsync(client, options, cancellationToken).ConfigureAwait(false);
                return report?.Summary;
            }).ConfigureAwait(false);
            return report;
        }
    }
}
