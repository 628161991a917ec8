using System.Globalization;
using System.Text.Json.Nodes;
using JobFinder.Ops.Emulator.Infrastructure;

namespace JobFinder.Ops.Emulator.Functions;

/// <summary>What Cloud Functions (gen2) and the Cloud Run service under it refuse in a function's
/// configuration, each rule with its source. Checked on create and on the configuration a PATCH produces.</summary>
public static class FunctionConfigRules
{
    /// <summary>Every field path a Function has (cloudfunctions-v2 discovery schema Function and the
    /// messages under it, output-only fields left out); <c>x.*</c> is a map whose keys are free. An update
    /// mask naming anything else is refused, as Google refuses unknown mask paths (AIP-161).</summary>
    private static readonly string[] KnownPaths =
    [
        "buildConfig", "buildConfig.automaticUpdatePolicy", "buildConfig.dockerRegistry", "buildConfig.dockerRepository", "buildConfig.entryPoint",
        "buildConfig.environmentVariables.*", "buildConfig.onDeployUpdatePolicy", "buildConfig.runtime", "buildConfig.serviceAccount", "buildConfig.source",
        "buildConfig.source.gitUri", "buildConfig.source.repoSource", "buildConfig.source.repoSource.branchName", "buildConfig.source.repoSource.commitSha",
        "buildConfig.source.repoSource.dir", "buildConfig.source.repoSource.projectId", "buildConfig.source.repoSource.repoName", "buildConfig.source.repoSource.tagName",
        "buildConfig.source.storageSource", "buildConfig.source.storageSource.bucket", "buildConfig.source.storageSource.generation",
        "buildConfig.source.storageSource.object", "buildConfig.source.storageSource.sourceUploadUrl", "buildConfig.sourceToken", "buildConfig.workerPool",
        "description", "environment", "eventTrigger", "eventTrigger.channel", "eventTrigger.eventFilters", "eventTrigger.eventType", "eventTrigger.pubsubTopic",
        "eventTrigger.retryPolicy", "eventTrigger.service", "eventTrigger.serviceAccountEmail", "eventTrigger.triggerRegion", "kmsKeyName", "labels.*", "name",
        "serviceConfig", "serviceConfig.allTrafficOnLatestRevision", "serviceConfig.availableCpu", "serviceConfig.availableMemory",
        "serviceConfig.binaryAuthorizationPolicy", "serviceConfig.directVpcEgress", "serviceConfig.directVpcNetworkInterface",
        "serviceConfig.environmentVariables.*", "serviceConfig.ingressSettings", "serviceConfig.maxInstanceCount", "serviceConfig.maxInstanceRequestConcurrency",
        "serviceConfig.minInstanceCount", "serviceConfig.secretEnvironmentVariables", "serviceConfig.secretVolumes", "serviceConfig.securityLevel",
        "serviceConfig.serviceAccountEmail", "serviceConfig.timeoutSeconds", "serviceConfig.vpcConnector", "serviceConfig.vpcConnectorEgressSettings",
    ];

    /// <summary>Refuses a mask path that names no field of Function (400, like Google).</summary>
    public static void RequireKnownMaskPaths(FieldMask mask)
    {
        foreach (var path in mask.Paths.Where(p => !FunctionJson.OutputOnlyRoots.Contains(p.Split('.')[0])))
        {
            var known = KnownPaths.Any(k => k.EndsWith(".*", StringComparison.Ordinal)
                ? path == k[..^2] || path.StartsWith(k[..^1], StringComparison.Ordinal)
                : path == k);
            if (!known)
            {
                throw GoogleErrors.InvalidArgument($"Invalid field mask: \"{path}\" is not a field of google.cloud.functions.v2.Function.", [("update_mask", $"Unknown field: {path}")]);
            }
        }
    }

    /// <summary>The vCPU Cloud Functions gives a function that names none: its memory's share
    /// (https://cloud.google.com/functions/docs/configuring/memory, "Configure memory": 128 MB → 0.083 vCPU,
    /// 256 MB → 0.167, 512 MB → 0.333, 1 GB → 0.583, 2 GB → 1, 4 GB and 8 GB → 2, 16 GB → 4, 32 GB → 8).</summary>
    public static string DefaultCpu(string? memory) => MemoryMiB(memory) switch
    {
        <= 128 => "0.083",
        <= 256 => "0.167",
        <= 512 => "0.333",
        <= 1024 => "0.583",
        <= 2048 => "1",
        <= 8192 => "2",
        <= 16384 => "4",
        _ => "8",
    };

    public static void Validate(JsonObject resource, List<(string Field, string Description)> violations)
    {
        var service = resource["serviceConfig"] as JsonObject ?? [];
        var memoryText = service["availableMemory"]?.GetValue<string>() ?? "256M";
        var memory = MemoryMiB(memoryText);
        var cpuText = service["availableCpu"]?.GetValue<string>() is { Length: > 0 } c ? c : DefaultCpu(memoryText);
        if (!double.TryParse(cpuText, NumberStyles.Float, CultureInfo.InvariantCulture, out var cpu))
        {
            violations.Add(("service_config.available_cpu", $"Invalid CPU \"{cpuText}\": a number of vCPUs such as 0.5, 1, 2, 4, 6 or 8."));
            return;
        }

        // https://cloud.google.com/functions/docs/configuring/concurrency and https://cloud.google.com/run/docs/about-concurrency:
        // an instance with less than one vCPU serves one request at a time.
        var concurrency = GoogleJson.ReadInt64(service["maxInstanceRequestConcurrency"]) ?? 1;
        if (concurrency > 1 && cpu < 1)
        {
            violations.Add(("service_config.max_instance_request_concurrency",
                string.Create(CultureInfo.InvariantCulture, $"Concurrency {concurrency} needs at least 1 vCPU, but the function has {cpuText} (set availableCpu to 1 or more, or concurrency to 1).")));
        }

        CheckCpuMemory(cpu, cpuText, memory, memoryText, violations);
        CheckEventTrigger(resource["eventTrigger"] as JsonObject, violations);
    }

    /// <summary>Cloud Run's CPU/memory combinations (https://cloud.google.com/run/docs/configuring/services/cpu
    /// "CPU and memory" and https://cloud.google.com/run/docs/configuring/services/memory-limits): fractional
    /// CPU from 0.08 to below 1 (below 0.5 with at most 512 MiB, below 1 with at most 1 GiB), else 1, 2, 4, 6
    /// or 8; more than 4 GiB needs 2 vCPU, more than 8 GiB 4, more than 16 GiB 6, more than 24 GiB 8;
    /// 4 vCPU need at least 2 GiB, 6 and 8 vCPU at least 4 GiB; memory at most 32 GiB.</summary>
    private static void CheckCpuMemory(double cpu, string cpuText, double memory, string memoryText, List<(string, string)> violations)
    {
        void Refuse(string why) => violations.Add(("service_config.available_cpu", $"availableCpu {cpuText} with availableMemory {memoryText}: {why}"));
        if (memory <= 0 || memory > 32768)
        {
            violations.Add(("service_config.available_memory", $"Invalid memory \"{memoryText}\": between 128Mi and 32Gi."));
            return;
        }

        if (cpu < 0.08 || (cpu > 1 && cpu is not (2 or 4 or 6 or 8)))
        {
            Refuse("CPU must be between 0.08 and 1, or 2, 4, 6 or 8.");
        }
        else if (cpu < 0.5 && memory > 512)
        {
            Refuse("less than 0.5 vCPU allows at most 512 MiB.");
        }
        else if (cpu < 1 && memory > 1024)
        {
            Refuse("less than 1 vCPU allows at most 1 GiB.");
        }
        else if ((memory > 4096 && cpu < 2) || (memory > 8192 && cpu < 4) || (memory > 16384 && cpu < 6) || (memory > 24576 && cpu < 8))
        {
            Refuse("this much memory needs more vCPU (over 4 GiB: 2, over 8 GiB: 4, over 16 GiB: 6, over 24 GiB: 8).");
        }
        else if ((cpu >= 4 && memory < 2048) || (cpu >= 6 && memory < 4096))
        {
            Refuse("this many vCPU need more memory (4 vCPU: 2 GiB, 6 or 8 vCPU: 4 GiB).");
        }
    }

    /// <summary>Eventarc's required filters (https://cloud.google.com/eventarc/docs/reference/supported-events;
    /// https://cloud.google.com/functions/docs/calling/cloud-firestore and .../calling/cloud-storage): a
    /// Firestore document event names its <c>database</c>, a Cloud Storage object event its <c>bucket</c>;
    /// every filter has an attribute and a value.</summary>
    private static void CheckEventTrigger(JsonObject? trigger, List<(string, string)> violations)
    {
        if (trigger is null)
        {
            return;
        }

        var eventType = trigger["eventType"]?.GetValue<string>();
        if (string.IsNullOrEmpty(eventType))
        {
            violations.Add(("event_trigger.event_type", "Event type is required."));
            return;
        }

        var filters = (trigger["eventFilters"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        if (filters.Any(f => string.IsNullOrEmpty(f["attribute"]?.GetValue<string>()) || string.IsNullOrEmpty(f["value"]?.GetValue<string>())))
        {
            violations.Add(("event_trigger.event_filters", "Every event filter needs an attribute and a value."));
        }

        var required = eventType.StartsWith("google.cloud.firestore.document.v1.", StringComparison.Ordinal) ? "database"
            : eventType.StartsWith("google.cloud.storage.object.v1.", StringComparison.Ordinal) ? "bucket"
            : null;
        if (required is not null && filters.All(f => f["attribute"]?.GetValue<string>() != required))
        {
            violations.Add(("event_trigger.event_filters", $"Event type {eventType} requires an event filter on \"{required}\"."));
        }
    }

    /// <summary>A Kubernetes-style quantity in MiB: 256M, 256Mi, 1G, 1Gi, 512000k.</summary>
    private static double MemoryMiB(string? memory)
    {
        var text = (memory ?? "256M").Trim();
        var digits = new string(text.TakeWhile(ch => char.IsAsciiDigit(ch) || ch == '.').ToArray());
        if (!double.TryParse(digits, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            return -1;
        }

        return text[digits.Length..] switch
        {
            "Mi" => value,
            "M" or "MB" => value * 1_000_000 / 1_048_576,
            "Gi" => value * 1024,
            "G" or "GB" => value * 1_000_000_000 / 1_048_576,
            "Ki" => value / 1024,
            "k" => value * 1000 / 1_048_576,
            "" => value / 1_048_576,
            _ => -1,
        };
    }
}
