using System.Text.Json.Nodes;
using JobFinder.Ops.Emulator.Infrastructure;

namespace JobFinder.Ops.Emulator.Functions;

/// <summary>Renders google.cloud.functions.v2 Function and OperationMetadata JSON.</summary>
public static class FunctionJson
{
    public const string FunctionType = "type.googleapis.com/google.cloud.functions.v2.Function";
    public const string MetadataType = "type.googleapis.com/google.cloud.functions.v2.OperationMetadata";

    /// <summary>Fields the service owns: ignored in requests, always rendered from state.</summary>
    public static readonly string[] OutputOnlyRoots = ["name", "state", "updateTime", "createTime", "url", "stateMessages", "satisfiesPzs", "satisfiesPzi", "upgradeInfo"];

    public static readonly string[] WritableRoots = ["buildConfig", "serviceConfig", "labels", "description", "eventTrigger", "kmsKeyName", "environment"];

    /// <param name="serviceUri">Run service URL once the service exists.</param>
    /// <param name="allTrafficOnLatest">Whether the latest revision serves 100% (GetFunction semantics).</param>
    public static JsonObject Render(FunctionRecord record, string? serviceUri, bool allTrafficOnLatest)
    {
        var json = record.Resource.DeepClone().AsObject();
        foreach (var root in OutputOnlyRoots)
        {
            json.Remove(root);
        }

        json["name"] = record.Name;
        json["environment"] ??= "GEN_2";
        json["state"] = record.State;
        json["createTime"] = GoogleJson.Timestamp(record.CreateTime);
        json["updateTime"] = GoogleJson.Timestamp(record.UpdateTime);

        var build = json["buildConfig"] as JsonObject ?? [];
        json["buildConfig"] = build;
        build["entryPoint"] ??= record.Id;
        build["dockerRepository"] ??= $"projects/{record.Project}/locations/{record.Location}/repositories/gcf-artifacts";
        build["serviceAccount"] ??= $"projects/{record.Project}/serviceAccounts/{ProjectNumbers.ComputeServiceAccount(record.Project)}";

        var service = json["serviceConfig"] as JsonObject ?? [];
        json["serviceConfig"] = service;
        service["availableMemory"] ??= "256M";
        service["availableCpu"] ??= FunctionConfigRules.DefaultCpu(service["availableMemory"]?.GetValue<string>());
        service["timeoutSeconds"] ??= 60;
        service["maxInstanceCount"] ??= 100;
        service["maxInstanceRequestConcurrency"] ??= 1;
        service["ingressSettings"] ??= "ALLOW_ALL";
        service["serviceAccountEmail"] ??= ProjectNumbers.ComputeServiceAccount(record.Project);
        service["service"] = record.ServiceName;
        service["allTrafficOnLatestRevision"] = allTrafficOnLatest;
        if (record.CurrentRevision is not null)
        {
            service["revision"] = record.CurrentRevision;
        }
        else
        {
            service.Remove("revision");
        }

        if (serviceUri is not null)
        {
            service["uri"] = serviceUri;
            json["url"] = serviceUri;
        }

        if (record.FailureMessage is not null)
        {
            json["stateMessages"] = new JsonArray(new JsonObject
            {
                ["severity"] = "ERROR",
                ["type"] = "DeploymentFailure",
                ["message"] = record.FailureMessage,
            });
        }

        return json;
    }

    public static JsonObject Metadata(FunctionRecord record, string verb, JsonObject? requestResource, DateTimeOffset now)
    {
        var metadata = new JsonObject
        {
            ["@type"] = MetadataType,
            ["createTime"] = GoogleJson.Timestamp(now),
            ["target"] = record.Name,
            ["verb"] = verb,
            ["apiVersion"] = "v2",
            ["operationType"] = verb switch { "create" => "CREATE_FUNCTION", "update" => "UPDATE_FUNCTION", _ => "DELETE_FUNCTION" },
        };
        if (requestResource is not null)
        {
            var request = requestResource.DeepClone().AsObject();
            request["@type"] = FunctionType;
            metadata["requestResource"] = request;
            metadata["stages"] = new JsonArray(
                Stage("ARTIFACT_REGISTRY", "NOT_STARTED"),
                Stage("BUILD", "NOT_STARTED"),
                Stage("SERVICE", "NOT_STARTED"),
                Stage("TRIGGER", "NOT_STARTED"),
                Stage("SERVICE_ROLLBACK", "NOT_STARTED"),
                Stage("TRIGGER_ROLLBACK", "NOT_STARTED"));
        }

        return metadata;
    }

    /// <summary>Moves stages along with the elapsed fraction: artifact registry, build, then service.</summary>
    public static void AdvanceStages(JsonObject metadata, double fraction, string serviceName)
    {
        if (metadata["stages"] is not JsonArray stages)
        {
            return;
        }

        SetStage(stages, "ARTIFACT_REGISTRY", fraction >= 0.1 ? "COMPLETE" : "IN_PROGRESS");
        SetStage(stages, "BUILD", fraction >= 0.6 ? "COMPLETE" : fraction >= 0.1 ? "IN_PROGRESS" : "NOT_STARTED");
        SetStage(stages, "SERVICE", fraction >= 1 ? "COMPLETE" : fraction >= 0.6 ? "IN_PROGRESS" : "NOT_STARTED", fraction >= 0.6 ? serviceName : null);
        SetStage(stages, "TRIGGER", fraction >= 1 ? "COMPLETE" : "NOT_STARTED");
    }

    public static void FailStage(JsonObject metadata, string message)
    {
        if (metadata["stages"] is JsonArray stages)
        {
            SetStage(stages, "SERVICE", "COMPLETE");
            foreach (var stage in stages.OfType<JsonObject>().Where(s => s["name"]?.GetValue<string>() == "SERVICE"))
            {
                stage["message"] = message;
                stage["stateMessages"] = new JsonArray(new JsonObject { ["severity"] = "ERROR", ["type"] = "CloudRunServiceError", ["message"] = message });
            }
        }
    }

    private static JsonObject Stage(string name, string state) => new() { ["name"] = name, ["state"] = state };

    private static void SetStage(JsonArray stages, string name, string state, string? resource = null)
    {
        foreach (var stage in stages.OfType<JsonObject>().Where(s => s["name"]?.GetValue<string>() == name))
        {
            stage["state"] = state;
            if (resource is not null)
            {
                stage["resource"] = resource;
            }
        }
    }
}
