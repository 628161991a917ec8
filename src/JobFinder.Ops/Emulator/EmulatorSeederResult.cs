namespace JobFinder.Ops.Emulator;

/// <summary>What <see cref="EmulatorSeeder"/> put into the emulator, and what it could not.</summary>
public sealed record EmulatorSeederResult
{
    public required string BackupId { get; init; }

    public required string ProjectId { get; init; }

    public int Functions { get; init; }

    public int Revisions { get; init; }

    public int RulesReleases { get; init; }

    public int Indexes { get; init; }

    public int AlertPolicies { get; init; }

    public int NotificationChannels { get; init; }

    public long Documents { get; init; }

    /// <summary>Parts left out, with why.</summary>
    public IReadOnlyList<string> Skipped { get; init; } = [];

    public override string ToString() =>
        $"backup {BackupId} of {ProjectId}: {Functions} function(s) with {Revisions} revision(s), {RulesReleases} rules release(s), {Indexes} index(es), {AlertPolicies} alert policies, {Documents} document(s){(Skipped.Count == 0 ? "" : "; skipped: " + string.Join("; ", Skipped))}";
}
