using System.Globalization;
using JobFinder.Ops.Errors;
using JobFinder.Ops.Events;
using JobFinder.Ops.Google;
using JobFinder.Ops.Google.Functions;
using JobFinder.Ops.Model;
using JobFinder.Ops.Notifications;
using JobFinder.Ops.Undo;
using JobFinder.Ops.Smoke;

namespace JobFinder.Ops.Rollout;

/// <summary>One execution of a deployment, fresh or resumed, over a <see cref="DeploymentState"/>.
/// Phases skip what the journal (or live state) says is done; a failure anywhere after the lock sends
/// every function back to its stable revision and the rules to their previous rulesets in one step.</summary>
internal sealed class DeploymentRun
{
    private readonly GoogleRestClient _client;
    private readonly IEngineEventSink _events;
    private readonly DeploymentOptions _options;
    private readonly PreparedDeployment _prepared;
    private readonly DeploymentState _state;
    private readonly DeploymentJournal _journal;
    private readonly FunctionRollout _rollout;
    private readonly FunctionCompanions _companions;
    private readonly CanaryAnalyzer _analyzer;
    private readonly CanarySmoke _smoke;
    private readonly AnalysisThresholds _thresholds;
    private readonly int _throttle;
    private readonly IReadOnlyList<int> _steps;
    private readonly TimeSpan _bake;

    public DeploymentRun(GoogleRestClient client, DeploymentOptions options, PreparedDeployment prepared, DeploymentState state, CanarySmoke smoke)
    {
        _smoke = smoke;
        _client = client;
        _events = client.Events;
        _options = options;
        _prepared = prepared;
        _state = state;
        _journal = DeploymentJournal.For(options.Project, client, client.Events);
        _rollout = new FunctionRollout(client, new SourceUploads(new CloudFunctionsApi(client), options.Project.ProjectId));
        _companions = new FunctionCompanions(client);
        _analyzer = new CanaryAnalyzer(client);
        _thresholds = options.Thresholds ?? options.Project.Settings.Analysis;
        _throttle = RolloutEngine.ThrottleOf(options);
        (_, _steps, _bake) = options.ResolveStrategy();
    }

    private JobFinderProject Project => _options.Project;

    private IEnumerable<FunctionDeploymentRecord> Updates => _state.Functions.Where(f => f.Action == PlannedChangeAction.Update);

    public async Task<DeploymentRecord> ExecuteAsync(bool resumed, CancellationToken cancellationToken)
    {
        var bucket = BackupBucket.NameOf(Project.Settings.Backup.Bucket);
        var deploymentLock = new DeploymentLock(_client, bucket, Project.ProjectId);
        await deploymentLock.AcquireAsync(LockOwner.Current(_state.Id, Project.ProjectId), Project.Settings.Rollout.LockStaleAfter, _options.MayBreakStaleLock, cancellationToken).ConfigureAwait(false);
        try
        {
            _state.Reopen();
            var lockStep = _state.StartStep(DeploymentStepKind.Lock, resumed ? "Take over the deployment lock (resume)" : "Take the deployment lock");
            _state.EndStep(lockStep, DeploymentStepState.Completed, deploymentLock.Uri);
            RegisterFunctions();
            await WriteAsync().ConfigureAwait(false);
            _events.Information($"Deployment {_state.Id} of {Project.ProjectId}: {_prepared.Plan.CreateCount} to create, {_prepared.Plan.UpdateCount} to update, {_prepared.Plan.DeleteCount} to delete, steps {string.Join("→", _steps)}.", "Deployment");
            await NotifyAsync(NotificationPhase.Started, cancellationToken).ConfigureAwait(false);

            if (_state.Steps.LastOrDefault(s => s.Kind == DeploymentStepKind.Rollback) is { State: not DeploymentStepState.Completed } unfinished)
            {
                await RollbackAsync(unfinished.Message ?? "resumed an unfinished rollback", cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await RolloutAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            var open = _state.Steps.LastOrDefault(s => s.State == DeploymentStepState.Started);
            if (open is not null)
            {
                _state.EndStep(open, DeploymentStepState.Failed, "stopped by the user");
            }

            _state.End(DeploymentOutcome.Aborted, $"Stopped by the user during '{open?.Name ?? "start"}'. Traffic is as that step left it: finish with {DeploymentOwnership.ResumeCommand(_state.Snapshot())}, or restore with {DeploymentOwnership.UndoCommand(_state.Snapshot())}.");
        }
        finally
        {
            // Unlocking and the last journal write must happen even when the user pressed Ctrl+C; they are short.
            using var cleanup = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var unlock = _state.StartStep(DeploymentStepKind.Unlock, "Release the deployment lock");
            try
            {
                await deploymentLock.ReleaseAsync(_state.Id, cleanup.Token).ConfigureAwait(false);
                _state.EndStep(unlock, DeploymentStepState.Completed);
            }
            catch (Exception ex) when (ex is JobFinderException or OperationCanceledException or HttpRequestException)
            {
                _state.EndStep(unlock, DeploymentStepState.Failed, $"The lock could not be released ({ex.Message}); it turns stale after {Project.Settings.Rollout.LockStaleAfter.TotalMinutes:0} minutes.");
            }

            await WriteAsync().ConfigureAwait(false);
            _events.Progress(new ProgressInfo(ProgressIds.Deployment, $"Deploying {Project.ProjectId}", "Done", 100, Completed: true));
        }

        // The outcome is told also after Ctrl+C (Aborted): stakeholders who heard the start must hear the end.
        await NotifyAsync(_state.Snapshot().Outcome switch
        {
            DeploymentOutcome.Succeeded => NotificationPhase.Completed,
            DeploymentOutcome.RolledBack => NotificationPhase.RolledBack,
            _ => NotificationPhase.Failed,
        }, CancellationToken.None).ConfigureAwait(false);
        return _state.Snapshot();
    }

    private async Task RolloutAsync(CancellationToken cancellationToken)
    {
        try
        {
            await IndexesAsync(cancellationToken).ConfigureAwait(false);
            await FieldOverridesAsync(cancellationToken).ConfigureAwait(false);
            await RulesAsync(cancellationToken).ConfigureAwait(false);
            await PinAsync(cancellationToken).ConfigureAwait(false);
            await DeployFunctionsAsync(cancellationToken).ConfigureAwait(false);
            await SmokeCanaryAsync(cancellationToken).ConfigureAwait(false);
            await TrafficStepsAsync(cancellationToken).ConfigureAwait(false);
            await DeleteFunctionsAsync(cancellationToken).ConfigureAwait(false);
            var functions = _state.Functions;
            _state.End(DeploymentOutcome.Succeeded, string.Create(CultureInfo.InvariantCulture,
                $"{functions.Count(f => f.Action == PlannedChangeAction.Update)} updated, {functions.Count(f => f.Created)} created, {functions.Count(f => f.Deleted)} deleted; {_state.Rules.Count(r => r.Released)} rules release(s) moved; {_state.Snapshot().IndexesCreated.Count} index(es) created."));
        }
        catch (SmokeCredentialsException ex) when (!cancellationToken.IsCancellationRequested)
        {
            // Not the release's failure: production is put back as it was, and the record says why.
            await RollbackAsync(ex.Message, cancellationToken, ex.Problem).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is JobFinderException or HttpRequestException or IOException or TimeoutException)
        {
            await RollbackAsync(ex.Message, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Journal entries for every function this deployment touches (kept as they are on resume).</summary>
    private void RegisterFunctions()
    {
        foreach (var work in _prepared.Functions.Where(f => f.Change.Action is PlannedChangeAction.Create or PlannedChangeAction.Update or PlannedChangeAction.Delete))
        {
            var key = DeploymentState.KeyOf(work.Change.FunctionId, work.Change.Region);
            if (_state.Function(key) is null)
            {
                _state.Put(new FunctionDeploymentRecord
                {
                    FunctionId = work.Change.FunctionId,
                    Region = work.Change.Region,
                    FunctionName = work.Name(Project.ProjectId).ToString(),
                    Action = work.Change.Action,
                    SourceHash = work.Change.SourceHash,
                    ServiceName = work.Live?.ServiceConfig?.Service,
                });
            }
        }
    }

    private FunctionWork WorkOf(FunctionDeploymentRecord function) =>
        _prepared.Functions.FirstOrDefault(w => w.Change.FunctionId == function.FunctionId && w.Change.Region == function.Region)
        ?? throw new JobFinderDeploymentException($"Function {function.FunctionId} ({function.Region}) of the journal is no longer in the source; undo the deployment instead of resuming it.", function.FunctionName);

    private bool Completed(DeploymentStepKind kind) => _state.Steps.Any(s => s.Kind == kind && s.State == DeploymentStepState.Completed);

    private async Task StepAsync(DeploymentStepKind kind, string name, int? percent, Func<Task<string?>> body)
    {
        var step = _state.StartStep(kind, name, percent);
        Progress(name);
        await WriteAsync().ConfigureAwait(false);
        string? message;
        try
        {
            message = await body().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            _state.EndStep(step, DeploymentStepState.Failed, ex is OperationCanceledException ? "stopped by the user" : ex.Message);
            await WriteAsync().ConfigureAwait(false);
            throw;
        }

        _state.EndStep(step, DeploymentStepState.Completed, message);
        await WriteAsync().ConfigureAwait(false);
    }

    private Task ForEachAsync<T>(IEnumerable<T> items, CancellationToken cancellationToken, Func<T, CancellationToken, Task> body) =>
        Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = _throttle, CancellationToken = cancellationToken }, async (item, token) => await body(item, token).ConfigureAwait(false));

    private async Task IndexesAsync(CancellationToken cancellationToken)
    {
        var create = _prepared.Indexes.Where(i => i.Change.Action == PlannedChangeAction.Create).ToArray();
        var delete = _prepared.Indexes.Where(i => i.Change.Action == PlannedChangeAction.Delete).ToArray();
        foreach (var extra in _prepared.Indexes.Where(i => i.Change.Action == PlannedChangeAction.Extra))
        {
            _events.Warning($"Index {extra.Change.Name} is live but not in the indexes file; kept (use -PruneIndexes to delete it).");
        }

        if (create.Length + delete.Length == 0)
        {
            return;
        }

        var builder = new IndexBuilder(_client);
        await StepAsync(DeploymentStepKind.Indexes, $"Create {create.Length} index(es), wait for READY", null, async () =>
        {
            await ForEachAsync(create, cancellationToken, async (work, token) =>
            {
                if (await builder.CreateAsync(work, token).ConfigureAwait(false) is { } name)
                {
                    _state.IndexCreated(name);
                }
            }).ConfigureAwait(false);
            await ForEachAsync(delete, cancellationToken, async (work, token) =>
            {
                await builder.DeleteAsync(work, token).ConfigureAwait(false);
                _state.IndexDeleted(work.Change.Name!);
            }).ConfigureAwait(false);
            return $"{create.Length} created and READY, {delete.Length} deleted";
        }).ConfigureAwait(false);
    }

    /// <summary>Patches every declared single-field override that differs from what is live (TTL policy,
    /// single-field indexes) and waits for each operation, as the indexes are awaited: new code may rely
    /// on them. The previous config is journaled before each patch, so a rollback or an undo can put it
    /// back. Live overrides the file does not declare are kept and named.</summary>
    private async Task FieldOverridesAsync(CancellationToken cancellationToken)
    {
        foreach (var extra in _prepared.FieldOverrides.Where(f => f.Change.Action == PlannedChangeAction.Extra))
        {
            _events.Warning($"Field override {extra.Change.CollectionGroup}.{extra.Change.FieldPath} ({extra.Change.Live}) is live but not in the indexes file; kept.");
        }

        var changed = _prepared.FieldOverrides.Where(f => f.Change.Action is PlannedChangeAction.Create or PlannedChangeAction.Update).ToArray();
        if (changed.Length == 0)
        {
            return;
        }

        var firestore = new Google.Firestore.FirestoreAdminApi(_client);
        await StepAsync(DeploymentStepKind.FieldOverrides, $"Patch {changed.Length} field override(s) (TTL, single-field indexes), wait for each", null, async () =>
        {
            await ForEachAsync(changed, cancellationToken, async (work, token) =>
            {
                _state.FieldOverridePatched(new FieldOverrideRecord
                {
                    Name = work.FieldName,
                    PreviousConfig = work.Live is null ? null : FieldOverrideConfig.Serialize(work.Live),
                    Applied = $"indexes [{work.Change.Indexes}]{(work.Change.Ttl ? ", TTL" : "")}",
                });
                await WriteAsync().ConfigureAwait(false);
                var operation = await firestore.PatchFieldAsync(work.Definition!.ToField() with { Name = work.FieldName }, cancellationToken: token).ConfigureAwait(false);
                await firestore.WaitForFieldAsync(operation, cancellationToken: token).ConfigureAwait(false);
            }).ConfigureAwait(false);
            return string.Join(", ", changed.Select(c => $"{c.Change.CollectionGroup}.{c.Change.FieldPath} {c.Change.Action}"));
        }).ConfigureAwait(false);
    }

    private async Task RulesAsync(CancellationToken cancellationToken)
    {
        var changed = _prepared.Rules.Where(r => r.Change.Action != PlannedChangeAction.Unchanged).ToArray();
        if (changed.Length == 0)
        {
            return;
        }

        var releaser = new RulesReleaser(_client);
        await StepAsync(DeploymentStepKind.ReleaseRules, $"Release {changed.Length} rules file(s)", null, async () =>
        {
            await ForEachAsync(changed, cancellationToken, async (work, token) =>
            {
                var record = _state.Rules.FirstOrDefault(r => r.ReleaseName == work.Change.ReleaseName) ?? new RulesReleaseRecord
                {
                    Service = work.Change.Service,
                    ReleaseName = work.Change.ReleaseName,
                    File = work.Change.File,
                    PreviousRuleset = work.Change.CurrentRuleset,
                };
                _state.PutRules(record);
                _state.PutRules(await releaser.ReleaseAsync(record, work.Source, Project.ProjectId, token).ConfigureAwait(false));
            }).ConfigureAwait(false);
            return string.Join(", ", _state.Rules.Select(r => $"{r.ReleaseName} -> {r.NewRuleset}"));
        }).ConfigureAwait(false);
    }

    private async Task PinAsync(CancellationToken cancellationToken)
    {
        var updates = Updates.ToArray();
        if (updates.Length == 0)
        {
            return;
        }

        await StepAsync(DeploymentStepKind.PinTraffic, $"Pin {updates.Length} function(s) to their serving revision (tag stable)", null, async () =>
        {
            await ForEachAsync(updates, cancellationToken, async (function, token) =>
            {
                var key = DeploymentState.KeyOf(function.FunctionId, function.Region);
                var pinned = await _rollout.PinAsync(_state.Function(key)!, async previous =>
                {
                    _state.Put(previous);
                    await WriteAsync().ConfigureAwait(false);
                }, token).ConfigureAwait(false);
                _state.Put(pinned);
            }).ConfigureAwait(false);
            return string.Join(", ", Updates.Select(f => $"{f.FunctionId}={f.StableRevision}"));
        }).ConfigureAwait(false);
    }

    private async Task DeployFunctionsAsync(CancellationToken cancellationToken)
    {
        var pending = _state.Functions.Where(f => f.Action is PlannedChangeAction.Create or PlannedChangeAction.Update && (f.NewRevision is null || f.CanaryUrl is null)).ToArray();
        if (pending.Length == 0)
        {
            return;
        }

        await StepAsync(DeploymentStepKind.DeployFunctions, $"Deploy {pending.Length} function(s): new revisions at 0% (tag canary), new functions created", null, async () =>
        {
            // Before any revision exists: an instance resolves its secrets as it starts.
            await SecretAccessGrants.GrantAsync(_client, Project.ProjectId, pending.Select(f => WorkOf(f).Desired!), cancellationToken).ConfigureAwait(false);
            var done = 0;
            await ForEachAsync(pending, cancellationToken, async (function, token) =>
            {
                var work = WorkOf(function);
                var archive = _prepared.Archives[work.Desired!.Codebase];
                var deployed = function.Action == PlannedChangeAction.Create
                    ? await _rollout.CreateAsync(function, work.Desired, archive, token).ConfigureAwait(false)
                    : await _rollout.UpdateAsync(function, work.Desired, archive, token).ConfigureAwait(false);
                _state.Put(deployed);
                await WriteAsync().ConfigureAwait(false);
                // Its invoker binding and schedule job, before any traffic moves to it (a new function is
                // reachable only once its invoker is bound); what they replace is journaled first.
                deployed = await _companions.ApplyAsync(deployed, work.Desired, JournalAsync, token).ConfigureAwait(false);
                _state.Put(deployed);
                await WriteAsync().ConfigureAwait(false);
                Progress($"Deployed {Interlocked.Increment(ref done)} of {pending.Length} function(s)", done * 100 / pending.Length);
            }).ConfigureAwait(false);
            return string.Join(", ", _state.Functions.Where(f => f.NewRevision is not null).Select(f => $"{f.FunctionId}={f.NewRevision}"));
        }).ConfigureAwait(false);
    }

    /// <summary>The project's smoke checks for the deployed functions, against the canary tag URL of
    /// updated ones (no user traffic yet) and the URL of created ones.</summary>
    private async Task SmokeCanaryAsync(CancellationToken cancellationToken)
    {
        if (Completed(DeploymentStepKind.SmokeCanary))
        {
            return;
        }

        var updated = Updates.Select(f => f.FunctionId).ToHashSet(StringComparer.Ordinal);
        var created = _state.Functions.Where(f => f.Created).Select(f => f.FunctionId).ToHashSet(StringComparer.Ordinal);
        var canaryChecks = _smoke.ChecksOf(updated);
        var createdChecks = _smoke.ChecksOf(created);
        if (canaryChecks.Count + createdChecks.Count == 0)
        {
            if (updated.Count + created.Count > 0)
            {
                _events.Verbose("No smoke check covers the deployed functions; the canary analysis (with probes) judges them.");
            }

            return;
        }

        await StepAsync(DeploymentStepKind.SmokeCanary, $"Smoke-test {canaryChecks.Count} check(s) on the canary tag, {createdChecks.Count} on new functions", null,
            async () => await _smoke.RunAsync(canaryChecks, createdChecks, cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
    }

    private async Task TrafficStepsAsync(CancellationToken cancellationToken)
    {
        var updates = Updates.ToArray();
        if (updates.Length == 0 || Completed(DeploymentStepKind.Promote))
        {
            return;
        }

        var passed = _state.Steps.Where(s => s.Kind == DeploymentStepKind.Analysis && s.State == DeploymentStepState.Completed).Select(s => s.CanaryPercent ?? 0).DefaultIfEmpty(0).Max();
        foreach (var percent in _steps.Where(p => p > passed))
        {
            if (percent == 100)
            {
                await StepAsync(DeploymentStepKind.Promote, "Promote: LATEST 100% (later deploys follow the latest revision)", 100, async () =>
                {
                    await ForEachAsync(Updates.ToArray(), cancellationToken, async (function, token) =>
                    {
                        await _rollout.Traffic.SetAsync(function.ServiceName!, TrafficController.AllToLatest, "promote", token).ConfigureAwait(false);
                        _state.Put(function with { CanaryPercent = 100 });
                    }).ConfigureAwait(false);
                    return $"{updates.Length} function(s) on their new revision";
                }).ConfigureAwait(false);
                return;
            }

            await StepAsync(DeploymentStepKind.Traffic, $"Traffic {percent}% to the canary", percent, async () =>
            {
                await ForEachAsync(Updates.ToArray(), cancellationToken, async (function, token) =>
                {
                    await _rollout.Traffic.SetAsync(function.ServiceName!, TrafficController.Split(function.StableRevision!, function.NewRevision!, percent), $"step {percent}%", token).ConfigureAwait(false);
                    _state.Put(function with { CanaryPercent = percent });
                }).ConfigureAwait(false);
                return $"stable={100 - percent}% canary={percent}% on {updates.Length} function(s)";
            }).ConfigureAwait(false);
            await AnalyzeStepAsync(percent, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Judge every canary on the Monitoring data that becomes visible (CanaryStepAnalysis: the
    /// bake lasts until its data is visible, longer while the sequential test is undecided); Inconclusive
    /// (too little traffic even with probes) bakes again (ExtendBake) up to the limit. The step records
    /// every verdict, also when it fails.</summary>
    private async Task AnalyzeStepAsync(int percent, CancellationToken cancellationToken)
    {
        var step = _state.StartStep(DeploymentStepKind.Analysis, $"Bake {_bake} and analyse at {percent}%", percent);
        await WriteAsync().ConfigureAwait(false);
        var windowStart = DateTimeOffset.UtcNow;
        var pending = Updates.ToArray();
        var verdicts = new List<CanaryVerdict>();
        try
        {
            for (var extension = 0; ; extension++)
            {
                var round = new CanaryVerdict[pending.Length];
                var bake = _bake * (extension + 1);
                using var firstFailure = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                try
                {
                    await ForEachAsync(Enumerable.Range(0, pending.Length), firstFailure.Token, async (i, token) =>
                    {
                        var function = pending[i];
                        var work = WorkOf(function);
                        var target = new CanaryTarget(function.FunctionId, RunServiceId(function.ServiceName!), function.StableRevision!, function.NewRevision!, function.CanaryUrl,
                            work.Desired!.TriggerKind, TimeSpan.FromSeconds(work.Desired.TimeoutSeconds ?? 60));
                        round[i] = await _analyzer.AnalyzeAsync(Project.ProjectId, target, percent, windowStart, bake, _thresholds, extension, token).ConfigureAwait(false);
                        if (round[i].Decision == CanaryDecision.Fail)
                        {
                            // One failed canary rolls the whole release back: the others need not wait.
                            await firstFailure.CancelAsync().ConfigureAwait(false);
                        }
                    }).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && round.Any(v => v?.Decision == CanaryDecision.Fail))
                {
                }

                var decided = round.OfType<CanaryVerdict>().ToArray();
                verdicts.RemoveAll(v => decided.Any(r => r.FunctionId == v.FunctionId));
                verdicts.AddRange(decided);
                if (decided.FirstOrDefault(v => v.Decision == CanaryDecision.Fail) is { } failed)
                {
                    throw new CanaryFailedException(failed);
                }

                var inconclusive = decided.Where(v => v.Decision == CanaryDecision.Inconclusive).ToArray();
                if (inconclusive.Length == 0)
                {
                    break;
                }

                if (_thresholds.InconclusivePolicy == InconclusivePolicy.Fail || extension >= _thresholds.MaxBakeExtensions)
                {
                    throw new CanaryFailedException(inconclusive[0], _thresholds.InconclusivePolicy == InconclusivePolicy.Fail
                        ? "inconclusive and the policy is Fail"
                        : $"still inconclusive after {extension} bake extension(s)");
                }

                _events.Warning($"{string.Join(", ", inconclusive.Select(v => v.FunctionId))} inconclusive at {percent}% ({inconclusive[0].Reason}); baking again ({extension + 1} of {_thresholds.MaxBakeExtensions}).");
                pending = pending.Where(f => inconclusive.Any(v => v.FunctionId == f.FunctionId)).ToArray();
            }
        }
        catch (Exception ex)
        {
            _state.EndStep(step, DeploymentStepState.Failed, ex is OperationCanceledException ? "stopped by the user" : ex.Message, [.. verdicts]);
            await WriteAsync().ConfigureAwait(false);
            if (ex is CanaryFailedException)
            {
                await NotifyAsync(NotificationPhase.CanaryStepFailed, CancellationToken.None).ConfigureAwait(false);
            }

            throw;
        }

        _events.Progress(new ProgressInfo(ProgressIds.DeploymentBake, $"Analysing at {percent}%", "done", 100, Completed: true, ParentActivityId: ProgressIds.Deployment));
        _state.EndStep(step, DeploymentStepState.Completed, $"{verdicts.Count} canary(ies) passed", [.. verdicts]);
        await WriteAsync().ConfigureAwait(false);
        await NotifyAsync(NotificationPhase.CanaryStepPassed, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Tells the webhook, if any, about <paramref name="phase"/> with the record as journaled now.
    /// The notifier never throws for a delivery problem (a warning event instead), so a chat outage can
    /// neither stop nor roll back the deployment; only the caller's cancellation propagates.</summary>
    private async Task NotifyAsync(NotificationPhase phase, CancellationToken cancellationToken)
    {
        if (_options.Notify is { } webhook)
        {
            await _options.Notifier.NotifyAsync(webhook, phase, _state.Snapshot(), new NotificationContext { Thresholds = _thresholds }, _events, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task DeleteFunctionsAsync(CancellationToken cancellationToken)
    {
        var deletes = _state.Functions.Where(f => f.Action == PlannedChangeAction.Delete && !f.Deleted).ToArray();
        if (deletes.Length == 0)
        {
            return;
        }

        await StepAsync(DeploymentStepKind.DeleteFunctions, $"Delete {deletes.Length} function(s) no longer in the source", null, async () =>
        {
            await ForEachAsync(deletes, cancellationToken, async (function, token) =>
            {
                var live = _prepared.Functions.FirstOrDefault(w => w.Change.FunctionId == function.FunctionId && w.Change.Region == function.Region)?.Live;
                var deleted = await _rollout.DeleteAsync(function, live, token).ConfigureAwait(false);
                _state.Put(deleted);
                _state.Put(await _companions.DeleteJobAsync(deleted, JournalAsync, token).ConfigureAwait(false));
            }).ConfigureAwait(false);
            return string.Join(", ", deletes.Select(f => f.FunctionId));
        }).ConfigureAwait(false);
    }

    /// <summary>Back to the state before the deployment, as Undo-JobFinderDeployment defines it
    /// (<see cref="UndoPlanner"/>, carried out by the same <see cref="RollbackActions"/>): every updated
    /// function on its recorded previous split, every moved release on its previous ruleset and every
    /// function this deployment created deleted (it did not exist before; kept, it would go on serving the
    /// failed release on its URL, and the same release deployed again would be skipped as unchanged), all
    /// at once; then the functions it deleted recreated from the backup. An undo of the record afterwards
    /// finds nothing to do. With <paramref name="credentials"/> the same restore ends the deployment
    /// Aborted, not RolledBack: the release was never judged.</summary>
    private async Task RollbackAsync(string reason, CancellationToken cancellationToken, SmokeCredentialProblem? credentials = null)
    {
        _events.Warning(credentials is null
            ? $"Rolling back deployment {_state.Id}: {reason}"
            : $"Stopping deployment {_state.Id} before any traffic moved and restoring what it changed: {reason}");
        var recorded = _state.Snapshot();
        var updated = recorded.Functions.Count(f => f.Action == PlannedChangeAction.Update && f.PreviousTraffic.Count > 0);
        var created = recorded.Functions.Count(f => f.Created && !f.RemovedByRollback);
        var releases = recorded.Rules.Count(r => r.Released && r.PreviousRuleset is not null);
        try
        {
            var what = $"{updated} function(s) to their previous split, {releases} release(s) to their previous rulesets, {created} created function(s) deleted";
            var name = credentials is null
                ? $"Roll back to before the deployment: {what}"
                : $"Restore what the deployment changed: {what} (smoke credentials rejected: the release was not judged)";
            await StepAsync(DeploymentStepKind.Rollback, name, 0, async () =>
            {
                var plan = await new UndoPlanner(_client).PlanAsync(_state.Snapshot(), cancellationToken).ConfigureAwait(false);
                var actions = new RollbackActions(_client, _throttle);
                var restoring = actions.RestoreTrafficAndRulesAsync(plan, cancellationToken);
                var deleting = actions.DeleteCreatedAsync(plan.Deletes, cancellationToken);
                await Task.WhenAll(restoring, deleting).ConfigureAwait(false);
                var recreated = plan.Recreates.Count == 0
                    ? []
                    : await actions.RecreateDeletedAsync(plan.Recreates, _options.Backup ?? await DeploymentUndo.FindBackupAsync(_client, Project, _state.Snapshot(), cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
                RecordRolledBack(plan);
                return RollbackSummary(plan, await deleting.ConfigureAwait(false), recreated);
            }).ConfigureAwait(false);
            if (credentials is null)
            {
                _state.End(DeploymentOutcome.RolledBack, reason);
            }
            else
            {
                _state.End(DeploymentOutcome.Aborted, $"Stopped before any traffic moved, production restored: {reason} Fix the credentials and deploy again.", credentials);
            }
        }
        catch (Exception ex) when (ex is JobFinderException or HttpRequestException or IOException or TimeoutException)
        {
            _state.End(DeploymentOutcome.Failed, $"{reason}; the automatic rollback failed too: {ex.Message}. Run {DeploymentOwnership.UndoCommand(_state.Snapshot())}.");
        }
    }

    /// <summary>The journal after a rollback: no new revision carries traffic, and the functions the
    /// deployment created are marked as removed.</summary>
    private void RecordRolledBack(UndoPlan plan)
    {
        var removed = plan.Deletes.Select(d => d.FunctionName).ToHashSet(StringComparer.Ordinal);
        foreach (var function in _state.Functions)
        {
            if (function.Action == PlannedChangeAction.Update && function.PreviousTraffic.Count > 0)
            {
                _state.Put(function with { CanaryPercent = 0 });
            }
            else if (function.Created && removed.Contains(function.FunctionName))
            {
                _state.Put(function with { CanaryPercent = 0, RemovedByRollback = true });
            }
        }
    }

    private static string RollbackSummary(UndoPlan plan, IReadOnlyList<RemovedFunction> removed, IReadOnlyList<FunctionDeploymentRecord> recreated)
    {
        if (plan.IsEmpty)
        {
            return "traffic, rules and functions were already as before the deployment";
        }

        var parts = new List<string>();
        if (plan.Traffic.Count + plan.Rules.Count + plan.Companions.Count > 0)
        {
            parts.Add("restored " + string.Join("; ", plan.Traffic.Select(t => t.ToString()).Concat(plan.Rules.Select(r => r.ToString())).Concat(plan.Companions.Select(c => c.ToString()))));
        }

        if (removed.Count > 0)
        {
            parts.Add($"deleted the {removed.Count} function(s) the deployment created: {string.Join(", ", removed.Select(r => r.Change.FunctionId))}");
        }

        if (recreated.Count > 0)
        {
            parts.Add($"recreated the {recreated.Count} function(s) it deleted: {string.Join(", ", recreated.Select(r => r.FunctionId))}");
        }

        return string.Join("; ", parts);
    }

    private static string RunServiceId(string serviceName) => serviceName[(serviceName.LastIndexOf('/') + 1)..];

    private void Progress(string status, int percent = -1) =>
        _events.Progress(new ProgressInfo(ProgressIds.Deployment, $"Deploying {Project.ProjectId} ({_state.Id})", status, percent));

    private Task WriteAsync() => _journal.WriteAsync(_state.Snapshot());

    /// <summary>Records a function's entry and writes the journal (before the change it describes is made).</summary>
    private Task JournalAsync(FunctionDeploymentRecord record)
    {
        _state.Put(record);
        return WriteAsync();
    }
}
