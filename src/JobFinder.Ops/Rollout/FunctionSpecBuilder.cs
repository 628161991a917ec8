using System.Globalization;
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
    /// back to its default instead of lingering (firebase-tools does the same with its leaf paths).</summary>
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
        return new Function
        {
            Name = new FunctionName(projectId, region, function.Id).ToString(),
            Environment = FunctionEnvironment.Gen2,
            Labels = labels,
            BuildConfig = new BuildConfig { Runtime = function.Runtime, EntryPoint = function.EntryPoint, Source = new FunctionSource { StorageSource = source } },
            ServiceConfig = new ServiceConfig
            {
                AvailableMemory = MemoryOf(function),
                AvailableCpu = function.Cpu,
                TimeoutSeconds = function.TimeoutSeconds,
                MinInstanceCount = function.MinInstances,
                MaxInstanceCount = function.MaxInstances,
                MaxInstanceRequestConcurrency = function.Concurrency,
                EnvironmentVariables = function.EnvironmentVariables.ToDictionary(v => v.Name, v => v.Value, StringComparer.Ordinal),
                SecretEnvironmentVariables = function.SecretEnvironmentVariables
                    .Select(s => new GoogleSecret { Key = s.Key, ProjectId = projectId, Secret = s.Secret, Version = "latest" }).ToList(),
                IngressSettings = IngressOf(function.IngressSettings),
                ServiceAccountEmail = function.ServiceAccount,
                AllTrafficOnLatestRevision = allTrafficOnLatest,
            },
            EventTrigger = function.TriggerKind == FunctionTriggerKind.Event ? EventTriggerOf(function) : null,
        };
    }

    // gcfV2.ts functionFromEndpoint: filters as attribute/value, path patterns with operator
    // match-path-pattern, retry as RETRY_POLICY_RETRY / RETRY_POLICY_DO_NOT_RETRY.
    private static EventTrigger EventTriggerOf(ProjectFunction function) => new()
    {
        EventType = function.TriggerDetail,
        EventFilters = function.EventFilters.Count == 0 ? null : function.EventFilters
            .Select(f => new EventFilter { Attribute = f.Attribute, Value = f.Value, Operator = f.PathPattern ? "match-path-pattern" : null }).ToList(),
        RetryPolicy = function.Retry ? "RETRY_POLICY_RETRY" : "RETRY_POLICY_DO_NOT_RETRY",
        TriggerRegion = function.TriggerRegion,
        ServiceAccountEmail = function.TriggerServiceAccount,
    };

    /// <summary>The mask of an update: our fields, plus <c>eventTrigger</c> for event functions.</summary>
    public static IReadOnlyList<string> UpdateMask(ProjectFunction function) =>
        function.TriggerKind == FunctionTriggerKind.Event ? [.. ManagedPaths, "eventTrigger"] : ManagedPaths;

    /// <summary>"256Mi" style, as firebase-tools sends it; 256 MB when the manifest says nothing.</summary>
    public static string MemoryOf(ProjectFunction function) =>
        string.Create(CultureInfo.InvariantCulture, $"{function.AvailableMemoryMb ?? 256}Mi");

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

        lines.AddRange(liveEnv.Keys.Where(k => desired.EnvironmentVariables.All(v => v.Name != k)).Order(StringComparer.Ordinal).Select(k => $"env {k}: removed"));
        var liveSecrets = (service.SecretEnvironmentVariables ?? []).Select(s => s.Key ?? "").ToHashSet(StringComparer.Ordinal);
        lines.AddRange(desired.SecretEnvironmentVariables.Where(s => !liveSecrets.Contains(s.Key)).Select(s => $"secret {s.Key}: added"));
        lines.AddRange(liveSecrets.Where(k => desired.SecretEnvironmentVariables.All(s => s.Key != k)).Select(k => $"secret {k}: removed"));
        var liveLabels = (live.Labels ?? []).Where(l => l.Key != SourceHasher.LabelKey && l.Key != DeploymentToolLabel && l.Key != DeploymentGates.ArchiveLabel).ToDictionary(l => l.Key, l => l.Value, StringComparer.Ordinal);
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
