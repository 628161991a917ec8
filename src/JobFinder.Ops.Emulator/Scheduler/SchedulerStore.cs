using System.Text.Json.Nodes;
using JobFinder.Ops.Emulator.Infrastructure.Persistence;
using JobFinder.Ops.Emulator.Monitoring;

namespace JobFinder.Ops.Emulator.Scheduler;

/// <summary>Cloud Scheduler jobs as their JSON, keyed by full name. Besides the Job fields the store keeps
/// <c>scheduleTime</c> (the next run, output only) which the dispatcher moves on after each attempt.</summary>
public sealed class SchedulerStore(StatePersistence persistence) : IPersistentStore
{
    internal JsonResourceCollection Jobs { get; } = new();

    public string Name => "scheduler";

    public void MarkChanged() => persistence.MarkDirty();

    public JsonNode Save() => new JsonObject { ["jobs"] = Jobs.Save() };

    public void Load(JsonNode state) => Jobs.Load(state["jobs"] as JsonArray);

    public void Reset() => Jobs.Clear();

    /// <summary>Every job of every project (the dispatcher's scan).</summary>
    public IReadOnlyList<JsonObject> All() => Jobs.All();
}
