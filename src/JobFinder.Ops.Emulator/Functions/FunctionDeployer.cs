using System.Globalization;
using System.Text.Json.Nodes;
using JobFinder.Ops.Emulator.Hosting;
using JobFinder.Ops.Emulator.Infrastructure;
using JobFinder.Ops.Emulator.Infrastructure.Operations;
using JobFinder.Ops.Emulator.Run;

namespace JobFinder.Ops.Emulator.Functions;

/// <summary>Turns a function create/update into a new Run revision plus a long-running operation, and
/// renders functions with their service's live state.</summary>
public sealed class FunctionDeployer(RunStore run, OperationStore operations, EmulatorContext context, TimeProvider time)
{
    public const string Api = "cloudfunctions";

    public JsonObject Render(FunctionRecord record)
    {
        var view = run.TryRead(record.ServiceName, s => new ServiceView(RunJson.ServiceUri(context.Origin, s), LatestServesAll(s)));
        return FunctionJson.Render(record, view?.Uri, view?.AllTrafficOnLatest ?? true);
    }

    /// <summary>Starts the deploy of <paramref name="record"/>'s current configuration (state DEPLOYING).</summary>
    public OperationRecord Deploy(FunctionRecord record, string verb, JsonObject requestResource, bool moveAllTraffic)
    {
        var spec = SpecOf(record);
        var revision = run.DeployRevision(record.Project, record.Location, record.ServiceId, spec);
        var metadata = FunctionJson.Metadata(record, verb, requestResource, time.GetUtcNow());
        return operations.Create(new OperationRequest(
            $"projects/{record.Project}/locations/{record.Location}",
            Api,
            metadata,
            FunctionDeployCompletion.KindName,
            new JsonObject
            {
                ["function"] = record.Name,
                ["revision"] = revision,
                ["moveAllTraffic"] = moveAllTraffic,
            },
            context.Timings.FunctionDeploy));
    }

    public OperationRecord Delete(FunctionRecord record) =>
        operations.Create(new OperationRequest(
            $"projects/{record.Project}/locations/{record.Location}",
            Api,
            FunctionJson.Metadata(record, "delete", null, time.GetUtcNow()),
            FunctionDeleteCompletion.KindName,
            new JsonObject { ["function"] = record.Name },
            context.Timings.DefaultOperation));

    /// <summary>True when the latest revision serves 100% (GetFunction's allTrafficOnLatestRevision).</summary>
    private bool LatestServesAll(RunService service)
    {
        var now = time.GetUtcNow();
        var latest = service.LatestReady(now);
        var split = service.ServingSplit(now);
        return latest is not null && split.Count == 1 && split[0].Revision == latest && split[0].Percent == 100;
    }

    private static RevisionSpec SpecOf(FunctionRecord record)
    {
        var resource = record.Resource;
        var serviceConfig = resource["serviceConfig"] as JsonObject ?? [];
        var buildConfig = resource["buildConfig"] as JsonObject ?? [];
        var environment = (serviceConfig["environmentVariables"] as JsonObject ?? [])
            .Where(kv => kv.Value is not null)
            .ToDictionary(kv => kv.Key, kv => kv.Value!.ToString(), StringComparer.Ordinal);
        var timeout = (int)(GoogleJson.ReadInt64(serviceConfig["timeoutSeconds"]) ?? 60);
        var entryPoint = buildConfig["entryPoint"]?.GetValue<string>() ?? record.Id;
        var template = new JsonObject
        {
            ["containers"] = new JsonArray(new JsonObject
            {
                ["image"] = $"{record.Location}-docker.pkg.dev/{record.Project}/gcf-artifacts/{record.ServiceId}",
                ["env"] = new JsonArray([
                    .. environment.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => (JsonNode)new JsonObject { ["name"] = kv.Key, ["value"] = kv.Value }),
                    .. SecretReferences(record, serviceConfig, environment.Count).Select(s => (JsonNode)s.ToJson()),
                ]),
                ["resources"] = new JsonObject
                {
                    ["limits"] = new JsonObject
                    {
                        ["memory"] = serviceConfig["availableMemory"]?.ToString() ?? "256M",
                        ["cpu"] = serviceConfig["availableCpu"]?.ToString() ?? FunctionConfigRules.DefaultCpu(serviceConfig["availableMemory"]?.ToString()),
                    },
                },
            }),
            ["timeout"] = GoogleJson.Duration(TimeSpan.FromSeconds(timeout)),
            ["serviceAccount"] = serviceConfig["serviceAccountEmail"]?.ToString() ?? ProjectNumbers.ComputeServiceAccount(record.Project),
            ["maxInstanceRequestConcurrency"] = (int)(GoogleJson.ReadInt64(serviceConfig["maxInstanceRequestConcurrency"]) ?? 1),
            ["scaling"] = new JsonObject { ["maxInstanceCount"] = (int)(GoogleJson.ReadInt64(serviceConfig["maxInstanceCount"]) ?? 100) },
        };
        return new RevisionSpec(
            record.Id,
            entryPoint,
            environment,
            timeout,
            template,
            new Dictionary<string, string> { ["goog-managed-by"] = "cloudfunctions" },
            new Dictionary<string, string>
            {
                ["cloudfunctions.googleapis.com/function-id"] = record.Id,
                ["run.googleapis.com/build-source-location"] = SourceLocation(buildConfig),
            },
            SourceLocation(buildConfig) is { Length: > 0 } location ? location : null);
    }

    /// <summary>serviceConfig.secretEnvironmentVariables as the Run revision carries them
    /// (https://cloud.google.com/functions/docs/configuring/secrets: a function's secrets are its Cloud Run
    /// service's <c>env[].valueSource.secretKeyRef</c>). cloudfunctions-v2 SecretEnvVar.projectId is "preferably
    /// project number but can also be the project ID" and, when unset, the function's project; a secret of
    /// another project is named in full, as run-v2 SecretKeySelector.secret asks.</summary>
    /// <param name="firstIndex">Their first position in the container's env (after the literal variables).</param>
    private static IEnumerable<SecretEnvReference> SecretReferences(FunctionRecord record, JsonObject serviceConfig, int firstIndex)
    {
        var number = ProjectNumbers.Of(record.Project).ToString(CultureInfo.InvariantCulture);
        return (serviceConfig["secretEnvironmentVariables"] as JsonArray ?? []).OfType<JsonObject>()
            .Where(s => s["key"]?.GetValue<string>() is { Length: > 0 } && s["secret"]?.GetValue<string>() is { Length: > 0 })
            .Select((s, i) =>
            {
                var project = s["projectId"]?.GetValue<string>();
                var secret = s["secret"]!.GetValue<string>();
                var sameProject = string.IsNullOrEmpty(project) || project == record.Project || project == number;
                return new SecretEnvReference(
                    s["key"]!.GetValue<string>(),
                    sameProject ? secret : $"projects/{project}/secrets/{secret}",
                    s["version"]?.GetValue<string>() is { Length: > 0 } version ? version : "latest",
                    firstIndex + i);
            });
    }

    private static string SourceLocation(JsonObject buildConfig)
    {
        var storage = buildConfig["source"]?["storageSource"] as JsonObject;
        return storage is null
            ? string.Empty
            : string.Create(CultureInfo.InvariantCulture, $"gs://{storage["bucket"]}/{storage["object"]}#{storage["generation"] ?? "0"}");
    }

    private sealed record ServiceView(string Uri, bool AllTrafficOnLatest);
}
