using System.Globalization;
using JobFinder.Ops.Errors;
using JobFinder.Ops.Google.Functions;
using JobFinder.Ops.Model;
using JobFinder.Ops.Project;
using GoogleSecret = JobFinder.Ops.Google.Functions.SecretEnvironmentVariable;

namespace JobFinder.Ops.Rollout;

/// <summary>Turns a <see cref="ProjectFunction"/> into the Cloud Functions v2 resource we send, the
/// update mask for a PATCH, and a readable diff against the live function (values never shown).</summary>
public static class FunctionSpecBuilder
{
    /// <summary>Label naming the tool, like firebase-tools' <c>deployment-tool</c>; a live function carrying
    /// it (or the source-hash label) is ours and may be deleted when it leaves the source.</summary>
    public const string DeploymentToolLabel = "deployment-tool";
    public const string DeploymentToolValue = "jobfinder-ops";

    /// <summary>Every field we own. A PATCH lists them all, so a setting removed from functions.yaml goes
    /// back to its default instead of lingering (firebase-tools does the same with its leaf paths).
    /// <c>serviceConfig.availableCpu</c> is among them because the CPU is always resolved and sent
    /// (<see cref="ResolveCpuAndConcurrency"/>), never left empty to reset a live setting.</summary>
    private static readonly string[] ManagedPaths =
    [
        "labels",
        "buildConfig.runtime",
        "buildConfig.entryPoint",
        "buildConfig.source.storageSource",
        "serviceConfig.availableMemory",
        "serviceConfig.availableCpu",
        "serviceConfig.timeoutSeconds",
        "serviceConfig.minInstanceCount",
        "serviceConfig.maxInstanceCount",
        "serviceConfig.maxInstanceRequestConcurrency",
        "serviceConfig.environmentVariables",
        "serviceConfig.secretEnvironmentVariables",
        "buildConfig.environmentVariables",
        "serviceConfig.ingressSettings",
        "serviceConfig.serviceAccountEmail",
        "serviceConfig.allTrafficOnLatestRevision",
    ];

    public static Function Build(ProjectFunction function, string projectId, string region, StorageSource source, string sourceHash, string archiveHash, bool allTrafficOnLatest)
    {
        var labels = function.Labels.ToDictionary(l => l.Key, l => l.Value, StringComparer.Ordinal);
        labels[SourceHasher.LabelKey] = sourceHash;
        labels[DeploymentToolLabel] = DeploymentToolValue;
        labels[DeploymentGates.ArchiveLabel] = archiveHash;
        // functionFromEndpoint's trigger labels (the console and firebase-tools tell the kinds apart by them).
        if (function.TriggerKind == FunctionTriggerKind.Schedule)
        {
            labels["deployment-scheduled"] = "true";
        }
        else if (function.TriggerKind == FunctionTriggerKind.Callable)
        {
            labels["deployment-callable"] = "true";
        }

        var (cpu, concurrency) = ResolveCpuAndConcurrency(function);
        var environment = function.EnvironmentVariables.ToDictionary(v => v.Name, v => v.Value, StringComparer.Ordinal);
        environment["FUNCTION_REGION"] = region;
        if (function.TriggerKind == FunctionTriggerKind.Event)
        {
            environment["FUNCTION_SIGNATURE_TYPE"] = "cloudevent";
        }

        // cloudfunctionsv2.ts createFunction/updateFunction add these to every function they send: the
        // Functions Framework's target (the entry point with '-' as '.', how it names a grouped export) and
        // execution ids in the function's logs; GOOGLE_NODE_RUN_SCRIPTS="" stops the Node.js buildpack from
        // running the package's build script (the source is deployed as it is).
        environment["FUNCTION_TARGET"] = function.EntryPoint.Replace('-', '.');
        environment["LOG_EXECUTION_ID"] = "true";
        // prepare.ts sets it on every endpoint, event-triggered or not: the Cloud Run service the function runs as.
        environment[EventSourceVariable] = $"projects/{projectId}/locations/{region}/services/{function.Id}";

        return new Function
        {
            Name = new FunctionName(projectId, region, function.Id).ToString(),
            Environment = FunctionEnvironment.Gen2,
            Labels = labels,
            BuildConfig = new BuildConfig
            {
                Runtime = function.Runtime,
                EntryPoint = function.EntryPoint,
                Source = new FunctionSource { StorageSource = source },
                EnvironmentVariables = new Dictionary<string, string>(StringComparer.Ordinal) { ["GOOGLE_NODE_RUN_SCRIPTS"] = "" },
            },
            ServiceConfig = new ServiceConfig
            {
                AvailableMemory = MemoryOf(function),
                AvailableCpu = cpu,
                TimeoutSeconds = function.TimeoutSeconds,
                MinInstanceCount = function.MinInstances,
                MaxInstanceCount = function.MaxInstances,
                MaxInstanceRequestConcurrency = concurrency,
                EnvironmentVariables = environment,
                SecretEnvironmentVariables = function.SecretEnvironmentVariables
                    .Select(s => new GoogleSecret { Key = s.Key, ProjectId = projectId, Secret = s.Secret, Version = s.Version ?? throw new InvalidOperationException($"Secret {s.Secret} of {function.Id} was not pinned to a version.") }).ToList(),
                IngressSettings = IngressOf(function.IngressSettings),
                ServiceAccountEmail = function.ServiceAccount,
                AllTrafficOnLatestRevision = allTrafficOnLatest,
            },
            EventTrigger = function.TriggerKind == FunctionTriggerKind.Event ? EventTriggerOf(function, projectId) : null,
        };
    }

    /// <summary>prepare.ts resolveCpuAndConcurrency with backend.ts memoryToGen2Cpu: the CPU the code names
    /// (<c>gcf_gen1</c> = memoryToGen1Cpu), else 1 vCPU up to 2 GiB, 2 up to 8 GiB, 4 at 16 GiB, 8 at 32 GiB;
    /// the concurrency the code names, else 80 with at least 1 vCPU and 1 below (Cloud Run serves one
    /// request at a time on less than a vCPU).</summary>
    public static (string Cpu, int Concurrency) ResolveCpuAndConcurrency(ProjectFunction function)
    {
        var memory = function.AvailableMemoryMb ?? 256;
        double cpu = function.Cpu switch
        {
            null or "" => memory switch { <= 2048 => 1, <= 8192 => 2, <= 16384 => 4, _ => 8 },
            "gcf_gen1" => memory switch { <= 128 => 0.0833, <= 256 => 0.1666, <= 512 => 0.3333, <= 1024 => 0.5833, <= 2048 => 1, <= 4096 => 2, <= 8192 => 2, _ => 4 },
            var text => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
        };
        var concurrency = function.Concurrency is > 0 and var set ? set : cpu >= 1 ? 80 : 1;
        return (cpu.ToString(CultureInfo.InvariantCulture), concurrency);
    }

    // gcfV2.ts functionFromEndpoint: filters as attribute/value, path patterns with operator
    // match-path-pattern, retry as RETRY_POLICY_RETRY / RETRY_POLICY_DO_NOT_RETRY, the function's service
    // account as the trigger's, and for Pub/Sub the topic as pubsubTopic (not a filter: without it Eventarc
    // would listen on a new, auto-created topic).
    private static EventTrigger EventTriggerOf(ProjectFunction function, string projectId)
    {
        var isPubSub = function.TriggerDetail == PubSubPublishEvent;
        var topic = isPubSub ? function.EventFilters.FirstOrDefault(f => f.Attribute == "topic")?.Value : null;
        if (isPubSub && topic is null)
        {
            throw new JobFinderException("PubSubTopicMissing", ErrorKind.InvalidData,
                $"Function '{function.Id}' listens to Pub/Sub messages but names no topic; Eventarc would create a new topic nobody publishes to.", function.Id)
            { RecommendedAction = "Give onMessagePublished a topic (eventFilters.topic in functions.yaml)." };
        }

        var filters = function.EventFilters.Where(f => !(isPubSub && f.Attribute == "topic"))
            .Select(f => new EventFilter { Attribute = f.Attribute, Value = f.Value, Operator = f.PathPattern ? "match-path-pattern" : null }).ToList();
        return new EventTrigger
        {
            EventType = function.TriggerDetail,
            EventFilters = filters,
            PubsubTopic = topic is null ? null : topic.StartsWith("projects/", StringComparison.Ordinal) ? topic : $"projects/{projectId}/topics/{topic}",
            RetryPolicy = function.Retry ? "RETRY_POLICY_RETRY" : "RETRY_POLICY_DO_NOT_RETRY",
            TriggerRegion = function.TriggerRegion,
            ServiceAccountEmail = function.TriggerServiceAccount ?? function.ServiceAccount,
        };
    }

    /// <summary>Labels the deployment sets from the trigger kind (functionFromEndpoint), not from the source.</summary>
    private static readonly string[] TriggerLabels = ["deployment-scheduled", "deployment-callable"];

    /// <summary>Variables the deployment itself sets on every function (functionFromEndpoint, createFunction,
    /// updateFunction), not from the source: never a difference to plan, so a function deployed before we set
    /// one is not redeployed for it (it gets them with its next change).</summary>
    private static readonly string[] PlatformVariables = ["FUNCTION_REGION", "FUNCTION_SIGNATURE_TYPE", "FUNCTION_TARGET", "LOG_EXECUTION_ID", EventSourceVariable];

    /// <summary>prepare.ts EVENTARC_SOURCE_ENV.</summary>
    private const string EventSourceVariable = "EVENTARC_CLOUD_EVENT_SOURCE";

    private const string PubSubPublishEvent = "google.cloud.pubsub.topic.v1.messagePublished";

    /// <summary>The mask of an update: our fields, plus for event functions the trigger's leaf paths we set
    /// (as firebase-tools' proto.fieldMasks lists them), so a live setting we do not manage (a channel, a
    /// trigger region set elsewhere) is not wiped by naming the whole <c>eventTrigger</c>.</summary>
    public static IReadOnlyList<string> UpdateMask(ProjectFunction function)
    {
        if (function.TriggerKind != FunctionTriggerKind.Event)
        {
            return ManagedPaths;
        }

        var trigger = new List<string> { "eventTrigger.eventType", "eventTrigger.eventFilters", "eventTrigger.retryPolicy" };
        if (function.TriggerDetail == PubSubPublishEvent)
        {
            trigger.Add("eventTrigger.pubsubTopic");
        }

        if (function.TriggerRegion is not null)
        {
            trigger.Add("eventTrigger.triggerRegion");
        }

        if ((function.TriggerServiceAccount ?? function.ServiceAccount) is not null)
        {
            trigger.Add("eventTrigger.serviceAccountEmail");
        }

        return [.. ManagedPaths, .. trigger];
    }

    /// <summary>As firebase-tools writes it: <c>256Mi</c> up to 1 GiB, <c>2Gi</c> above; 256 MB when the
    /// manifest says nothing.</summary>
    public static string MemoryOf(ProjectFunction function)
    {
        var memory = function.AvailableMemoryMb ?? 256;
        return memory > 1024
            ? string.Create(CultureInfo.InvariantCulture, $"{memory / 1024.0:0.##}Gi")
            : string.Create(CultureInfo.InvariantCulture, $"{memory}Mi");
    }

    /// <summary>True when the live function was deployed by us (or by firebase-tools), so leaving the
    /// source makes it a delete candidate; functions made by hand are never touched.</summary>
    public static bool IsManaged(Function live) =>
        live.Labels is { } labels
        && (labels.ContainsKey(SourceHasher.LabelKey)
            || (labels.TryGetValue(DeploymentToolLabel, out var tool) && (tool == DeploymentToolValue || tool.StartsWith("cli-firebase", StringComparison.Ordinal))));

    /// <summary>Readable differences between the live function and what will be deployed.</summary>
    public static IReadOnlyList<string> Differences(Function live, ProjectFunction desired, string sourceHash)
    {
        var lines = new List<string>();
        void Compare(string what, string? before, string? after)
        {
            if (!string.Equals(before ?? "", after ?? "", StringComparison.Ordinal))
            {
                lines.Add($"{what}: {before ?? "(default)"} -> {after ?? "(default)"}");
            }
        }

        string? Text(int? value) => value?.ToString(CultureInfo.InvariantCulture);
        var service = live.ServiceConfig ?? new ServiceConfig();
        var liveHash = live.Labels?.GetValueOrDefault(SourceHasher.LabelKey);
        if (!string.Equals(liveHash, sourceHash, StringComparison.Ordinal))
        {
            // Seven hex digits name a hash as git names a commit: the full 40 made each plan line unreadable.
            lines.Add($"source hash: {(liveHash is null ? "(none)" : Abbreviated(liveHash))} -> {Abbreviated(sourceHash)}");
        }

        Compare("runtime", live.BuildConfig?.Runtime, desired.Runtime);
        Compare("entryPoint", live.BuildConfig?.EntryPoint, desired.EntryPoint);
        Compare("memory", NormaliseMemory(service.AvailableMemory), NormaliseMemory(MemoryOf(desired)));
        Compare("timeoutSeconds", Text(service.TimeoutSeconds), Text(desired.TimeoutSeconds ?? service.TimeoutSeconds));
        Compare("minInstances", Text(service.MinInstanceCount), Text(desired.MinInstances));
        Compare("maxInstances", Text(service.MaxInstanceCount), Text(desired.MaxInstances ?? service.MaxInstanceCount));
        Compare("concurrency", Text(service.MaxInstanceRequestConcurrency), Text(desired.Concurrency ?? service.MaxInstanceRequestConcurrency));
        var liveEnv = service.EnvironmentVariables ?? [];
        foreach (var variable in desired.EnvironmentVariables)
        {
            if (!liveEnv.TryGetValue(variable.Name, out var value))
            {
                lines.Add($"env {variable.Name}: added (from {variable.Source})");
            }
            else if (!string.Equals(value, variable.Value, StringComparison.Ordinal))
            {
                lines.Add($"env {variable.Name}: changed (from {variable.Source})");
            }
        }

        lines.AddRange(liveEnv.Keys.Where(k => desired.EnvironmentVariables.All(v => v.Name != k) && !PlatformVariables.Contains(k)).Order(StringComparer.Ordinal).Select(k => $"env {k}: removed"));
        var liveSecrets = (service.SecretEnvironmentVariables ?? []).Select(s => s.Key ?? "").ToHashSet(StringComparer.Ordinal);
        lines.AddRange(desired.SecretEnvironmentVariables.Where(s => !liveSecrets.Contains(s.Key)).Select(s => $"secret {s.Key}: added"));
        lines.AddRange(liveSecrets.Where(k => desired.SecretEnvironmentVariables.All(s => s.Key != k)).Select(k => $"secret {k}: removed"));
        var liveLabels = (live.Labels ?? []).Where(l => l.Key != SourceHasher.LabelKey && l.Key != DeploymentToolLabel && l.Key != DeploymentGates.ArchiveLabel && !TriggerLabels.Contains(l.Key)).ToDictionary(l => l.Key, l => l.Value, StringComparer.Ordinal);
        foreach (var label in desired.Labels)
        {
            Compare("label " + label.Key, liveLabels.GetValueOrDefault(label.Key), label.Value);
        }

        lines.AddRange(liveLabels.Keys.Where(k => desired.Labels.All(l => l.Key != k)).Select(k => $"label {k}: removed"));
        return lines;
    }

    private static string Abbreviated(string hash) => hash.Length > 7 ? hash[..7] : hash;

    private static string? NormaliseMemory(string? memory) => memory switch
    {
        null => null,
        _ when memory.EndsWith("Gi", StringComparison.Ordinal) && int.TryParse(memory[..^2], CultureInfo.InvariantCulture, out var gi) => $"{gi * 1024}Mi",
        _ when memory.EndsWith('M') && int.TryParse(memory[..^1], CultureInfo.InvariantCulture, out var mb) => $"{mb}Mi",
        _ => memory,
    };

    private static IngressSettings? IngressOf(string? value) => value switch
    {
        null => null,
        "ALLOW_ALL" => IngressSettings.AllowAll,
        "ALLOW_INTERNAL_ONLY" => IngressSettings.AllowInternalOnly,
        "ALLOW_INTERNAL_AND_GCLB" => IngressSettings.AllowInternalAndGclb,
        _ => IngressSettings.IngressSettingsUnspecified,
    };
}
