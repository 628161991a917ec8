using JobFinder.Ops.Emulator.Scheduler;
using System.Text.Json.Nodes;
using JobFinder.Ops.Emulator.Hosting;
using JobFinder.Ops.Emulator.Infrastructure.Quotas;

namespace JobFinder.Ops.Emulator.Admin;

/// <summary>The body of <c>GET /_emulator/info</c> (also the CLI's second stdout line).</summary>
public static class EmulatorInfo
{
    public static JsonObject ToJson(EmulatorContext context, SchedulerClock scheduler) => new()
    {
        ["address"] = context.BaseAddress.ToString(),
        ["projects"] = new JsonArray(context.ProjectIds.Select(p => (JsonNode)p).ToArray()),
        ["keyFilePath"] = context.KeyFilePath,
        ["readOnlyKeyFilePath"] = context.ReadOnlyKeyFilePath,
        ["apiKey"] = context.ApiKey,
        ["apiKeys"] = new JsonObject(context.ProjectIds.Select(p => KeyValuePair.Create(p, (JsonNode?)context.ApiKeyFor(p)))),
        ["testUser"] = new JsonObject { ["email"] = context.TestUser.Email, ["password"] = context.TestUser.Password },
        ["profile"] = context.Options.Profile == LatencyProfile.Realistic ? "realistic" : "fast",
        ["dataPath"] = context.Options.DataPath,
        ["strict"] = context.Options.Strict,
        ["schedulerTimeScale"] = scheduler.TimeScale,
        ["monitoring"] = new JsonObject
        {
            ["samplePeriodSeconds"] = context.Monitoring.SamplePeriod.TotalSeconds,
            ["visibilityDelaySeconds"] = context.Monitoring.VisibilityDelay.TotalSeconds,
            ["timeScale"] = context.Monitoring.TimeScale,
        },
        // The admin-API rate quotas in force (Google's defaults; windows scaled like Monitoring's timing).
        ["quotas"] = new JsonObject
        {
            ["timeScale"] = context.Monitoring.TimeScale,
            ["limits"] = new JsonArray(RateQuotaCatalog.All.Select(q => (JsonNode)q.ToJson(context.Monitoring.TimeScale)).ToArray()),
        },
        // What deployed code that uses the Admin SDK is given (see docs/design/emulator-contract.md).
        ["firestoreGrpcPort"] = context.FirestoreGrpcPort,
        ["emulatorHosts"] = new JsonObject(context.FirebaseEmulatorHosts.Select(h => KeyValuePair.Create(h.Key, (JsonNode?)h.Value))),
    };
}
