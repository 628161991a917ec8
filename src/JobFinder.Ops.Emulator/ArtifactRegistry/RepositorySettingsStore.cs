using System.Text.Json.Nodes;
using JobFinder.Ops.Emulator.Infrastructure.Persistence;

namespace JobFinder.Ops.Emulator.ArtifactRegistry;

/// <summary>The settable fields of each Artifact Registry repository a client changed (cleanup policies,
/// dry run, labels, description), keyed by repository name.</summary>
public sealed class RepositorySettingsStore(StatePersistence persistence) : IPersistentStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, JsonObject> _settings = new(StringComparer.Ordinal);

    public string Name => "artifact-repositories";

    public JsonObject? Get(string repository)
    {
        lock (_gate)
        {
            return _settings.TryGetValue(repository, out var settings) ? (JsonObject)settings.DeepClone() : null;
        }
    }

    public void Set(string repository, JsonObject settings)
    {
        lock (_gate)
        {
            _settings[repository] = (JsonObject)settings.DeepClone();
        }
        persistence.MarkDirty();
    }

    public JsonNode Save()
    {
        lock (_gate)
        {
            return new JsonObject(_settings.Select(s => KeyValuePair.Create(s.Key, (JsonNode?)s.Value.DeepClone())));
        }
    }

    public void Load(JsonNode state)
    {
        lock (_gate)
        {
            _settings.Clear();
            foreach (var (name, settings) in state.AsObject())
            {
                _settings[name] = (JsonObject)settings!.DeepClone();
            }
        }
    }

    public void Reset()
    {
        lock (_gate)
        {
            _settings.Clear();
        }
    }
}
