using System.Text.Json.Nodes;
using JobFinder.Ops.Emulator.Infrastructure;

namespace JobFinder.Ops.Emulator.Metrics;

/// <summary>One point value while aligning/reducing: an int64, a double, or a distribution (kept as the raw
/// latencies, so merging and percentiles are exact).</summary>
public sealed record AlignedValue(long? Int, double? Double, IReadOnlyList<double>? Samples)
{
    public const int FiniteBuckets = 64;
    public const double GrowthFactor = 1.4;
    public const double Scale = 1.0;

    public double AsDouble => Int ?? Double ?? (Samples is { Count: > 0 } s ? s.Average() : 0);

    public string ValueType => Int is not null ? "INT64" : Double is not null ? "DOUBLE" : "DISTRIBUTION";

    public static double Percentile(IReadOnlyList<double> values, double percentile)
    {
        if (values.Count == 0)
        {
            return 0;
        }

        var sorted = values.Order().ToList();
        var rank = percentile / 100 * (sorted.Count - 1);
        var low = (int)Math.Floor(rank);
        var high = (int)Math.Ceiling(rank);
        return sorted[low] + ((sorted[high] - sorted[low]) * (rank - low));
    }

    public JsonObject ToJson()
    {
        if (Int is { } i)
        {
            return new JsonObject { ["int64Value"] = GoogleJson.Int64(i) };
        }

        if (Double is { } d)
        {
            return new JsonObject { ["doubleValue"] = d };
        }

        return new JsonObject { ["distributionValue"] = Distribution(Samples ?? []) };
    }

    private static JsonObject Distribution(IReadOnlyList<double> values)
    {
        var mean = values.Count == 0 ? 0 : values.Average();
        var counts = new long[FiniteBuckets + 2];
        foreach (var value in values)
        {
            counts[BucketOf(value)]++;
        }

        var last = Array.FindLastIndex(counts, c => c > 0);
        var distribution = new JsonObject
        {
            ["count"] = GoogleJson.Int64(values.Count),
            ["mean"] = mean,
            ["sumOfSquaredDeviation"] = values.Sum(v => (v - mean) * (v - mean)),
            ["bucketOptions"] = new JsonObject
            {
                ["exponentialBuckets"] = new JsonObject { ["numFiniteBuckets"] = FiniteBuckets, ["growthFactor"] = GrowthFactor, ["scale"] = Scale },
            },
            ["bucketCounts"] = new JsonArray(counts.Take(last + 1).Select(c => (JsonNode)GoogleJson.Int64(c)).ToArray()),
        };
        return distribution;
    }

    /// <summary>Bucket 0 is (-inf, scale); bucket i is [scale·g^(i-1), scale·g^i); the last is overflow.</summary>
    private static int BucketOf(double value)
    {
        if (value < Scale)
        {
            return 0;
        }

        var index = (int)Math.Floor(Math.Log(value / Scale) / Math.Log(GrowthFactor)) + 1;
        return Math.Min(index, FiniteBuckets + 1);
    }
}
