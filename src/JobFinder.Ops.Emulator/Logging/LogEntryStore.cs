using System.Text.Json.Nodes;
using JobFinder.Ops.Emulator.Infrastructure.Persistence;

namespace JobFinder.Ops.Emulator.Logging;

/// <summary>Cloud Logging entries (the <c>LogEntry</c> JSON of logging-v2), bounded by age and count like the
/// metric samples. Entries are kept in insertion order, which is timestamp order for the worker output
/// that fills it.</summary>
public sealed class LogEntryStore(TimeProvider time, StatePersistence persistence) : IPersistentStore
{
    public const int MaxEntries = 200_000;

    /// <summary>Cloud Logging's default retention for the _Default bucket is 30 days; a day is plenty here.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);

    private readonly Lock gate = new();
    private readonly LinkedList<StoredLogEntry> entries = new();
    private long sequence;

    public string Name => "logging";

    public void Add(string project, DateTimeOffset timestamp, JsonObject entry)
    {
        lock (gate)
        {
            entry["insertId"] = $"{timestamp.ToUnixTimeMilliseconds():x}{++sequence:x6}";
            entries.AddLast(new StoredLogEntry(project, timestamp, sequence, entry));
            var oldest = time.GetUtcNow() - Retention;
            while (entries.Count > MaxEntries || (entries.First is { } first && first.Value.Timestamp < oldest))
            {
                entries.RemoveFirst();
            }
        }

        persistence.MarkDirty();
    }

    /// <summary>Deep copies of the entries of <paramref name="projects"/> matching <paramref name="predicate"/>.</summary>
    public IReadOnlyList<StoredLogEntry> Query(IReadOnlyCollection<string> projects, Func<JsonObject, bool> predicate)
    {
        lock (gate)
        {
            return entries.Where(e => projects.Contains(e.Project) && predicate(e.Entry))
                .Select(e => e with { Entry = e.Entry.DeepClone().AsObject() }).ToList();
        }
    }

    public JsonNode Save()
    {
        lock (gate)
        {
            return new JsonArray(entries.Select(e => (JsonNode)new JsonObject
            {
                ["project"] = e.Project,
                ["ticks"] = e.Timestamp.UtcTicks,
                ["seq"] = e.Sequence,
                ["entry"] = e.Entry.DeepClone(),
            }).ToArray());
        }
    }

    public void Load(JsonNode state)
    {
        lock (gate)
        {
            entries.Clear();
            foreach (var row in state.AsArray().OfType<JsonObject>())
            {
                var entry = new StoredLogEntry(
                    row["project"]!.GetValue<string>(),
                    new DateTimeOffset(row["ticks"]!.GetValue<long>(), TimeSpan.Zero),
                    row["seq"]!.GetValue<long>(),
                    row["entry"]!.DeepClone().AsObject());
                entries.AddLast(entry);
                sequence = Math.Max(sequence, entry.Sequence);
            }
        }
    }

    public void Reset()
    {
        lock (gate)
        {
            entries.Clear();
        }
    }
}

public sealed record StoredLogEntry(string Project, DateTimeOffset Timestamp, long Sequence, JsonObject Entry);
