using JobFinder.Ops.Model;

namespace JobFinder.Ops.Reporting;

/// <summary>Everything the HTML report shows, already reduced to text, numbers and chart series, so
/// the renderer does no deployment logic. Built from a <see cref="DeploymentRecord"/> (and the
/// backup manifest when known) by <see cref="FromRecord"/>. Environment values and the functions'
/// previous configurations are deliberately not carried: the report is shared widely.</summary>
public sealed record DeploymentReportModel
{
    public required string DeploymentId { get; init; }

    /// <summary><c>Deploy</c> or <c>Rollback</c>.</summary>
    public required string Kind { get; init; }

    public required string ProjectId { get; init; }

    public string? Environment { get; init; }

    public required string Owner { get; init; }

    public required string Outcome { get; init; }

    public string? Reason { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public DateTimeOffset? EndedAt { get; init; }

    public required string Strategy { get; init; }

    public IReadOnlyList<int> TrafficSteps { get; init; } = [];

    public TimeSpan BakeTime { get; init; }

    public string? Only { get; init; }

    public ReportBackup? Backup { get; init; }

    public IReadOnlyList<ReportFunctionRow> Functions { get; init; } = [];

    public IReadOnlyList<ReportRulesRow> Rules { get; init; } = [];

    public IReadOnlyList<string> IndexesCreated { get; init; } = [];

    public IReadOnlyList<string> IndexesDeleted { get; init; } = [];

    public IReadOnlyList<ReportStepRow> Steps { get; init; } = [];

    public IReadOnlyList<ReportVerdictRow> Verdicts { get; init; } = [];

    public IReadOnlyList<ReportChart> Charts { get; init; } = [];

    public TimeSpan? Duration => EndedAt - StartedAt;

    public static DeploymentReportModel FromRecord(DeploymentRecord record, BackupManifest? backup = null)
    {
        ArgumentNullException.ThrowIfNull(record);
        var verdicts = record.Steps
            .SelectMany(s => s.Verdicts)
            .OrderBy(v => v.DecidedAt)
            .Select(v => new ReportVerdictRow(
                v.FunctionId, v.CanaryPercent, v.Decision.ToString(), v.Reason, v.DecidedAt,
                v.Canary.Requests, v.Canary.ErrorRate, v.Canary.TimeoutRate, v.Canary.P95Ms,
                v.Stable?.Requests, v.Stable?.ErrorRate, v.Stable?.P95Ms, v.ProbesUsed))
            .ToArray();
        var thresholds = record.Verdicts.LastOrDefault()?.Thresholds;
        return new DeploymentReportModel
        {
            DeploymentId = record.Id,
            Kind = record.Kind,
            ProjectId = record.ProjectId,
            Environment = record.Environment,
            Owner = record.Owner,
            Outcome = record.Outcome.ToString(),
            Reason = record.Reason,
            StartedAt = record.StartedAt,
            EndedAt = record.EndedAt,
            Strategy = record.Strategy.ToString(),
            TrafficSteps = record.TrafficSteps,
            BakeTime = record.BakeTime,
            Only = record.Only,
            Backup = BackupOf(record, backup),
            Functions = record.Functions
                .Select(f => new ReportFunctionRow(f.FunctionId, f.Region, f.Action.ToString(), f.StableRevision, f.NewRevision, f.SourceHash, f.CanaryPercent))
                .ToArray(),
            Rules = record.Rules.Select(r => new ReportRulesRow(r.Service, r.File, r.PreviousRuleset, r.NewRuleset, r.Released)).ToArray(),
            IndexesCreated = record.IndexesCreated,
            IndexesDeleted = record.IndexesDeleted,
            Steps = record.Steps
                .OrderBy(s => s.Sequence)
                .Select(s => new ReportStepRow(s.Sequence, s.Kind.ToString(), s.Name, s.Split, s.State.ToString(), s.StartedAt, s.EndedAt, s.Message))
                .ToArray(),
            Verdicts = verdicts,
            Charts = [TrafficChart(record), .. MetricCharts(verdicts, thresholds)],
        };
    }

    private static ReportBackup? BackupOf(DeploymentRecord record, BackupManifest? manifest)
    {
        if (manifest is not null && (record.BackupId is null || record.BackupId == manifest.Id))
        {
            return new ReportBackup(manifest.Id, manifest.BucketUri, manifest.Verification.ToString(), manifest.CreatedAt);
        }

        return record.BackupId is null ? null : new ReportBackup(record.BackupId);
    }

    /// <summary>The share of traffic on the new revisions: 0 at the start, each traffic step, promote
    /// or rollback at the time it started, and the last value held until the end.</summary>
    private static ReportChart TrafficChart(DeploymentRecord record)
    {
        var points = new List<ChartPoint> { new(record.StartedAt, 0) };
        foreach (var step in record.Steps.OrderBy(s => s.Sequence))
        {
            // A step that leaves the share where it was (promote after the 100% step) adds nothing to a staircase.
            if (step.CanaryPercent is { } percent && step.Kind is DeploymentStepKind.Traffic or DeploymentStepKind.Promote or DeploymentStepKind.Rollback
                && percent != points[^1].Value)
            {
                points.Add(new ChartPoint(step.StartedAt, percent));
            }
        }

        var end = record.EndedAt ?? record.Steps.Select(s => s.EndedAt ?? s.StartedAt).DefaultIfEmpty(record.StartedAt).Max();
        if (end > points[^1].Time)
        {
            points.Add(new ChartPoint(end, points[^1].Value));
        }

        return new ReportChart("chart-traffic", "Traffic on the new revisions", "percent", [new ChartSeries("traffic", points, Step: true)]);
    }

    /// <summary>Per function, the canary's and stable's error rate and p95 at each analysis.</summary>
    private static IEnumerable<ReportChart> MetricCharts(IReadOnlyList<ReportVerdictRow> verdicts, AnalysisThresholds? thresholds)
    {
        foreach (var function in verdicts.GroupBy(v => v.FunctionId, StringComparer.Ordinal))
        {
            var rows = function.ToArray();
            yield return new ReportChart(
                "chart-error-rate-" + function.Key,
                $"{function.Key}: error rate (5xx)",
                "fraction",
                [
                    new ChartSeries("canary", rows.Select(v => new ChartPoint(v.DecidedAt, v.CanaryErrorRate)).ToArray()),
                    new ChartSeries("stable", rows.Where(v => v.StableErrorRate is not null).Select(v => new ChartPoint(v.DecidedAt, v.StableErrorRate!.Value)).ToArray()),
                ],
                thresholds?.MaxErrorRate ?? new AnalysisThresholds().MaxErrorRate,
                function.Key);
            yield return new ReportChart(
                "chart-p95-" + function.Key,
                $"{function.Key}: p95 latency",
                "ms",
                [
                    new ChartSeries("canary", rows.Where(v => v.CanaryP95Ms is not null).Select(v => new ChartPoint(v.DecidedAt, v.CanaryP95Ms!.Value)).ToArray()),
                    new ChartSeries("stable", rows.Where(v => v.StableP95Ms is not null).Select(v => new ChartPoint(v.DecidedAt, v.StableP95Ms!.Value)).ToArray()),
                ],
                thresholds?.MaxP95Ms ?? new AnalysisThresholds().MaxP95Ms,
                function.Key);
        }
    }
}
