using System.Text.RegularExpressions;
using JobFinder.Ops.Emulator.Infrastructure;

namespace JobFinder.Ops.Emulator.Metrics;

/// <summary>The parsed query of a timeSeries.list call: filter terms, interval, aggregation.</summary>
public sealed partial class TimeSeriesQuery
{
    public const string RequestCount = "run.googleapis.com/request_count";
    public const string RequestLatencies = "run.googleapis.com/request_latencies";

    public required string MetricType { get; init; }

    public required IReadOnlyList<(string Key, string Value, bool Negated)> LabelTerms { get; init; }

    public required DateTimeOffset Start { get; init; }

    public required DateTimeOffset End { get; init; }

    public TimeSpan? AlignmentPeriod { get; init; }

    public string Aligner { get; init; } = "ALIGN_NONE";

    public string Reducer { get; init; } = "REDUCE_NONE";

    public IReadOnlyList<string> GroupByFields { get; init; } = [];

    public bool IsDistribution => MetricType == RequestLatencies;

    /// <param name="query">The request's query string.</param>
    /// <param name="minimumAlignment">Aggregation.alignmentPeriod: "The value must be at least 60 seconds"
    /// (monitoring-v3.json); the emulator's time scale shrinks that minimum with the sample period.</param>
    public static TimeSeriesQuery Parse(IQueryCollection query, TimeSpan minimumAlignment)
    {
        var filter = query["filter"].ToString();
        if (string.IsNullOrWhiteSpace(filter))
        {
            throw GoogleErrors.InvalidArgument("Field filter had an invalid value: a filter is required.", [("filter", "required")]);
        }

        string? metricType = null;
        string? resourceType = null;
        var terms = new List<(string, string, bool)>();
        foreach (var term in AndSplitter().Split(filter.Trim()))
        {
            var match = Comparison().Match(term.Trim());
            if (!match.Success)
            {
                throw GoogleErrors.InvalidArgument($"Field filter had an invalid value of \"{filter}\": could not parse \"{term}\".", [("filter", "invalid")]);
            }

            var key = match.Groups["key"].Value;
            var value = match.Groups["value"].Value;
            var negated = match.Groups["op"].Value == "!=";
            switch (key)
            {
                case "metric.type":
                    metricType = value;
                    break;
                case "resource.type":
                    resourceType = value;
                    break;
                default:
                    terms.Add((key.Replace(".label.", ".labels.", StringComparison.Ordinal), value, negated));
                    break;
            }
        }

        if (metricType is null)
        {
            throw GoogleErrors.InvalidArgument("Field filter had an invalid value: it must specify a metric type.", [("filter", "metric.type required")]);
        }

        if (resourceType is not null && resourceType != "cloud_run_revision")
        {
            metricType = "(none)";
        }

        if (!GoogleJson.TryParseTimestamp(query["interval.endTime"], out var end))
        {
            throw GoogleErrors.InvalidArgument("Field interval.endTime had an invalid value.", [("interval.end_time", "required RFC3339 timestamp")]);
        }

        var start = GoogleJson.TryParseTimestamp(query["interval.startTime"], out var s) ? s : end;
        if (start > end)
        {
            throw GoogleErrors.InvalidArgument("The start time must be before the end time.", [("interval", "start after end")]);
        }

        TimeSpan? period = null;
        if (query["aggregation.alignmentPeriod"].ToString() is { Length: > 0 } periodText)
        {
            // monitoring-v3 Aggregation.alignmentPeriod: "The value must be at least 60 seconds." The minimum
            // is the sample period: 60 s on Google's clock, shrunk with it under a time scale (a 1 s
            // alignment is the 60 s one of a 1/60 emulator, as the canary analysis asks for it).
            if (!GoogleJson.TryParseDuration(periodText, out var p) || p < minimumAlignment)
            {
                throw GoogleErrors.InvalidArgument($"Field aggregation.alignmentPeriod had an invalid value of \"{periodText}\": the value must be at least {minimumAlignment.TotalSeconds:0.###} seconds.", [("aggregation.alignment_period", "invalid duration")]);
            }

            period = p;
        }

        var aligner = query["aggregation.perSeriesAligner"].ToString() is { Length: > 0 } a ? a : "ALIGN_NONE";
        var reducer = query["aggregation.crossSeriesReducer"].ToString() is { Length: > 0 } r ? r : "REDUCE_NONE";
        if (aligner != "ALIGN_NONE" && period is null)
        {
            throw GoogleErrors.InvalidArgument("The alignment period must be specified when a per-series aligner is set.", [("aggregation.alignment_period", "required")]);
        }

        if (reducer != "REDUCE_NONE" && aligner == "ALIGN_NONE")
        {
            throw GoogleErrors.InvalidArgument("A per-series aligner must be specified when a cross-series reducer is set.", [("aggregation.per_series_aligner", "required")]);
        }

        return new TimeSeriesQuery
        {
            MetricType = metricType,
            LabelTerms = terms,
            Start = start,
            End = end,
            AlignmentPeriod = period,
            Aligner = aligner,
            Reducer = reducer,
            GroupByFields = query["aggregation.groupByFields"].Where(f => !string.IsNullOrEmpty(f)).Select(f => f!.Replace(".label.", ".labels.", StringComparison.Ordinal)).ToList(),
        };
    }

    public bool Matches(RequestSample sample) =>
        LabelTerms.All(t => (sample.Label(t.Key) == t.Value) != t.Negated);

    [GeneratedRegex(@"\s+AND\s+", RegexOptions.IgnoreCase)]
    private static partial Regex AndSplitter();

    [GeneratedRegex("^(?<key>[A-Za-z_.]+)\\s*(?<op>!=|=)\\s*\"(?<value>[^\"]*)\"$")]
    private static partial Regex Comparison();
}
