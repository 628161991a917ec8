using System.Text.Json;
using System.Text.Json.Nodes;
using JobFinder.Ops.Emulator.Infrastructure;
using JobFinder.Ops.Emulator.Infrastructure.Persistence;

namespace JobFinder.Ops.Emulator.Functions;

/// <summary>Cloud Functions v2 functions, under one lock; callers work on them through delegates.</summary>
public sealed class FunctionStore(StatePersistence persistence) : IPersistentStore
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, FunctionRecord> functions = new(StringComparer.Ordinal);

    public string Name => "functions";

    public static string FunctionName(string project, string location, string id) => $"projects/{project}/locations/{location}/functions/{id}";

    public void Add(FunctionRecord record)
    {
        lock (gate)
        {
            if (!functions.TryAdd(record.Name, record))
            {
                throw GoogleErrors.AlreadyExists($"Function {record.Id} in region {record.Location} in project {record.Project} already exists");
            }
        }

        persistence.MarkDirty();
    }

    public T Read<T>(string name, Func<FunctionRecord, T> read)
    {
        lock (gate)
        {
            return read(Find(name));
        }
    }

    public T Update<T>(string name, Func<FunctionRecord, T> update)
    {
        T result;
        lock (gate)
        {
            result = update(Find(name));
        }

        persistence.MarkDirty();
        return result;
    }

    public IReadOnlyList<FunctionRecord> Snapshot(string project, string location)
    {
        lock (gate)
        {
            return functions.Values
                .Where(f => f.Project == project && (location == "-" || f.Location == location))
                .OrderBy(f => f.Name, StringComparer.Ordinal)
                .ToList();
        }
    }

    public void Remove(string name)
    {
        lock (gate)
        {
            functions.Remove(name);
        }

        persistence.MarkDirty();
    }

    public JsonNode Save()
    {
        lock (gate)
        {
            return JsonSerializer.SerializeToNode(functions.Values.OrderBy(f => f.Name, StringComparer.Ordinal).ToList(), GoogleJson.Options)!;
        }
    }

    public void Load(JsonNode state)
    {
        var loaded = state.Deserialize<List<FunctionRecord>>(GoogleJson.Options) ?? [];
        lock (gate)
        {
            functions.Clear();
            foreach (var record in loaded)
            {
                functions[record.Name] = record;
            }
        }
    }

    public void Reset()
    {
        lock (gate)
        {
            functions.Clear();
        }
    }

    private FunctionRecord Find(string name) =>
        functions.GetValueOrDefault(name) ?? throw GoogleErrors.NotFound($"Resource '{name}' was not found");
}
