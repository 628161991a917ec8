using JobFinder.Ops.Errors;
using JobFinder.Ops.Model;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace JobFinder.Ops.Project;

/// <summary>Reads a codebase's <c>functions.yaml</c>, the static build manifest firebase-tools uses
/// instead of running the SDK (<c>specVersion: v1alpha1</c>, field names as in firebase-tools'
/// <c>runtimes/discovery/v1alpha1.ts</c>). Endpoints with <c>omit: true</c> are skipped.</summary>
internal static class FunctionsManifestReader
{
    public const string FileName = "functions.yaml";
    private const string ErrorId = "FunctionsManifestMalformed";

    private static readonly string[] EndpointKeys =
    [
        "region", "platform", "entryPoint", "omit", "availableMemoryMb", "maxInstances", "minInstances",
        "concurrency", "serviceAccount", "serviceAccountEmail", "timeoutSeconds", "vpc", "labels",
        "ingressSettings", "environmentVariables", "secretEnvironmentVariables", "cpu",
        "httpsTrigger", "callableTrigger", "eventTrigger", "scheduleTrigger", "taskQueueTrigger", "blockingTrigger",
    ];

    private static readonly (string Key, FunctionTriggerKind Kind)[] Triggers =
    [
        ("httpsTrigger", FunctionTriggerKind.Https), ("callableTrigger", FunctionTriggerKind.Callable),
        ("eventTrigger", FunctionTriggerKind.Event), ("scheduleTrigger", FunctionTriggerKind.Schedule),
        ("taskQueueTrigger", FunctionTriggerKind.TaskQueue), ("blockingTrigger", FunctionTriggerKind.Blocking),
    ];

    // Gen2 memory options firebase-tools accepts (build.ts isValidMemoryOption).
    private static readonly int[] MemoryOptions = [128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768];

    private static readonly string[] Platforms = ["gcfv1", "gcfv2"];

    private static readonly string[] IngressOptions = ["ALLOW_ALL", "ALLOW_INTERNAL_ONLY", "ALLOW_INTERNAL_AND_GCLB"];

    /// <summary>Reads the manifest at <paramref name="path"/>. Functions get <paramref name="codebase"/>'s
    /// runtime and source, and <paramref name="defaultRegion"/> when they name no region; the manifest's
    /// own environmentVariables are returned with Source <c>functions.yaml</c>.</summary>
    public static IReadOnlyList<ProjectFunction> Read(string path, string codebase, string sourceDirectory, string runtime, string defaultRegion)
    {
        var root = new YamlSection(Load(path), "", path, ErrorId);
        root.Mapping();
        var version = root.Child("specVersion")?.Scalar();
        if (version != "v1alpha1")
        {
            throw (root.Child("specVersion") ?? root).Error($"specVersion must be 'v1alpha1' (the manifest format firebase-tools reads), not '{version}'.");
        }

        var endpoints = root.Child("endpoints") ?? throw root.Error("The manifest has no 'endpoints' mapping.");
        var result = new List<ProjectFunction>();
        foreach (var (id, endpoint) in endpoints.Entries())
        {
            if (ReadEndpoint(id, endpoint, codebase, sourceDirectory, runtime, defaultRegion) is { } function)
            {
                result.Add(function);
            }
        }

        return result;
    }

    private static YamlNode Load(string path)
    {
        var stream = new YamlStream();
        try
        {
            using var reader = new StringReader(File.ReadAllText(path));
            stream.Load(reader);
        }
        catch (YamlException ex)
        {
            throw new JobFinderConfigurationException(ErrorId, $"The file is not valid YAML: {ex.Message}", path, ex.Start.Line, ex.Start.Column, inner: ex);
        }

        if (stream.Documents.Count != 1)
        {
            throw new JobFinderConfigurationException(ErrorId, "The manifest must hold exactly one YAML document.", path, 1, 1);
        }

        return stream.Documents[0].RootNode;
    }

    private static ProjectFunction? ReadEndpoint(string id, YamlSection endpoint, string codebase, string sourceDirectory, string runtime, string defaultRegion)
    {
        foreach (var (key, value) in endpoint.Entries())
        {
            if (!EndpointKeys.Contains(key, StringComparer.Ordinal))
            {
                throw value.Error($"Unknown endpoint key '{key}'.");
            }
        }

        if (endpoint.Child("omit")?.Bool() == true)
        {
            return null;
        }

        var (kind, trigger) = ReadTrigger(id, endpoint);
        var regions = endpoint.Child("region")?.ScalarOrList() ?? [defaultRegion];
        if (regions.Count == 0)
        {
            throw endpoint.Child("region")!.Value.Error($"Endpoint '{id}' lists no region.");
        }

        return new ProjectFunction
        {
            Id = id,
            Codebase = codebase,
            SourceDirectory = sourceDirectory,
            Runtime = runtime,
            EntryPoint = (endpoint.Child("entryPoint") ?? throw endpoint.Error($"Endpoint '{id}' has no entryPoint.")).Scalar(),
            Platform = OneOf(endpoint.Child("platform"), Platforms) ?? "gcfv2",
            Region = regions[0],
            Regions = regions,
            TriggerKind = kind,
            TriggerDetail = TriggerDetail(kind, trigger),
            AvailableMemoryMb = Memory(endpoint.Child("availableMemoryMb")),
            TimeoutSeconds = Positive(endpoint.Child("timeoutSeconds")),
            MinInstances = NonNegative(endpoint.Child("minInstances")),
            MaxInstances = Positive(endpoint.Child("maxInstances")),
            Concurrency = Positive(endpoint.Child("concurrency")),
            Cpu = endpoint.Child("cpu")?.Scalar(),
            ServiceAccount = (endpoint.Child("serviceAccount") ?? endpoint.Child("serviceAccountEmail"))?.Scalar(),
            IngressSettings = OneOf(endpoint.Child("ingressSettings"), IngressOptions),
            Invoker = kind == FunctionTriggerKind.Https ? trigger.Child("invoker")?.ScalarOrList() ?? [] : [],
            Labels = endpoint.Child("labels")?.Entries().Select(e => new Label(e.Key, e.Value.Scalar())).ToArray() ?? [],
            EnvironmentVariables = endpoint.Child("environmentVariables")?.Entries()
                .Select(e => new EnvironmentVariable(e.Key, e.Value.Scalar(), FileName)).ToArray() ?? [],
            SecretEnvironmentVariables = endpoint.Child("secretEnvironmentVariables")?.Items().Select(ReadSecret).ToArray() ?? [],
        };
    }

    private static (FunctionTriggerKind Kind, YamlSection Trigger) ReadTrigger(string id, YamlSection endpoint)
    {
        var present = Triggers.Select(t => (t.Kind, Section: endpoint.Child(t.Key) ?? FindEmpty(endpoint, t.Key))).Where(t => t.Section is not null).ToArray();
        if (present.Length != 1)
        {
            throw endpoint.Error(present.Length == 0
                ? $"Endpoint '{id}' has no trigger (one of {string.Join(", ", Triggers.Select(t => t.Key))})."
                : $"Endpoint '{id}' has more than one trigger.");
        }

        var (kind, section) = present[0];
        var trigger = section!.Value;
        if (!trigger.IsNull)
        {
            trigger.Mapping();
        }

        if (kind == FunctionTriggerKind.Event && (trigger.IsNull || trigger.Child("eventType") is null))
        {
            throw trigger.Error($"Endpoint '{id}': eventTrigger needs an eventType.");
        }

        if (kind == FunctionTriggerKind.Schedule && (trigger.IsNull || trigger.Child("schedule") is null))
        {
            throw trigger.Error($"Endpoint '{id}': scheduleTrigger needs a schedule.");
        }

        return (kind, trigger);
    }

    // `callableTrigger: {}` is the usual spelling, but `callableTrigger:` (null) means the same.
    private static YamlSection? FindEmpty(YamlSection endpoint, string key) =>
        endpoint.Entries().Where(e => e.Key == key).Select(e => (YamlSection?)e.Value).FirstOrDefault();

    private static string? TriggerDetail(FunctionTriggerKind kind, YamlSection trigger) => kind switch
    {
        FunctionTriggerKind.Event => trigger.Child("eventType")!.Value.Scalar(),
        FunctionTriggerKind.Schedule => trigger.Child("schedule")!.Value.Scalar(),
        FunctionTriggerKind.Blocking => trigger.IsNull ? null : trigger.Child("eventType")?.Scalar(),
        _ => null,
    };

    private static SecretEnvironmentVariable ReadSecret(YamlSection item)
    {
        var key = (item.Child("key") ?? throw item.Error("A secret environment variable needs a 'key'.")).Scalar();
        return new SecretEnvironmentVariable(key, item.Child("secret")?.Scalar() ?? key);
    }

    private static int? Memory(YamlSection? node)
    {
        if (node is not { } n)
        {
            return null;
        }

        var value = n.Int();
        return MemoryOptions.Contains(value) ? value : throw n.Error($"availableMemoryMb must be one of {string.Join(", ", MemoryOptions)}, not {value}.");
    }

    private static int? Positive(YamlSection? node) =>
        node?.Int() is { } v ? v > 0 ? v : throw node.Value.Error($"{node.Value.Describe()} must be greater than 0.") : null;

    private static int? NonNegative(YamlSection? node) =>
        node?.Int() is { } v ? v >= 0 ? v : throw node.Value.Error($"{node.Value.Describe()} must not be negative.") : null;

    private static string? OneOf(YamlSection? node, string[] allowed)
    {
        if (node?.Scalar() is not { } value)
        {
            return null;
        }

        return allowed.Contains(value, StringComparer.Ordinal) ? value : throw node.Value.Error($"{node.Value.Describe()} must be one of {string.Join(", ", allowed)}, not '{value}'.");
    }
}
