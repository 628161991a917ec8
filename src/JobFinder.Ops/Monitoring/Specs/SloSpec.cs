namespace JobFinder.Ops.Monitoring.Specs;

/// <summary>A declared service-level objective on one gen2 function (its Cloud Run service).
/// Availability counts 5xx answers as bad; latency counts requests slower than
/// <see cref="ThresholdMs"/> as bad, so a goal of 0.95 with 5000 ms reads "p95 below 5 s".</summary>
internal sealed record SloSpec(
    string Id,
    string Function,
    string ServiceName,
    string Location,
    SloKind Kind,
    double Goal,
    TimeSpan? RollingPeriod,
    string? CalendarPeriod,
    double? ThresholdMs,
    string DisplayName,
    SourcePositions Source);
