using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using JobFinder.Ops.Emulator.Auth;
using JobFinder.Ops.Emulator.Infrastructure;
using JobFinder.Ops.Emulator.Infrastructure.Persistence;

namespace JobFinder.Ops.Emulator.Monitoring;

/// <summary>Cloud Monitoring configuration: alert policies, notification channels, Service Monitoring
/// services and their SLOs. Projects start with none, like a fresh project.</summary>
internal sealed class MonitoringStore : IPersistentStore
{
    private readonly Lazy<StatePersistence> _persistence;

    public MonitoringStore(TimeProvider time, IServiceProvider services)
    {
        Time = time;
        // Resolved lazily: the persistence service itself depends on every persistent store.
        _persistence = new Lazy<StatePersistence>(services.GetRequiredService<StatePersistence>);
    }

    public string Name => "monitoring";

    public TimeProvider Time { get; }

    public JsonResourceCollection AlertPolicies { get; } = new();

    public JsonResourceCollection NotificationChannels { get; } = new();

    public JsonResourceCollection Services { get; } = new();

    public JsonResourceCollection ServiceLevelObjectives { get; } = new();

    public void MarkChanged() => _persistence.Value.MarkDirty();

    /// <summary>creationRecord/mutationRecord: when and by whom.</summary>
    public JsonObject MutationRecord(HttpContext http) => new()
    {
        ["mutateTime"] = GoogleJson.Timestamp(Time.GetUtcNow()),
        ["mutatedBy"] = http.TryGetPrincipal()?.Id ?? "unknown",
    };

    /// <summary>Numeric ids like the ones Monitoring assigns (alert policies, channels, conditions).</summary>
    public static string NewNumericId() =>
        (RandomNumberGenerator.GetInt32(1, int.MaxValue) * 1_000_000_000L + RandomNumberGenerator.GetInt32(0, 1_000_000_000))
            .ToString(CultureInfo.InvariantCulture);

    public JsonNode Save() => new JsonObject
    {
        ["alertPolicies"] = AlertPolicies.Save(),
        ["notificationChannels"] = NotificationChannels.Save(),
        ["services"] = Services.Save(),
        ["serviceLevelObjectives"] = ServiceLevelObjectives.Save(),
    };

    public void Load(JsonNode state)
    {
        AlertPolicies.Load(state["alertPolicies"] as JsonArray);
        NotificationChannels.Load(state["notificationChannels"] as JsonArray);
        Services.Load(state["services"] as JsonArray);
        ServiceLevelObjectives.Load(state["serviceLevelObjectives"] as JsonArray);
    }

    public void Reset()
    {
        AlertPolicies.Clear();
        NotificationChannels.Clear();
        Services.Clear();
        ServiceLevelObjectives.Clear();
    }
}
