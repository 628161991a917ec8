using System.Text.Json.Nodes;
using JobFinder.Ops.Emulator.Hosting;
using JobFinder.Ops.Emulator.Infrastructure;
using JobFinder.Ops.Emulator.Infrastructure.Persistence;

namespace JobFinder.Ops.Emulator.Metrics;

/// <summary>Request samples of every revision, bounded by age and count so memory stays flat in a long demo.</summary>
public sealed class MetricStore(TimeProvider time, StatePersistence persistence) : IPersistentStore
{
    public const int MaxSamples = 500_000;
    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);

    private readonly Lock gate = new();
    private readonly LinkedList<RequestSample> samples = new();

    public string Name => "metrics";

    public void Record(RequestSample sample)
    {
        lock (gate)
        {
            samples.AddLast(sample);
            var oldest = time.GetUtcNow() - Retention;
            while (samples.Count > MaxSamples || (samples.First is { } first && first.Value.Time < oldest))
            {
                samples.RemoveFirst();
            }
        }

        persistence.MarkDirty();
    }

    /// <summary>What Cloud Monitoring shows now of the samples with <paramref name="start"/> &lt; time ≤
    /// <paramref name="end"/>: only those whose sample period's point is visible under
    /// <paramref name="timing"/>, each stamped with its period's end (a point's time), as Google shows
    /// a sampled metric.</summary>
    public IReadOnlyList<RequestSample> Visible(DateTimeOffset start, DateTimeOffset end, string project, MonitoringTiming timing)
    {
        var now = time.GetUtcNow();
        lock (gate)
        {
            return samples
                .Where(s => s.Project == project && timing.IsVisible(s.Time, now))
                .Select(s => s with { Time = timing.PeriodEnd(s.Time) })
                .Where(s => s.Time > start && s.Time <= end)
                .ToList();
        }
    }

    public JsonNode Save()
    {
        lock (gate)
        {
            // Compact rows: [utcTicks, project, location, service, revision, code, latencyMs].
            return new JsonArray(samples.Select(s => (JsonNode)new JsonArray(
                s.Time.UtcTicks, s.Project, s.Location, s.Service, s.Revision, s.ResponseCode, s.LatencyMs)).ToArray());
        }
    }

    public void Load(JsonNode state)
    {
        lock (gate)
        {
            samples.Clear();
            foreach (var row in state.AsArray().OfType<JsonArray>())
            {
                samples.AddLast(new RequestSample(
                    new DateTimeOffset(row[0]!.GetValue<long>(), TimeSpan.Zero),
                    row[1]!.GetValue<string>(),
                    row[2]!.GetValue<string>(),
                    row[3]!.GetValue<string>(),
                    row[4]!.GetValue<string>(),
                    row[5]!.GetValue<int>(),
                    row[6]!.GetValue<double>()));
            }
        }
    }

    public void Reset()
    {
        lock (gate)
        {
            samples.Clear();
        }
    }
}
