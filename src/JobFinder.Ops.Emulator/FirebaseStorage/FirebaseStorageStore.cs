using System.Text.Json.Nodes;
using JobFinder.Ops.Emulator.Hosting;
using JobFinder.Ops.Emulator.Infrastructure.Persistence;
using JobFinder.Ops.Emulator.Storage;

namespace JobFinder.Ops.Emulator.FirebaseStorage;

/// <summary>Which Cloud Storage buckets each project has linked to Firebase, and which of them is the default
/// bucket (the one Firebase clients and <c>firebase deploy --only storage</c> use). The seeded projects are
/// older Firebase projects: their default bucket is <c>&lt;project&gt;.appspot.com</c>.</summary>
internal sealed class FirebaseStorageStore : IPersistentStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, string?> _defaults = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SortedSet<string>> _linked = new(StringComparer.Ordinal);
    private readonly IReadOnlyList<string> _projects;
    private readonly Lazy<StatePersistence> _persistence;

    public FirebaseStorageStore(EmulatorContext context, IServiceProvider services)
    {
        _projects = context.ProjectIds;
        // Resolved lazily: the persistence service itself depends on every persistent store.
        _persistence = new Lazy<StatePersistence>(services.GetRequiredService<StatePersistence>);
        Reset();
    }

    public string Name => "firebasestorage";

    public string? DefaultBucket(string project)
    {
        lock (_gate)
        {
            return _defaults.GetValueOrDefault(project);
        }
    }

    public IReadOnlyList<string> Linked(string project)
    {
        lock (_gate)
        {
            return _linked.TryGetValue(project, out var set) ? set.ToList() : [];
        }
    }

    public bool IsLinked(string project, string bucket)
    {
        lock (_gate)
        {
            return _linked.TryGetValue(project, out var set) && set.Contains(bucket);
        }
    }

    public void SetDefault(string project, string? bucket)
    {
        lock (_gate)
        {
            _defaults[project] = bucket;
            if (bucket is not null)
            {
                LinkedLocked(project).Add(bucket);
            }
        }
        _persistence.Value.MarkDirty();
    }

    public void Link(string project, string bucket, bool linked)
    {
        lock (_gate)
        {
            if (linked)
            {
                LinkedLocked(project).Add(bucket);
            }
            else
            {
                LinkedLocked(project).Remove(bucket);
                if (_defaults.GetValueOrDefault(project) == bucket)
                {
                    _defaults[project] = null;
                }
            }
        }
        _persistence.Value.MarkDirty();
    }

    public JsonNode Save()
    {
        lock (_gate)
        {
            var state = new JsonObject();
            foreach (var project in _linked.Keys.Union(_defaults.Keys).Distinct(StringComparer.Ordinal))
            {
                state[project] = new JsonObject
                {
                    ["default"] = _defaults.GetValueOrDefault(project),
                    ["linked"] = new JsonArray(LinkedLocked(project).Select(b => (JsonNode)b).ToArray()),
                };
            }
            return state;
        }
    }

    public void Load(JsonNode state)
    {
        lock (_gate)
        {
            _defaults.Clear();
            _linked.Clear();
            foreach (var (project, entry) in state.AsObject())
            {
                _defaults[project] = (string?)entry!["default"];
                _linked[project] = new SortedSet<string>(entry["linked"]!.AsArray().Select(b => b!.GetValue<string>()), StringComparer.Ordinal);
            }
        }
    }

    public void Reset()
    {
        lock (_gate)
        {
            _defaults.Clear();
            _linked.Clear();
            foreach (var project in _projects)
            {
                var bucket = StorageStore.DefaultBucketOf(project);
                _defaults[project] = bucket;
                _linked[project] = new SortedSet<string>([bucket], StringComparer.Ordinal);
            }
        }
    }

    private SortedSet<string> LinkedLocked(string project)
    {
        if (!_linked.TryGetValue(project, out var set))
        {
            _linked[project] = set = new SortedSet<string>(StringComparer.Ordinal);
        }
        return set;
    }
}
