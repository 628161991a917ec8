namespace JobFinder.Ops.Model;

/// <summary>A rules release a deployment moved, with the ruleset it pointed at before (an undo or
/// rollback re-points it there).</summary>
public sealed record RulesReleaseRecord
{
    /// <summary><c>firestore</c> or <c>storage</c>.</summary>
    public required string Service { get; init; }

    public required string ReleaseName { get; init; }

    public required string File { get; init; }

    /// <summary>Null when the release did not exist before (an undo then leaves it).</summary>
    public string? PreviousRuleset { get; init; }

    /// <summary>Null until the ruleset is created.</summary>
    public string? NewRuleset { get; init; }

    /// <summary>True once the release points at <see cref="NewRuleset"/>.</summary>
    public bool Released { get; init; }

    /// <summary>One line, as Format-List shows it inside a {...} list: the record's default ToString dumped every member, with generic and compiler-generated list type names.</summary>
    public override string ToString() =>
        $"{Service} rules {File}: {(Released ? "released" : "not released")}";
}
