using System.Text.Json.Nodes;
using JobFinder.Ops.Emulator.Hosting;
using JobFinder.Ops.Emulator.Infrastructure;
using JobFinder.Ops.Emulator.Infrastructure.Persistence;
using JobFinder.Ops.Emulator.Monitoring;

namespace JobFinder.Ops.Emulator.Secrets;

/// <summary>Secret Manager secrets and versions as their JSON (payloads kept base64 in <c>payload.data</c> of
/// the stored version, never rendered by get/list), keyed by full name with the project id.</summary>
public sealed class SecretStore : IPersistentStore
{
    /// <summary>A secret the seeded example backend declares, set in every project as a real project has it
    /// after <c>firebase functions:secrets:set</c>.</summary>
    public const string SeededSecret = "GENERATOR_API_KEY";

    private readonly StatePersistence persistence;
    private readonly EmulatorContext context;

    public SecretStore(StatePersistence persistence, EmulatorContext context)
    {
        this.persistence = persistence;
        this.context = context;
        Reset();
    }

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

    /// <summary>The payload of a version (<c>latest</c> resolved now), as <c>versions.access</c> returns it:
    /// FAILED_PRECONDITION when the version is not ENABLED, NOT_FOUND when there is none.</summary>
    public (JsonObject Version, byte[] Payload) Access(string secretName, string version)
    {
        var resolved = ResolveVersion(secretName, version);
        if (resolved["state"]?.GetValue<string>() != "ENABLED")
        {
            throw GoogleErrors.FailedPrecondition($"Secret Version [{resolved["name"]}] is in {resolved["state"]} state.");
        }

        return (resolved, Convert.FromBase64String(resolved["payload"]!["data"]!.GetValue<string>()));
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
        foreach (var project in context.ProjectIds)
        {
            var secret = $"projects/{project}/secrets/{SeededSecret}";
            Secrets.Add(secret, new JsonObject
            {
                ["name"] = secret,
                ["replication"] = new JsonObject { ["automatic"] = new JsonObject() },
                ["createTime"] = "2026-01-01T00:00:00Z",
            });
            var value = System.Text.Encoding.UTF8.GetBytes("emulator-generator-key-" + project);
            Versions.Add(secret + "/versions/1", new JsonObject
            {
                ["name"] = secret + "/versions/1",
                ["createTime"] = "2026-01-01T00:00:00Z",
                ["state"] = "ENABLED",
                ["payload"] = new JsonObject { ["data"] = Convert.ToBase64String(value), ["dataCrc32c"] = GoogleJson.Int64(Storage.Crc32C.Compute(value)) },
            });
        }
    }
}
