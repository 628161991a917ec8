using System.Text.Json.Nodes;
using JobFinder.Ops.Emulator.Hosting;
using JobFinder.Ops.Emulator.Infrastructure.Persistence;

namespace JobFinder.Ops.Emulator.ServiceUsage;

/// <summary>Which services each project has enabled (Service Usage v1). The seeded projects are ones a
/// deployment has already reached, so every API the emulator serves for them starts enabled; a service
/// disabled through the API stays disabled until enabled again.</summary>
internal sealed class ServiceUsageStore : IPersistentStore
{
    /// <summary>The APIs the emulator stands in for, by their Service Usage names.</summary>
    public static readonly IReadOnlyList<string> SeededServices =
    [
        "artifactregistry.googleapis.com", "cloudbilling.googleapis.com", "cloudbuild.googleapis.com", "cloudfunctions.googleapis.com",
        "cloudresourcemanager.googleapis.com", "cloudscheduler.googleapis.com", "cloudtasks.googleapis.com",
        "eventarc.googleapis.com", "firebase.googleapis.com", "firebaserules.googleapis.com",
        "firebasestorage.googleapis.com", "firestore.googleapis.com", "iam.googleapis.com",
        "identitytoolkit.googleapis.com", "logging.googleapis.com", "monitoring.googleapis.com",
        "pubsub.googleapis.com", "run.googleapis.com", "secretmanager.googleapis.com",
        "serviceusage.googleapis.com", "storage.googleapis.com",
    ];

    private readonly Lock _gate = new();
    private readonly Dictionary<string, HashSet<string>> _enabled = new(StringComparer.Ordinal);
    private readonly IReadOnlyList<string> _projects;
    private readonly Lazy<StatePersistence> _persistence;

    public ServiceUsageStore(EmulatorContext context, IServiceProvider services)
    {
        _projects = context.ProjectIds;
        // Resolved lazily: the persistence service itself depends on every persistent store.
        _persistence = new Lazy<StatePersistence>(services.GetRequiredService<StatePersistence>);
        Reset();
    }

    public string Name => "serviceusage";

    public bool IsEnabled(string project, string service)
    {
        lock (_gate)
        {
            return _enabled.TryGetValue(project, out var set) && set.Contains(service);
        }
    }

    public IReadOnlyList<string> Enabled(string project)
    {
        lock (_gate)
        {
            return _enabled.TryGetValue(project, out var set) ? set.Order(StringComparer.Ordinal).ToList() : [];
        }
    }

    /// <summary>Sets the state; true when it changed.</summary>
    public bool SetEnabled(string project, string service, bool enabled)
    {
        bool changed;
        lock (_gate)
        {
            if (!_enabled.TryGetValue(project, out var set))
            {
                _enabled[project] = set = new HashSet<string>(StringComparer.Ordinal);
            }
            changed = enabled ? set.Add(service) : set.Remove(service);
        }
        if (changed)
        {
            _persistence.Value.MarkDirty();
        }
        return changed;
    }

    public JsonNode Save()
    {
        lock (_gate)
        {
            var state = new JsonObject();
            foreach (var (project, set) in _enabled)
            {
                state[project] = new JsonArray(set.Order(StringComparer.Ordinal).Select(s => (JsonNode)s).ToArray());
            }
            return state;
        }
    }

    public void Load(JsonNode state)
    {
        lock (_gate)
        {
            _enabled.Clear();
            foreach (var (project, services) in state.AsObject())
            {
                _enabled[project] = new HashSet<string>(services!.AsArray().Select(s => s!.GetValue<string>()), StringComparer.Ordinal);
            }
        }
    }

    public void Reset()
    {
        lock (_gate)
        {
            _enabled.Clear();
            foreach (var project in _projects)
            {
                _enabled[project] = new HashSet<string>(SeededServices, StringComparer.Ordinal);
            }
        }
    }
}
