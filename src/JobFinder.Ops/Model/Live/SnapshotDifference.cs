namespace JobFinder.Ops.Model;

/// <summary>One way a live snapshot differs from another (usually: live now versus a backup).</summary>
public sealed record SnapshotDifference
{
    /// <summary><c>Function</c>, <c>Traffic</c>, <c>RulesRelease</c>, <c>Index</c>, <c>FieldOverride</c>,
    /// <c>AlertPolicy</c> or <c>NotificationChannel</c>.</summary>
    public required string Area { get; init; }

    /// <summary>The function, release, index... that differs.</summary>
    public required string Target { get; init; }

    /// <summary><c>Added</c> (only in the actual), <c>Removed</c> (only in the expected) or <c>Changed</c>.</summary>
    public required string Change { get; init; }

    public string? Property { get; init; }

    public string? Expected { get; init; }

    public string? Actual { get; init; }

    public override string ToString() => Change switch
    {
        "Changed" => $"{Area} {Target}: {Property} was '{Expected}', is '{Actual}'",
        _ => $"{Area} {Target}: {Change.ToLowerInvariant()}",
    };
}
