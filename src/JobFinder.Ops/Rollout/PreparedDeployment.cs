using JobFinder.Ops.Google.Firestore;
using JobFinder.Ops.Google.Functions;
using JobFinder.Ops.Google.Rules;
using JobFinder.Ops.Model;

namespace JobFinder.Ops.Rollout;

/// <summary>A plan plus what carrying it out needs and the plan does not show: packaged archives,
/// the desired function configs (with values), live resources, rules sources, index bodies.</summary>
internal sealed class PreparedDeployment
{
    public required DeploymentPlan Plan { get; init; }

    public required JobFinderProject Project { get; init; }

    /// <summary>Archive of each codebase that has a function to create or update.</summary>
    public required IReadOnlyDictionary<string, SourceArchive> Archives { get; init; }

    public required IReadOnlyList<FunctionWork> Functions { get; init; }

    public required IReadOnlyList<RulesWork> Rules { get; init; }

    public required IReadOnlyList<IndexWork> Indexes { get; init; }

    public IReadOnlyList<FieldOverrideWork> FieldOverrides { get; init; } = [];

    /// <summary>Folder holding the archives; deleted when the deployment ends.</summary>
    public required string WorkDirectory { get; init; }

    /// <summary>This deployment with only the deletions <paramref name="mayDelete"/> confirmed: a function
    /// that left the source whose deletion was declined is kept and reported, as without -PruneFunctions.
    /// (The plan a prompt shows lists every candidate; the answers come after it.)</summary>
    public PreparedDeployment WithConfirmedDeletions(Func<string, bool> mayDelete)
    {
        var functions = Functions.Select(work => work.Change.Action == PlannedChangeAction.Delete && !mayDelete(work.Change.FunctionId)
            ? work with { Change = work.Change with { Action = PlannedChangeAction.Extra, Differences = ["not in the source: kept (its deletion was not confirmed)"] } }
            : work).ToArray();
        return new PreparedDeployment
        {
            Plan = Plan with { Functions = functions.Select(f => f.Change).ToArray() },
            Project = Project,
            Archives = Archives,
            Functions = functions,
            Rules = Rules,
            Indexes = Indexes,
            FieldOverrides = FieldOverrides,
            WorkDirectory = WorkDirectory,
        };
    }
}

/// <summary>One function in one region: what the source says and what is live.</summary>
internal sealed record FunctionWork(PlannedFunctionChange Change, ProjectFunction? Desired, Function? Live)
{
    public FunctionName Name(string projectId) => new(projectId, Change.Region, Change.FunctionId);
}

internal sealed record RulesWork(PlannedRulesChange Change, RulesSource Source);

internal sealed record IndexWork(PlannedIndexChange Change, DatabaseName Database, IndexDefinition? Definition);

/// <summary>One single-field override: the declaration (null for an Extra) and what is live (null for none).</summary>
internal sealed record FieldOverrideWork(PlannedFieldOverrideChange Change, string FieldName, FieldOverrideDefinition? Definition, FirestoreField? Live);
