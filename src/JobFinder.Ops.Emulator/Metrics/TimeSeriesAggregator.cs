using System.Globalization;
using System.Text.Json.Nodes;
using JobFinder.Ops.Emulator.Infrastructure;

namespace JobFinder.Ops.Emulator.Metrics;

/// <summary>Turns request samples into Monitoring TimeSeries: per-series alignment over windows of
/// <c>alignmentPeriod</c> ending at <c>interval.endTime</c>, then optional cross-series reduction grouped by
/// <c>groupByFields</c>. Without an aligner, raw DELTA points per minute. Points newest first.</summary>
public static class TimeSeriesAggregator
{
    private static readonly string[] ResourceLabels = ["project_id", "location", "service_name", "revision_name", "configuration_name"];
    private static readonly string[] MetricLabels = ["response_code", "response_code_class"];

    public static List<JsonObject> Build(TimeSeriesQuery query, IReadOnlyList<RequestSample> samples)
    {
        var windows = Windows(query, samples);
        var series = samples.GroupBy(SeriesKey).ToList();

        if (query.Reducer == "REDUCE_NONE")
        {
            return series
                .Select(group => Render(query, group.First(), null, windows.Select(w => (w, Align(query, group.Where(s => In(w, s.Time)).ToList(), w))).ToList()))
                .Where(s => s is not null)
                .Select(s => s!)
                .OrderBy(s => s.ToJsonString(), StringComparer.Ordinal)
                .ToList();
        }

        return series
            .GroupBy(g => string.Join("\u0001", query.GroupByFields.Select(f => g.First().Label(f) ?? string.Empty)))
            .Select(reduced =>
            {
                var points = windows.Select(w =>
                {
                    var aligned = reduced.Select(g => Align(query, g.Where(s => In(w, s.Time)).ToList(), w)).Where(v => v is not null).Select(v => v!).ToList();
                    return (w, Reduce(query.Reducer, aligned));
                }).ToList();
                return Render(query, reduced.First().First(), query.GroupByFields, points);
            })
            .Where(s => s is not null)
            .Select(s => s!)
            .ToList();
    }

    private static List<(DateTimeOffset Start, DateTimeOffset End)> Windows(TimeSeriesQuery query, IReadOnlyList<RequestSample> samples)
    {
        var windows = new List<(DateTimeOffset, DateTimeOffset)>();
        if (query.AlignmentPeriod is { } period && query.Aligner != "ALIGN_NONE")
        {
            for (var end = query.End; end > query.Start && windows.Count < 10_000; end -= period)
            {
                windows.Add((end - period, end));
            }

            return windows;
        }

        // Raw DELTA points: one per minute that had requests.
        foreach (var minute in samples.Select(s => MinuteEnd(s.Time)).Distinct().OrderDescending())
        {
            windows.Add((minute - TimeSpan.FromMinutes(1), minute));
        }

        return windows;
    }

    private static DateTimeOffset MinuteEnd(DateTimeOffset time)
    {
        var floor = new DateTimeOffset(time.UtcTicks - (time.UtcTicks % TimeSpan.TicksPerMinute), TimeSpan.Zero);
        return floor == time ? floor : floor + TimeSpan.FromMinutes(1);
    }

    private static bool In((DateTimeOffset Start, DateTimeOffset End) window, DateTimeOffset time) => time > window.Start && time <= window.End;

    private static AlignedValue? Align(TimeSeriesQuery query, IReadOnlyList<RequestSample> samples, (DateTimeOffset Start, DateTimeOffset End) window)
    {
        if (samples.Count == 0)
        {
            return null;
        }

        var seconds = (window.End - window.Start).TotalSeconds;
        if (!query.IsDistribution)
        {
            return query.Aligner switch
            {
                "ALIGN_NONE" or "ALIGN_DELTA" or "ALIGN_SUM" or "ALIGN_COUNT" => new AlignedValue(samples.Count, null, null),
                "ALIGN_RATE" => new AlignedValue(null, samples.Count / seconds, null),
                _ => throw Unsupported(query.Aligner, query.MetricType),
            };
        }

        var latencies = samples.Select(s => s.LatencyMs).ToList();
        return query.Aligner switch
        {
            "ALIGN_NONE" or "ALIGN_DELTA" or "ALIGN_SUM" => new AlignedValue(null, null, latencies),
            "ALIGN_COUNT" => new AlignedValue(latencies.Count, null, null),
            "ALIGN_MEAN" => new AlignedValue(null, latencies.Average(), null),
            _ when PercentileOf(query.Aligner, "ALIGN_PERCENTILE_") is { } p => new AlignedValue(null, AlignedValue.Percentile(latencies, p), null),
            _ => throw Unsupported(query.Aligner, query.MetricType),
        };
    }

    private static AlignedValue? Reduce(string reducer, IReadOnlyList<AlignedValue> values)
    {
        if (values.Count == 0)
        {
            return null;
        }

        var distributions = values.All(v => v.Samples is not null);
        var merged = distributions ? values.SelectMany(v => v.Samples!).ToList() : null;
        return reducer switch
        {
            "REDUCE_SUM" when distributions => new AlignedValue(null, null, merged),
            "REDUCE_SUM" when values.All(v => v.Int is not null) => new AlignedValue(values.Sum(v => v.Int!.Value), null, null),
            "REDUCE_SUM" => new AlignedValue(null, values.Sum(v => v.AsDouble), null),
            "REDUCE_MEAN" => new AlignedValue(null, distributions ? merged!.Average() : values.Average(v => v.AsDouble), null),
            "REDUCE_COUNT" => new AlignedValue(values.Count, null, null),
            "REDUCE_MAX" => new AlignedValue(null, values.Max(v => v.AsDouble), null),
            "REDUCE_MIN" => new AlignedValue(null, values.Min(v => v.AsDouble), null),
            _ when PercentileOf(reducer, "REDUCE_PERCENTILE_") is { } p =>
                new AlignedValue(null, AlignedValue.Percentile(distributions ? merged! : values.Select(v => v.AsDouble).ToList(), p), null),
            _ => throw GoogleErrors.InvalidArgument($"Unsupported cross-series reducer {reducer}.", [("aggregation.cross_series_reducer", "unsupported")]),
        };
    }

    private static JsonObject? Render(TimeSeriesQuery query, RequestSample exemplar, IReadOnlyList<string>? groupBy, IReadOnlyList<((DateTimeOffset Start, DateTimeOffset End) Window, AlignedValue? Value)> points)
    {
        var present = points.Where(p => p.Value is not null).ToList();
        if (present.Count == 0)
        {
            return null;
        }

        var metricLabels = new JsonObject();
        foreach (var label in MetricLabels.Where(l => groupBy is null || groupBy.Contains("metric.labels." + l)))
        {
            metricLabels[label] = exemplar.Label("metric.labels." + label);
        }

        var resourceLabels = new JsonObject();
        foreach (var label in ResourceLabels.Where(l => groupBy is null || groupBy.Contains("resource.labels." + l)))
        {
            resourceLabels[label] = exemplar.Label("resource.labels." + label);
        }

        var valueType = present[0].Value!.ValueType;
        var gauge = valueType == "DOUBLE" || (query.Aligner is not ("ALIGN_NONE" or "ALIGN_DELTA" or "ALIGN_SUM" or "ALIGN_COUNT"));
        return new JsonObject
        {
            ["metric"] = new JsonObject { ["type"] = query.MetricType, ["labels"] = metricLabels },
            ["resource"] = new JsonObject { ["type"] = "cloud_run_revision", ["labels"] = resourceLabels },
            ["metricKind"] = gauge ? "GAUGE" : "DELTA",
            ["valueType"] = valueType,
            ["unit"] = query.IsDistribution && valueType != "INT64" ? "ms" : "1",
            ["points"] = new JsonArray(present
                .OrderByDescending(p => p.Window.End)
                .Select(p => (JsonNode)new JsonObject
                {
                    ["interval"] = new JsonObject
                    {
                        ["startTime"] = GoogleJson.Timestamp(gauge ? p.Window.End : p.Window.Start),
                        ["endTime"] = GoogleJson.Timestamp(p.Window.End),
                    },
                    ["value"] = p.Value!.ToJson(),
                }).ToArray()),
        };
    }

    private static string SeriesKey(RequestSample s) =>
        string.Join("\u0001", s.Project, s.Location, s.Service, s.Revision, s.ResponseCode.ToString(CultureInfo.InvariantCulture));

    private static double? PercentileOf(string name, string prefix) =>
        name.StartsWith(prefix, StringComparison.Ordinal) && double.TryParse(name[prefix.Length..], NumberStyles.Integer, CultureInfo.InvariantCulture, out var p) ? p : null;

    private static GoogleApiException Unsupported(string aligner, string metric) =>
        GoogleErrors.InvalidArgument($"The aligner {aligner} is not valid for metric {metric}.", [("aggregation.per_series_aligner", "unsupported for this metric")]);
}
