namespace JobFinder.Ops.Reporting;

/// <summary>The backup the deployment's gate used. Only the id is known from the record; the rest
/// comes from the manifest when the caller has it.</summary>
public sealed record ReportBackup(string Id, string? BucketUri = null, string? Verification = null, DateTimeOffset? CreatedAt = null);
