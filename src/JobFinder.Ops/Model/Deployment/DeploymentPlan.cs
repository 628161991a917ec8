namespace JobFinder.Ops.Model;

/// <summary>What a deployment will change, made before anything changes: every selected function
/// (create/update/delete/unchanged with a diff), rules release and index, and the traffic strategy.
/// <c>Invoke-JobFinderDeployment -WhatIf</c> / <c>-PlanOnly</c> emit it. Secrets never appear.</summary>
public sealed record DeploymentPlan
{
    public required string ProjectId { get; init; }

    /// <summary>The .firebaserc alias, or null when a bare project id was given.</summary>
    public string? Environment { get; init; }

    public required RolloutStrategy Strategy { get; init; }

    /// <summary>Cumulative percentages of traffic on the new revisions, ending at 100.</summary>
    public required IReadOnlyList<int> TrafficSteps { get; init; }

    public required TimeSpan BakeTime { get; init; }

    /// <summary>The <c>-Only</c> filter as given, or null for everything.</summary>
    public string? Only { get; init; }

    public IReadOnlyList<PlannedFunctionChange> Functions { get; init; } = [];

    public IReadOnlyList<PlannedRulesChange> Rules { get; init; } = [];

    public IReadOnlyList<PlannedIndexChange> Indexes { get; init; } = [];

    public IReadOnlyList<PlannedFieldOverrideChange> FieldOverrides { get; init; } = [];

    /// <summary>What firestore.indexes.json declares that the deployment does not deploy (said as a
    /// warning too), e.g. a top-level key other than <c>indexes</c> and <c>fieldOverrides</c>.</summary>
    public IReadOnlyList<string> NotDeployed { get; init; } = [];

    public DateTimeOffset CreatedAt { get; init; } = DateTimeOffset.UtcNow;

    public int CreateCount => Functions.Count(f => f.Action == PlannedChangeAction.Create);

    public int UpdateCount => Functions.Count(f => f.Action == PlannedChangeAction.Update);

    public int DeleteCount => Functions.Count(f => f.Action == PlannedChangeAction.Delete);

    public int UnchangedCount => Functions.Count(f => f.Action == PlannedChangeAction.Unchanged);

    /// <summary>True when the deployment would change anything at all.</summary>
    public bool HasChanges =>
        Functions.Any(f => f.Action is PlannedChangeAction.Create or PlannedChangeAction.Update or PlannedChangeAction.Delete)
        || Rules.Any(r => r.Action != PlannedChangeAction.Unchanged)
        || Indexes.Any(i => i.Action is PlannedChangeAction.Create or PlannedChangeAction.Delete)
        || FieldOverrides.Any(f => f.Action is PlannedChangeAction.Create or PlannedChangeAction.Update);

    /// <summary>The whole plan as text, one change a line, the way <c>terraform plan</c> reads.</summary>
    public string Diff => string.Join(System.Environment.NewLine, DiffLines());

    private IEnumerable<string> DiffLines()
    {
        foreach (var function in Functions)
        {
            yield return $"{Symbol(function.Action)} function {function.FunctionId} ({function.Region}): {function.Action}";
            foreach (var difference in function.Differences)
            {
                yield return "    " + difference;
            }
        }

        foreach (var rules in Rules)
        {
            yield return $"{Symbol(rules.Action)} {rules.Service} rules {rules.File} -> {rules.ReleaseName}: {rules.Action}";
        }

        foreach (var index in Indexes)
        {
            yield return $"{Symbol(index.Action)} index {index.Database}/{index.CollectionGroup} [{index.Fields}] ({index.QueryScope}): {index.Action}";
        }

        foreach (var field in FieldOverrides)
        {
            var declared = $"indexes [{field.Indexes}]{(field.Ttl ? ", TTL" : "")}";
            yield return $"{Symbol(field.Action)} field override {field.Database}/{field.CollectionGroup}.{field.FieldPath} {declared}{(field.Live is { } live && field.Action != PlannedChangeAction.Unchanged ? $" (live: {live})" : "")}: {field.Action}";
        }

        foreach (var skipped in NotDeployed)
        {
            yield return $"! not deployed: {skipped}";
        }
    }

    /// <summary>What would change, one concise line per function, rules release and index, the
    /// way <c>terraform plan</c> lists its resources: a symbol (+ create, ~ update, - delete, ? live
    /// only and kept), the thing, and what changes in it. Unchanged targets are left out (they are
    /// counted in <see cref="UnchangedCount"/>). Invoke-JobFinderDeployment -WhatIf writes each as a
    /// What-if line.</summary>
    public IEnumerable<string> ChangeLines()
    {
        foreach (var function in Functions.Where(f => f.Action != PlannedChangeAction.Unchanged))
        {
            var what = function.Differences.Count == 0 ? function.Action.ToString() : string.Join("; ", function.Differences);
            yield return $"{Symbol(function.Action)} function {function.FunctionId} ({function.Region}): {what}";
        }

        foreach (var rules in Rules.Where(r => r.Action != PlannedChangeAction.Unchanged))
        {
            // The ruleset's id is enough to find it in the console; the full name repeats the project.
            var from = rules.CurrentRuleset is null ? "no release yet" : $"replaces ruleset {rules.CurrentRuleset[(rules.CurrentRuleset.LastIndexOf('/') + 1)..]}";
            yield return $"{Symbol(rules.Action)} {rules.Service} rules {rules.File}: new ruleset released ({from})";
        }

        foreach (var index in Indexes.Where(i => i.Action != PlannedChangeAction.Unchanged))
        {
            var what = index.Action switch
            {
                PlannedChangeAction.Create => "built",
                PlannedChangeAction.Delete => "deleted (not in the indexes file)",
                _ => "not in the indexes file: kept (use -PruneIndexes to delete it)",
            };
            yield return $"{Symbol(index.Action)} index {index.Database}/{index.CollectionGroup} [{index.Fields}] ({index.QueryScope}): {what}";
        }
    }

    private static string Symbol(PlannedChangeAction action) => action switch
    {
        PlannedChangeAction.Create => "+",
        PlannedChangeAction.Update => "~",
        PlannedChangeAction.Delete => "-",
        PlannedChangeAction.Extra => "?",
        _ => "=",
    };
}
