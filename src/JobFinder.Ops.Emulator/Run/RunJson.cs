using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using JobFinder.Ops.Emulator.Infrastructure;

namespace JobFinder.Ops.Emulator.Run;

/// <summary>Renders services and revisions as google.cloud.run.v2 JSON (proto3 JSON: defaults omitted,
/// int64 as strings, full names for latest*Revision, short ids in traffic).</summary>
public static class RunJson
{
    public const string ServiceType = "type.googleapis.com/google.cloud.run.v2.Service";
    public const string RevisionType = "type.googleapis.com/google.cloud.run.v2.Revision";

    public static string ServiceUri(string origin, RunService service) => $"{origin}/_run/{service.Project}/{service.Location}/{service.Id}";

    public static string TagUri(string origin, RunService service, string tag) => $"{origin}/_run/{service.Project}/{service.Location}/{tag}---{service.Id}";

    public static JsonObject Service(RunService service, DateTimeOffset now, string origin)
    {
        var latestReady = service.LatestReady(now);
        var latestCreated = service.LatestCreated;
        var creatingRevision = latestCreated is not null && !latestCreated.IsReady(now) && !latestCreated.HasFailed(now);
        var reconciling = service.PendingChanges > 0 || creatingRevision;
        var json = new JsonObject
        {
            ["name"] = service.Name,
            ["uid"] = service.Uid,
            ["generation"] = GoogleJson.Int64(service.Generation),
            ["labels"] = Map(service.Labels),
            ["annotations"] = Map(service.Annotations),
            ["createTime"] = GoogleJson.Timestamp(service.CreateTime),
            ["updateTime"] = GoogleJson.Timestamp(service.UpdateTime),
            ["creator"] = "jobfinder-deployer",
            ["lastModifier"] = "jobfinder-deployer",
            ["ingress"] = "INGRESS_TRAFFIC_ALL",
            ["launchStage"] = "GA",
            ["template"] = service.Template.DeepClone(),
            ["traffic"] = new JsonArray(service.Traffic.Select(t => (JsonNode)t.ToJson()).ToArray()),
            ["observedGeneration"] = GoogleJson.Int64(service.ObservedGeneration),
            ["terminalCondition"] = TerminalCondition(service, reconciling, now),
            ["conditions"] = new JsonArray(
                Condition("RoutesReady", service.FailureMessage is null ? (reconciling ? "CONDITION_PENDING" : "CONDITION_SUCCEEDED") : "CONDITION_FAILED", service.UpdateTime, service.FailureMessage),
                Condition("ConfigurationsReady", latestCreated?.HasFailed(now) == true ? "CONDITION_FAILED" : creatingRevision ? "CONDITION_PENDING" : "CONDITION_SUCCEEDED", service.UpdateTime, null)),
            ["trafficStatuses"] = new JsonArray(service.ServingTraffic.Select(t =>
                (JsonNode)t.ToJson(t.Tag is null ? null : TagUri(origin, service, t.Tag))).ToArray()),
            ["uri"] = ServiceUri(origin, service),
            ["urls"] = new JsonArray(ServiceUri(origin, service)),
            ["etag"] = service.Etag,
        };
        if (latestReady is not null)
        {
            json["latestReadyRevision"] = service.RevisionName(latestReady.Id);
        }

        if (latestCreated is not null)
        {
            json["latestCreatedRevision"] = service.RevisionName(latestCreated.Id);
        }

        if (reconciling)
        {
            json["reconciling"] = true;
        }

        return json;
    }

    public static JsonObject Revision(RunService service, RunRevision revision, DateTimeOffset now)
    {
        var state = revision.IsReady(now) ? "CONDITION_SUCCEEDED" : revision.HasFailed(now) ? "CONDITION_FAILED" : "CONDITION_PENDING";
        var template = revision.Template;
        var json = new JsonObject
        {
            ["name"] = service.RevisionName(revision.Id),
            ["uid"] = revision.Uid,
            ["generation"] = "1",
            ["labels"] = new JsonObject
            {
                ["serving.knative.dev/service"] = service.Id,
                ["serving.knative.dev/configuration"] = service.Id,
                ["goog-managed-by"] = service.Labels.GetValueOrDefault("goog-managed-by", "cloudrun"),
            },
            ["annotations"] = Map(service.Annotations),
            ["createTime"] = GoogleJson.Timestamp(revision.CreateTime),
            ["updateTime"] = GoogleJson.Timestamp(revision.CreateTime),
            ["launchStage"] = "GA",
            ["service"] = service.Name,
            ["scaling"] = template["scaling"]?.DeepClone() ?? new JsonObject { ["maxInstanceCount"] = 100 },
            ["timeout"] = GoogleJson.Duration(TimeSpan.FromSeconds(revision.TimeoutSeconds)),
            ["maxInstanceRequestConcurrency"] = template["maxInstanceRequestConcurrency"]?.DeepClone() ?? 80,
            ["containers"] = new JsonArray(new JsonObject
            {
                ["image"] = revision.Image,
                // Secrets stay references (name, secret, version): Run never renders a secret's value.
                ["env"] = new JsonArray([
                    .. revision.Environment.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => (JsonNode)new JsonObject { ["name"] = kv.Key, ["value"] = kv.Value }),
                    .. SecretEnvReference.In(template).Select(s => (JsonNode)s.ToJson()),
                ]),
                ["ports"] = new JsonArray(new JsonObject { ["name"] = "http1", ["containerPort"] = 8080 }),
            }),
            ["conditions"] = new JsonArray(
                Condition("Ready", state, revision.ReadyAt, revision.HasFailed(now) ? RunRevision.StartupFailureMessage : null),
                Condition("ContainerHealthy", state, revision.ReadyAt, null)),
            ["observedGeneration"] = "1",
            ["logUri"] = $"https://console.cloud.google.com/logs/viewer?project={service.Project}&resource=cloud_run_revision/service_name/{service.Id}/revision_name/{revision.Id}",
            ["etag"] = RevisionEtag(revision),
        };
        if (state == "CONDITION_PENDING")
        {
            json["reconciling"] = true;
        }

        return json;
    }

    public static string RevisionEtag(RunRevision revision) =>
        "\"" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(revision.Uid)).AsSpan(0, 12)) + "\"";

    private static JsonObject TerminalCondition(RunService service, bool reconciling, DateTimeOffset now)
    {
        if (service.FailureMessage is not null)
        {
            return Condition("Ready", "CONDITION_FAILED", service.UpdateTime, service.FailureMessage);
        }

        return Condition("Ready", reconciling ? "CONDITION_PENDING" : "CONDITION_SUCCEEDED", reconciling ? now : service.UpdateTime, null);
    }

    private static JsonObject Condition(string type, string state, DateTimeOffset time, string? message)
    {
        var json = new JsonObject
        {
            ["type"] = type,
            ["state"] = state,
            ["lastTransitionTime"] = GoogleJson.Timestamp(time),
        };
        if (message is not null)
        {
            json["message"] = message;
            json["severity"] = "ERROR";
        }

        return json;
    }

    private static JsonObject Map(IReadOnlyDictionary<string, string> map)
    {
        var json = new JsonObject();
        foreach (var (key, value) in map.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            json[key] = value;
        }

        return json;
    }
}
