using System.Text.Json.Nodes;
using JobFinder.Ops.Emulator.Infrastructure;
using JobFinder.Ops.Emulator.Infrastructure.Persistence;
using JobFinder.Ops.Emulator.Monitoring;

namespace JobFinder.Ops.Emulator.Dashboards;

/// <summary>Monitoring dashboards (Dashboards API v1) of every project.</summary>
internal sealed class DashboardsStore : IPersistentStore
{
    private readonly Lazy<StatePersistence> _persistence;

    public DashboardsStore(IServiceProvider services) =>
        // Resolved lazily: the persistence service itself depends on every persistent store.
        _persistence = new Lazy<StatePersistence>(services.GetRequiredService<StatePersistence>);

    public string Name => "dashboards";

    public JsonResourceCollection Dashboards { get; } = new();

    public void MarkChanged() => _persistence.Value.MarkDirty();

    public JsonNode Save() => Dashboards.Save();

    public void Load(JsonNode state) => Dashboards.Load(state as JsonArray);

    public void Reset() => Dashboards.Clear();
}
