using JobFinder.Ops.Events;
using JobFinder.Ops.Google;
using JobFinder.Ops.Google.Errors;
using JobFinder.Ops.Google.Firestore;
using JobFinder.Ops.Google.Functions;
using JobFinder.Ops.Google.Run;
using JobFinder.Ops.Model;
using JobFinder.Ops.Rollout;

namespace JobFinder.Ops.Undo;

/// <summary>The split a service had just before a rollback moved it back.</summary>
internal sealed record RestoredSplit(UndoTrafficChange Change, RunService Before);

/// <summary>A function a deployment created, deleted by a rollback; its configuration as it was (values
/// redacted), null when it was gone already.</summary>
internal sealed record RemovedFunction(UndoFunctionChange Change, string? PreviousConfigJson);

/// <summary>Carries out an <see cref="UndoPlan"/>: the one way back to "before the deployment" that both
/// the automatic rollback (<see cref="DeploymentRun"/>) and Undo-JobFinderDeployment
/// (<see cref="DeploymentUndo"/>) take, so the two always end in the same state. <see cref="UndoPlanner"/>
/// says what differs from before (a function the release created did not exist before; one it deleted did;
/// an updated one served its recorded split; a moved release pointed at its recorded ruleset); these
/// methods change exactly that. Each is idempotent against live state, so a rollback interrupted and run
/// again only finishes the work.</summary>
internal sealed class RollbackActions(GoogleRestClient client, int throttleLimit)
{
    private readonly TrafficController _traffic = new(client);
    private readonly CloudFunctionsApi _functions = new(client);

    /// <summary>Every split, every rules release and every field override of the plan at once (bounded by the throttle limit).
    /// Returns each service's split as it was just before.</summary>
    public async Task<IReadOnlyList<RestoredSplit>> RestoreTrafficAndRulesAsync(UndoPlan plan, CancellationToken cancellationToken)
    {
        var restored = new System.Collections.Concurrent.ConcurrentBag<RestoredSplit>();
        var releaser = new RulesReleaser(client);
        var traffic = ForEachAsync(plan.Traffic, cancellationToken, async (change, token) =>
        {
            var before = await _traffic.GetAsync(change.ServiceName, token).ConfigureAwait(false);
            await _traffic.SetAsync(change.ServiceName, change.Target, "back to the split before the deployment", token).ConfigureAwait(false);
            restored.Add(new RestoredSplit(change, before));
        });
        var rules = ForEachAsync(plan.Rules, cancellationToken, (change, token) =>
            releaser.RestoreAsync(new RulesReleaseRecord { Service = RulesServiceOf(change.ReleaseName), ReleaseName = change.ReleaseName, File = "(journal)", PreviousRuleset = change.PreviousRuleset, Released = true }, token));
        // Invoker bindings and schedule jobs go back with the traffic: a job keeps calling the service URL,
        // which serves the restored revision again, with the schedule and identity it had before.
        var companions = new FunctionCompanions(client);
        var restoredCompanions = ForEachAsync(plan.Companions, cancellationToken, (change, token) =>
        {
            client.Events.Verbose($"Restoring {change}.");
            return companions.RestoreAsync(change, token);
        });
        var firestore = new FirestoreAdminApi(client);
        var fields = ForEachAsync(plan.FieldOverrides, cancellationToken, async (change, token) =>
        {
            var operation = await firestore.PatchFieldAsync(FieldOverrideConfig.Restoring(change.FieldName, change.PreviousConfig), cancellationToken: token).ConfigureAwait(false);
            await firestore.WaitForFieldAsync(operation, cancellationToken: token).ConfigureAwait(false);
        });
        await Task.WhenAll(traffic, rules, restoredCompanions, fields).ConfigureAwait(false);
        return [.. restored.OrderBy(r => r.Change.FunctionId, StringComparer.Ordinal)];
    }

    /// <summary>Deletes functions the deployment created: they did not exist before it.</summary>
    public async Task<IReadOnlyList<RemovedFunction>> DeleteCreatedAsync(IReadOnlyList<UndoFunctionChange> deletes, CancellationToken cancellationToken)
    {
        var removed = new System.Collections.Concurrent.ConcurrentBag<RemovedFunction>();
        await ForEachAsync(deletes, cancellationToken, async (change, token) =>
        {
            var name = FunctionName.Parse(change.FunctionName);
            string? previous = null;
            try
            {
                previous = FunctionRollout.RedactedConfig(await _functions.GetAsync(name, token).ConfigureAwait(false));
                client.Events.Verbose($"{change.FunctionId}: deleting it (created by the deployment being rolled back).");
                var operation = await _functions.DeleteAsync(name, token).ConfigureAwait(false);
                await _functions.WaitAsync(operation, cancellationToken: token).ConfigureAwait(false);
            }
            catch (GoogleApiException ex) when (ex.HttpStatus == 404)
            {
                // Gone already (a rollback run again).
            }

            removed.Add(new RemovedFunction(change, previous));
        }).ConfigureAwait(false);
        return [.. removed.OrderBy(r => r.Change.FunctionId, StringComparer.Ordinal)];
    }

    /// <summary>Recreates functions the deployment deleted, from <paramref name="backup"/>'s function config
    /// artifacts (the journal holds only redacted copies).</summary>
    public async Task<IReadOnlyList<FunctionDeploymentRecord>> RecreateDeletedAsync(IReadOnlyList<UndoFunctionChange> recreates, BackupManifest backup, CancellationToken cancellationToken)
    {
        var restorer = new FunctionRestorer(client);
        var recreated = new System.Collections.Concurrent.ConcurrentBag<FunctionDeploymentRecord>();
        await ForEachAsync(recreates, cancellationToken, async (change, token) =>
            recreated.Add(await restorer.RecreateAsync(change, backup, token).ConfigureAwait(false))).ConfigureAwait(false);
        return [.. recreated.OrderBy(r => r.FunctionId, StringComparer.Ordinal)];
    }

    /// <summary>The rules service a release belongs to, for the journal.</summary>
    public static string RulesServiceOf(string releaseName) =>
        releaseName.Contains("/releases/cloud.firestore", StringComparison.Ordinal) ? "firestore" : releaseName.Contains("/releases/firebase.storage", StringComparison.Ordinal) ? "storage" : "other";

    private Task ForEachAsync<T>(IEnumerable<T> items, CancellationToken cancellationToken, Func<T, CancellationToken, Task> body) =>
        Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, throttleLimit), CancellationToken = cancellationToken }, async (item, token) => await body(item, token).ConfigureAwait(false));
}
