using JobFinder.Ops.Errors;
using JobFinder.Ops.Model;

namespace JobFinder.Ops.Rollout;

/// <summary>The <c>-Only</c> selection, as <c>firebase deploy --only</c> reads it: comma-separated
/// <c>functions</c>, <c>functions:&lt;id or codebase&gt;</c>, <c>functions:&lt;codebase&gt;:&lt;id&gt;</c>,
/// <c>firestore</c>, <c>firestore:rules</c>, <c>firestore:indexes</c>, <c>storage</c>. Null or empty
/// selects everything.</summary>
public sealed class DeploymentTargets
{
    private readonly List<(string? Codebase, string? Id)> _functionFilters = [];

    private DeploymentTargets(string? text)
    {
        Text = string.IsNullOrWhiteSpace(text) ? null : text.Trim();
    }

    public string? Text { get; }

    public bool AllFunctions { get; private set; }

    public bool FirestoreRules { get; private set; }

    public bool FirestoreIndexes { get; private set; }

    public bool StorageRules { get; private set; }

    public bool AnyFunctions => AllFunctions || _functionFilters.Count > 0;

    public static DeploymentTargets Everything { get; } = Parse(null);

    public static DeploymentTargets Parse(string? only)
    {
        var targets = new DeploymentTargets(only);
        if (targets.Text is null)
        {
            targets.AllFunctions = targets.FirestoreRules = targets.FirestoreIndexes = targets.StorageRules = true;
            return targets;
        }

        foreach (var raw in targets.Text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = raw.Split(':');
            switch (parts[0])
            {
                case "functions" when parts.Length == 1:
                    targets.AllFunctions = true;
                    break;
                case "functions" when parts.Length == 2 && parts[1].Length > 0:
                    targets._functionFilters.Add((null, parts[1]));
                    break;
                case "functions" when parts.Length == 3 && parts[1].Length > 0 && parts[2].Length > 0:
                    targets._functionFilters.Add((parts[1], parts[2]));
                    break;
                case "firestore" when parts.Length == 1:
                    targets.FirestoreRules = targets.FirestoreIndexes = true;
                    break;
                case "firestore" when parts.Length == 2 && parts[1] == "rules":
                    targets.FirestoreRules = true;
                    break;
                case "firestore" when parts.Length == 2 && parts[1] == "indexes":
                    targets.FirestoreIndexes = true;
                    break;
                case "storage" when parts.Length == 1 || (parts.Length == 2 && parts[1] == "rules"):
                    targets.StorageRules = true;
                    break;
                default:
                    throw new JobFinderException("DeploymentOnlyFilterInvalid", ErrorKind.InvalidArgument,
                        $"'{raw}' is not a deploy target. Use functions, functions:<id>, functions:<codebase>:<id>, firestore, firestore:rules, firestore:indexes or storage.", raw);
            }
        }

        return targets;
    }

    /// <summary>True when the function is selected. A single name matches a function id or a codebase name.</summary>
    public bool Includes(string? codebase, string functionId) =>
        AllFunctions || _functionFilters.Any(f => f.Codebase is null
            ? f.Id == functionId || (codebase is not null && f.Id == codebase)
            : f.Codebase == codebase && f.Id == functionId);

    /// <summary>Filters that named nothing in the project, so a typo is reported rather than deploying nothing.</summary>
    public IEnumerable<string> UnmatchedFunctionFilters(JobFinderProject project) =>
        _functionFilters
            .Where(f => !project.Functions.Any(p => f.Codebase is null ? p.Id == f.Id || p.Codebase == f.Id : p.Codebase == f.Codebase && p.Id == f.Id))
            .Select(f => f.Codebase is null ? $"functions:{f.Id}" : $"functions:{f.Codebase}:{f.Id}");
}
