using System.Text.Json.Nodes;
using JobFinder.Ops.Emulator.Infrastructure;
using JobFinder.Ops.Emulator.Infrastructure.Persistence;
using JobFinder.Ops.Emulator.Monitoring;

namespace JobFinder.Ops.Emulator.Secrets;

/// <summary>Secret Manager secrets and versions as their JSON (payloads kept base64 in <c>payload.data</c> of
/// the stored version, never rendered by get/list), keyed by full name with the project id.</summary>
public sealed class SecretStore(StatePersistence persistence) : IPersistentStore
{
    internal JsonResourceCollection Secrets { get; } = new();

    internal JsonResourceCollection Versions { get; } = new();

    public string Name => "secrets";

    public void MarkChanged() => persistence.MarkDirty();

    /// <summary>The version a name designates: a number, or <c>latest</c> (the newest ENABLED version, as
    /// secretmanager-v1 versions.get documents it). NOT_FOUND when there is none.</summary>
    public JsonObject ResolveVersion(string secretName, string version)
    {
        _ = Secrets.Get(secretName, "Secret");
        if (version != "latest")
        {
            return Versions.Get(secretName + "/versions/" + version, "Secret Version");
        }

        return Versions.List(secretName + "/versions/")
            .Where(v => v["state"]?.GetValue<string>() == "ENABLED")
            .OrderByDescending(v => long.Parse(v["name"]!.GetValue<string>().Split('/')[^1], System.Globalization.CultureInfo.InvariantCulture))
            .FirstOrDefault()
            ?? throw GoogleErrors.NotFound($"Secret Version [{secretName}/versions/latest] not found or has no enabled versions.");
    }

    public JsonNode Save() => new JsonObject { ["secrets"] = Secrets.Save(), ["versions"] = Versions.Save() };

    public void Load(JsonNode state)
    {
        Secrets.Load(state["secrets"] as JsonArray);
        Versions.Load(state["versions"] as JsonArray);
    }

    public void Reset()
    {
        Secrets.Clear();
        Versions.Clear();
    }
}
