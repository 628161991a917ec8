namespace JobFinder.Ops.Undo;

/// <summary>A rules release to re-point at the ruleset it had before the deployment.</summary>
public sealed record UndoRulesChange(string ReleaseName, string? CurrentRuleset, string PreviousRuleset)
{
    public override string ToString() => $"{ReleaseName}: {CurrentRuleset ?? "(none)"} -> {PreviousRuleset}";
}
