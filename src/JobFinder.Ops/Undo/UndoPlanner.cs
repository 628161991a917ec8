using JobFinder.Ops.Events;
using JobFinder.Ops.Google;
using JobFinder.Ops.Google.Errors;
using JobFinder.Ops.Google.Functions;
using JobFinder.Ops.Google.Firestore;
using JobFinder.Ops.Google.Rules;
using JobFinder.Ops.Google.Run;
using JobFinder.Ops.Model;
using JobFinder.Ops.Rollout;

namespace JobFinder.Ops.Undo;

/// <summary>Works out an <see cref="UndoPlan"/> from a deployment record and live state, with reads
/// only. It trusts the journal for what the state was before (previous splits, previous rulesets,
/// created and deleted functions) and live state for what it is now, so a deployment killed mid-step
/// (journal InProgress, a step left Started) is planned like any other.</summary>
public sealed class UndoPlanner(GoogleRestClient client)
{
    private const int Concurrency = 16;

    private readonly CloudRunApi _run = new(client);
    private readonly CloudFunctionsApi _functions = new(client);
    private readonly FirebaseRulesApi _rules = new(client);

    public async Task<UndoPlan> PlanAsync(DeploymentRecord deployment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        var traffic = new System.Collections.Concurrent.ConcurrentBag<UndoTrafficChange>();
        var deletes = new System.Collections.Concurrent.ConcurrentBag<UndoFunctionChange>();
        var recreates = new System.Collections.Concurrent.ConcurrentBag<UndoFunctionChange>();
        var companions = new System.Collections.Concurrent.ConcurrentBag<UndoCompanionChange>();
        var companionActions = new FunctionCompanions(client);
        await Parallel.ForEachAsync(deployment.Functions, new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = cancellationToken }, async (function, token) =>
        {
            // A created function is deleted by the undo: its invoker goes with it, only its job needs removing.
            var companion = new UndoCompanionChange(function.FunctionId, function.ServiceName, function.Created ? null : function.InvokerBefore, function.ScheduleJobName, function.ScheduleBeforeJson);
            if ((companion.InvokerBefore is not null || companion.ScheduleJobName is not null) && await companionActions.DiffersAsync(companion, token).ConfigureAwait(false))
            {
                companions.Add(companion);
            }

            switch (function.Action)
            {
                case PlannedChangeAction.Update when function.ServiceName is not null && function.PreviousTraffic.Count > 0:
                    if (await TrafficChangeAsync(deployment, function, token).ConfigureAwait(false) is { } change)
                    {
                        traffic.Add(change);
                    }

                    break;
                case PlannedChangeAction.Update:
                    client.Events.Verbose($"{function.FunctionId}: the deployment recorded no previous split (it stopped before pinning traffic); its traffic was never changed.");
                    break;
                case PlannedChangeAction.Create when await ExistsAsync(function, token).ConfigureAwait(false):
                    deletes.Add(new UndoFunctionChange(function.FunctionId, function.Region, function.FunctionName, Recreate: false));
                    break;
                case PlannedChangeAction.Delete when !await ExistsAsync(function, token).ConfigureAwait(false):
                    recreates.Add(new UndoFunctionChange(function.FunctionId, function.Region, function.FunctionName, Recreate: true));
                    break;
            }
        }).ConfigureAwait(false);

        var rules = new List<UndoRulesChange>();
        foreach (var release in deployment.Rules.Where(r => r.PreviousRuleset is not null))
        {
            var current = await CurrentRulesetAsync(release.ReleaseName, cancellationToken).ConfigureAwait(false);
            if (current != release.PreviousRuleset)
            {
                rules.Add(new UndoRulesChange(release.ReleaseName, current, release.PreviousRuleset!));
            }
        }

        var fields = new List<UndoFieldOverrideChange>();
        foreach (var patched in deployment.FieldOverrides)
        {
            var current = await new FirestoreAdminApi(client).GetFieldAsync(patched.Name, cancellationToken).ConfigureAwait(false);
            if (FieldOverrideConfig.Differs(current, patched.PreviousConfig))
            {
                fields.Add(new UndoFieldOverrideChange(patched.Name, FieldOverrideDefinitions.Describe(current), patched.PreviousConfig));
            }
        }

        return new UndoPlan
        {
            Deployment = deployment,
            Traffic = [.. traffic.OrderBy(t => t.FunctionId, StringComparer.Ordinal)],
            Rules = rules,
            FieldOverrides = fields,
            Deletes = [.. deletes.OrderBy(d => d.FunctionId, StringComparer.Ordinal)],
            Recreates = [.. recreates.OrderBy(d => d.FunctionId, StringComparer.Ordinal)],
            Companions = [.. companions.OrderBy(c => c.FunctionId, StringComparer.Ordinal)],
            NotUndone = NotUndone(deployment),
        };
    }

    private async Task<UndoTrafficChange?> TrafficChangeAsync(DeploymentRecord deployment, FunctionDeploymentRecord function, CancellationToken cancellationToken)
    {
        var serviceName = RunServiceName.Parse(function.ServiceName!);
        RunService live;
        try
        {
            live = await _run.GetServiceAsync(serviceName, cancellationToken).ConfigureAwait(false);
        }
        catch (GoogleApiException ex) when (ex.HttpStatus == 404)
        {
            client.Events.Warning($"{function.FunctionId}: its Cloud Run service {function.ServiceName} no longer exists; there is no traffic to restore.");
            return null;
        }

        string? latestThen = null;
        var updateInFlight = false;
        if (function.PreviousTraffic.Any(a => a.Latest))
        {
            updateInFlight = await UpdateInFlightAsync(function, cancellationToken).ConfigureAwait(false);
            var revisions = new List<Revision>();
            if (function.PreviousTraffic.OrderByDescending(a => a.Percent).First() is not { Latest: true })
            {
                await foreach (var revision in _run.ListRevisionsAsync(serviceName, cancellationToken: cancellationToken).ConfigureAwait(false))
                {
                    revisions.Add(revision);
                }
            }

            latestThen = PreviousSplitResolver.LatestBefore(function, revisions, deployment.StartedAt);
        }

        var target = PreviousSplitResolver.Resolve(function, live, latestThen, updateInFlight);
        if (PreviousSplitResolver.Serves(live, target))
        {
            client.Events.Verbose($"{function.FunctionId}: already serves its previous split ({PreviousSplitResolver.Describe(target)}).");
            return null;
        }

        return new UndoTrafficChange(function.FunctionId, function.ServiceName!, PreviousSplitResolver.Describe(live.Traffic ?? []), target, PreviousSplitResolver.Describe(target));
    }

    /// <summary>True while the function is DEPLOYING, e.g. the update of a killed deployment still running.</summary>
    private async Task<bool> UpdateInFlightAsync(FunctionDeploymentRecord function, CancellationToken cancellationToken)
    {
        try
        {
            var live = await _functions.GetAsync(FunctionName.Parse(function.FunctionName), cancellationToken).ConfigureAwait(false);
            if (live.State == FunctionState.Deploying)
            {
                client.Events.Verbose($"{function.FunctionId}: its update is still running; LATEST is restored as the revision it meant, by name.");
                return true;
            }

            return false;
        }
        catch (GoogleApiException ex) when (ex.HttpStatus == 404)
        {
            return false;
        }
    }

    private async Task<bool> ExistsAsync(FunctionDeploymentRecord function, CancellationToken cancellationToken)
    {
        try
        {
            await _functions.GetAsync(FunctionName.Parse(function.FunctionName), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (GoogleApiException ex) when (ex.HttpStatus == 404)
        {
            return false;
        }
    }

    private async Task<string?> CurrentRulesetAsync(string releaseName, CancellationToken cancellationToken)
    {
        try
        {
            return (await _rules.GetReleaseAsync(ReleaseName.Parse(releaseName), cancellationToken).ConfigureAwait(false)).RulesetName;
        }
        catch (GoogleApiException ex) when (ex.HttpStatus == 404)
        {
            return null;
        }
    }

    private static IReadOnlyList<string> NotUndone(DeploymentRecord deployment)
    {
        var notes = new List<string>();
        if (deployment.IndexesCreated.Count > 0)
        {
            notes.Add($"{deployment.IndexesCreated.Count} index(es) the deployment created are kept (an extra index costs storage, not correctness; remove with Invoke-JobFinderDeployment -PruneIndexes).");
        }

        if (deployment.IndexesDeleted.Count > 0)
        {
            notes.Add($"{deployment.IndexesDeleted.Count} index(es) the deployment deleted are not recreated (redeploy the previous indexes file).");
        }

        if (deployment.Functions.Any(f => f.Action == PlannedChangeAction.Update && f.NewRevision is not null))
        {
            notes.Add("Updated functions serve their previous revisions again; their Cloud Functions resources still describe the undone release until the next deployment.");
        }

        notes.Add("Firestore data is not undone: restore it from a backup with Restore-JobFinderBackup.");
        return notes;
    }
}
