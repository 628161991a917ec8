namespace JobFinder.Ops.Model;

/// <summary>One source file of a released ruleset.</summary>
public sealed record LiveRulesFile
{
    public required string Name { get; init; }

    public required string Content { get; init; }

    /// <summary>Lower-case hex SHA-256 of <see cref="Content"/> (UTF-8).</summary>
    public required string Sha256 { get; init; }
}
