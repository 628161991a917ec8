namespace JobFinder.Ops.Reporting;

/// <summary>A canary verdict as the report's verdict table shows it; rates are fractions 0..1.</summary>
public sealed record ReportVerdictRow(
    string FunctionId,
    int CanaryPercent,
    string Decision,
    string Reason,
    DateTimeOffset DecidedAt,
    long CanaryRequests,
    double CanaryErrorRate,
    double CanaryTimeoutRate,
    double? CanaryP95Ms,
    long? StableRequests,
    double? StableErrorRate,
    double? StableP95Ms,
    bool ProbesUsed);
