using JobFinder.Ops.Errors;
using JobFinder.Ops.Model;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace JobFinder.Ops.Project.Discovery;

/// <summary>Reads a build manifest (<c>specVersion: v1alpha1</c>): a codebase's static
/// <c>functions.yaml</c>, or the JSON the firebase-functions SDK serves from the code. Keys and their
/// meaning follow firebase-tools' <c>runtimes/discovery/v1alpha1.ts</c> and <c>build.ts</c>: every
/// endpoint option, every trigger, params resolved (<see cref="ParamResolver"/>) and CEL fields
/// (<see cref="ParamExpression"/>) evaluated, <c>omit</c> honoured. What JobFinder.Ops cannot deploy yet
/// is kept on the function as <see cref="ProjectFunction.NotDeployable"/>, naming the field.</summary>
internal static class FunctionsManifestReader
{
    public const string FileName = "functions.yaml";
    private const string ErrorId = "FunctionsManifestMalformed";

    private static readonly string[] TopLevelKeys = ["specVersion", "params", "requiredAPIs", "requiredRoles", "endpoints", "extensions", "lifecycleHooks"];

    private static readonly string[] EndpointKeys =
    [
        "region", "platform", "entryPoint", "omit", "availableMemoryMb", "maxInstances", "minInstances",
        "concurrency", "serviceAccount", "serviceAccountEmail", "timeoutSeconds", "vpc", "labels",
        "ingressSettings", "environmentVariables", "secretEnvironmentVariables", "cpu", "baseImageUri", "command", "args",
        "httpsTrigger", "callableTrigger", "eventTrigger", "scheduleTrigger", "taskQueueTrigger", "blockingTrigger", "dataConnectGraphqlTrigger",
    ];

    private static readonly (string Key, FunctionTriggerKind? Kind)[] Triggers =
    [
        ("httpsTrigger", FunctionTriggerKind.Https), ("callableTrigger", FunctionTriggerKind.Callable),
        ("eventTrigger", FunctionTriggerKind.Event), ("scheduleTrigger", FunctionTriggerKind.Schedule),
        ("taskQueueTrigger", FunctionTriggerKind.TaskQueue), ("blockingTrigger", FunctionTriggerKind.Blocking),
        ("dataConnectGraphqlTrigger", null),
    ];

    // Gen2 memory options firebase-tools accepts (backend.ts isValidMemoryOption).
    private static readonly int[] MemoryOptions = [128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768];

    private static readonly string[] Platforms = ["gcfv1", "gcfv2", "run"];

    private static readonly string[] IngressOptions = ["ALLOW_ALL", "ALLOW_INTERNAL_ONLY", "ALLOW_INTERNAL_AND_GCLB"];

    /// <summary>Reads the static manifest at <paramref name="path"/>.</summary>
    public static ResolvedManifest ReadFile(string path, ManifestContext context) => Read(File.ReadAllText(path), context);

    /// <summary>Reads manifest text (YAML, or the SDK's JSON, which is YAML too).</summary>
    public static ResolvedManifest Read(string text, ManifestContext context)
    {
        var root = new YamlSection(Load(text, context.Origin), "", context.Origin, ErrorId);
        root.Mapping();
        foreach (var (key, value) in root.Entries())
        {
            if (!TopLevelKeys.Contains(key, StringComparer.Ordinal))
            {
                throw value.Error($"Unknown manifest key '{key}'.");
            }
        }

        var version = root.Child("specVersion")?.Scalar();
        if (version != "v1alpha1")
        {
            throw (root.Child("specVersion") ?? root).Error($"specVersion must be 'v1alpha1' (the manifest format firebase-tools reads), not '{version}'.");
        }

        RefuseNonEmpty(root, "extensions", "Extensions declared in code (defineExtension) are not deployed by JobFinder.Ops; deploy them with firebase deploy --only extensions.");
        RefuseNonEmpty(root, "lifecycleHooks", "Lifecycle hooks are not run by JobFinder.Ops.");

        var resolver = new ParamResolver(context.ProjectId, context.Firebase, context.UserEnvironment);
        resolver.Resolve(root.Child("params"), context.Codebase, context.SourceDirectory);
        var endpoints = root.Child("endpoints") ?? throw root.Error("The manifest has no 'endpoints' mapping.");
        var functions = new List<ProjectFunction>();
        foreach (var (id, endpoint) in endpoints.Entries())
        {
            if (new EndpointReader(id, endpoint, context, resolver.Values).Read() is { } function)
            {
                functions.Add(function);
            }
        }

        var apis = root.Child("requiredAPIs")?.Items().Select(a => new RequiredApi(
            (a.Child("api") ?? throw a.Error("A required API needs an 'api'.")).Scalar(),
            a.Child("reason")?.Scalar() ?? "")).ToArray() ?? [];
        return new ResolvedManifest(functions, resolver.Params, resolver.FromDefaults, apis);
    }

    private static void RefuseNonEmpty(YamlSection root, string key, string why)
    {
        if (root.Child(key) is { Node: YamlMappingNode { Children.Count: > 0 } } section)
        {
            throw new JobFinderConfigurationException("FunctionsManifestUnsupported", $"'{key}': {why}", section.FilePath, section.Node.Start.Line, section.Node.Start.Column, key);
        }
    }

    private static YamlNode Load(string text, string origin)
    {
        var stream = new YamlStream();
        try
        {
            using var reader = new StringReader(text);
            stream.Load(reader);
        }
        catch (YamlException ex)
        {
            throw new JobFinderConfigurationException(ErrorId, $"The manifest is not valid YAML: {ex.Message}", origin, ex.Start.Line, ex.Start.Column, inner: ex);
        }

        return stream.Documents.Count == 1
            ? stream.Documents[0].RootNode
            : throw new JobFinderConfigurationException(ErrorId, "The manifest must hold exactly one YAML document.", origin, 1, 1);
    }

    /// <summary>One endpoint: its fields checked as firebase-tools checks them and resolved against the
    /// params; what we cannot deploy collected in <see cref="_notDeployable"/>.</summary>
    private sealed class EndpointReader(string id, YamlSection endpoint, ManifestContext context, IReadOnlyDictionary<string, ParamValue> values)
    {
        private readonly List<string> _notDeployable = [];

        public ProjectFunction? Read()
        {
            foreach (var (key, value) in endpoint.Entries())
            {
                if (!EndpointKeys.Contains(key, StringComparer.Ordinal))
                {
                    throw value.Error($"Unknown endpoint key '{key}'.");
                }
            }

            if (endpoint.Child("omit") is { } omit && Bool(omit))
            {
                return null;
            }

            var (kind, trigger) = ReadTrigger();
            var regions = Regions();
            var platform = OneOf(endpoint.Child("platform"), Platforms) ?? "gcfv2";
            if (platform != "gcfv2")
            {
                Refuse("platform", $"'{platform}' functions are not deployed by JobFinder.Ops (it deploys Cloud Functions gen2).");
            }

            RefuseIfSet("vpc", "VPC connectors and network interfaces are not sent by JobFinder.Ops yet.", endpoint.Child("vpc") is { Node: YamlMappingNode { Children.Count: > 0 } });
            RefuseIfSet("baseImageUri", "a custom base image is not deployed by JobFinder.Ops.", endpoint.Child("baseImageUri") is not null);
            RefuseIfSet("command", "a custom container command is not deployed by JobFinder.Ops.", endpoint.Child("command") is not null);
            RefuseIfSet("args", "custom container args are not deployed by JobFinder.Ops.", endpoint.Child("args") is not null);

            var function = new ProjectFunction
            {
                Id = id,
                Codebase = context.Codebase,
                SourceDirectory = context.SourceDirectory,
                Runtime = context.Runtime,
                SettingsSource = context.SettingsSource,
                EntryPoint = (endpoint.Child("entryPoint") ?? throw endpoint.Error($"Endpoint '{id}' has no entryPoint.")).Scalar(),
                Platform = platform,
                Region = regions[0],
                Regions = regions,
                TriggerKind = kind ?? FunctionTriggerKind.Https,
                AvailableMemoryMb = Memory(endpoint.Child("availableMemoryMb")),
                TimeoutSeconds = Positive(endpoint.Child("timeoutSeconds")),
                MinInstances = NonNegative(endpoint.Child("minInstances")),
                MaxInstances = Positive(endpoint.Child("maxInstances")),
                Concurrency = Positive(endpoint.Child("concurrency")),
                Cpu = Cpu(endpoint.Child("cpu")),
                ServiceAccount = String(endpoint.Child("serviceAccount") ?? endpoint.Child("serviceAccountEmail")),
                IngressSettings = OneOf(endpoint.Child("ingressSettings"), IngressOptions),
                Labels = endpoint.Child("labels")?.Entries().Select(e => new Label(e.Key, e.Value.Scalar())).ToArray() ?? [],
                EnvironmentVariables = endpoint.Child("environmentVariables")?.Entries()
                    .Select(e => new EnvironmentVariable(NotReserved(id, e.Key, e.Value), e.Value.Scalar(), context.SettingsSource)).ToArray() ?? [],
                SecretEnvironmentVariables = endpoint.Child("secretEnvironmentVariables")?.Items().Select(ReadSecret).ToArray() ?? [],
            };
            return WithTrigger(function, kind, trigger) with { NotDeployable = _notDeployable.ToArray() };
        }

        // The deployment sets these itself (env.ts RESERVED_KEYS and prefixes; FIREBASE_CONFIG and GCLOUD_PROJECT
        // from the project's adminSdkConfig): a value here would be silently replaced, so it is refused.
        private static string NotReserved(string id, string key, YamlSection value) => !DotEnvParser.IsReserved(key) ? key
            : throw new JobFinderConfigurationException("FunctionsManifestReservedVariable",
                $"Endpoint '{id}' sets environment variable '{key}', a name Cloud Functions or the deployment sets (as firebase deploy, which refuses it in .env files); rename it.",
                value.FilePath, value.Node.Start.Line, value.Node.Start.Column, value.Path);

        private ProjectFunction WithTrigger(ProjectFunction function, FunctionTriggerKind? kind, YamlSection? trigger)
        {
            switch (kind)
            {
                case FunctionTriggerKind.Https:
                    return function with { Invoker = trigger?.Child("invoker") is { } invoker ? invoker.Items().Select(i => String(i)!).ToArray() : [] };
                case FunctionTriggerKind.Callable:
                    return function with { GenkitAction = trigger?.Child("genkitAction")?.Scalar() };
                case FunctionTriggerKind.Event:
                    return ReadEvent(function, trigger ?? throw endpoint.Error($"Endpoint '{id}': eventTrigger needs an eventType."));
                case FunctionTriggerKind.Schedule:
                    return ReadSchedule(function, trigger ?? throw endpoint.Error($"Endpoint '{id}': scheduleTrigger needs a schedule."));
                case FunctionTriggerKind.TaskQueue:
                    Refuse("taskQueueTrigger", "task queue functions need their Cloud Tasks queue created, which JobFinder.Ops does not do yet.");
                    return function;
                case FunctionTriggerKind.Blocking:
                    Refuse("blockingTrigger", "blocking functions need their Identity Platform registration, which JobFinder.Ops does not do yet.");
                    return function with { TriggerDetail = trigger?.Child("eventType")?.Scalar() };
                default:
                    Refuse("dataConnectGraphqlTrigger", "Data Connect resolvers are not deployed by JobFinder.Ops.");
                    return function;
            }
        }

        private ProjectFunction ReadEvent(ProjectFunction function, YamlSection trigger)
        {
            var eventType = (trigger.Child("eventType") ?? throw trigger.Error($"Endpoint '{id}': eventTrigger needs an eventType.")).Scalar();
            if (trigger.Child("channel") is not null)
            {
                Refuse("eventTrigger.channel", "custom Eventarc channels are not deployed by JobFinder.Ops yet.");
            }

            var filters = new List<FunctionEventFilter>();
            foreach (var (key, value) in trigger.Child("eventFilters")?.Entries() ?? [])
            {
                var resolved = String(value)!;
                // v1alpha1.ts: a bare Pub/Sub topic name is made a full resource name.
                if (key == "topic" && !resolved.StartsWith("projects/", StringComparison.Ordinal))
                {
                    resolved = $"projects/{context.ProjectId}/topics/{resolved}";
                }

                filters.Add(new FunctionEventFilter(key, resolved, PathPattern: false));
            }

            foreach (var (key, value) in trigger.Child("eventFilterPathPatterns")?.Entries() ?? [])
            {
                filters.Add(new FunctionEventFilter(key, String(value)!, PathPattern: true));
            }

            return function with
            {
                TriggerDetail = eventType,
                EventFilters = filters,
                Retry = trigger.Child("retry") is { } retry && Bool(retry),
                TriggerRegion = String(trigger.Child("region")),
                TriggerServiceAccount = String(trigger.Child("serviceAccount") ?? trigger.Child("serviceAccountEmail")),
            };
        }

        private ProjectFunction ReadSchedule(ProjectFunction function, YamlSection trigger)
        {
            var schedule = String(trigger.Child("schedule")) ?? throw trigger.Error($"Endpoint '{id}': scheduleTrigger needs a schedule.");
            ScheduleRetryConfig? retry = null;
            if (trigger.Child("retryConfig") is { } config)
            {
                retry = new ScheduleRetryConfig(
                    NonNegative(config.Child("retryCount")),
                    Seconds(config, "maxRetrySeconds", "maxRetryDuration"),
                    Seconds(config, "minBackoffSeconds", "minBackoffDuration"),
                    Seconds(config, "maxBackoffSeconds", "maxBackoffDuration"),
                    NonNegative(config.Child("maxDoublings")));
                retry = retry == new ScheduleRetryConfig(null, null, null, null, null) ? null : retry;
            }

            return function with { TriggerDetail = schedule, ScheduleTimeZone = String(trigger.Child("timeZone")), ScheduleRetry = retry };
        }

        // retryConfig takes seconds or a duration string ("3600s"), as v1alpha1.ts converts.
        private int? Seconds(YamlSection config, string secondsKey, string durationKey)
        {
            if (config.Child(durationKey) is { } duration)
            {
                var text = duration.Scalar();
                return text.EndsWith('s') && int.TryParse(text[..^1], System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var s)
                    ? s
                    : throw duration.Error($"{duration.Describe()} must be a duration in seconds such as '3600s', not '{text}'.");
            }

            return NonNegative(config.Child(secondsKey));
        }

        private (FunctionTriggerKind? Kind, YamlSection? Trigger) ReadTrigger()
        {
            var present = Triggers.Where(t => endpoint.Entries().Any(e => e.Key == t.Key)).ToArray();
            if (present.Length != 1)
            {
                throw endpoint.Error(present.Length == 0
                    ? $"Endpoint '{id}' has no trigger (one of {string.Join(", ", Triggers.Select(t => t.Key))})."
                    : $"Endpoint '{id}' has more than one trigger.");
            }

            var trigger = endpoint.Child(present[0].Key);
            trigger?.Mapping();
            return (present[0].Kind, trigger);
        }

        private IReadOnlyList<string> Regions()
        {
            if (endpoint.Child("region") is not { } node)
            {
                return [context.DefaultRegion];
            }

            var regions = Resolve(node, () =>
            {
                if (node.Node is YamlSequenceNode)
                {
                    return node.Items().Select(i => ParamExpression.ResolveString(i.Scalar(), values)).ToArray();
                }

                // build.ts: a CEL string is a list param, or else one string.
                var text = node.Scalar();
                if (!ParamExpression.IsExpression(text))
                {
                    return [text];
                }

                try
                {
                    return ParamExpression.ResolveList(text, values);
                }
                catch (ParamExpressionException)
                {
                    return [ParamExpression.ResolveString(text, values)];
                }
            });
            return regions.Count > 0 ? regions.Distinct(StringComparer.Ordinal).ToArray() : throw node.Error($"Endpoint '{id}' lists no region.");
        }

        private void Refuse(string field, string why) => _notDeployable.Add($"{field}: {why}");

        private void RefuseIfSet(string field, string why, bool set)
        {
            if (set)
            {
                Refuse(field, why);
            }
        }

        private T Resolve<T>(YamlSection node, Func<T> resolve)
        {
            try
            {
                return resolve();
            }
            catch (ParamExpressionException ex)
            {
                throw node.Error($"Endpoint '{id}', {node.Describe()}: {ex.Message}");
            }
        }

        private string? String(YamlSection? node) =>
            node is { } n ? Resolve(n, () => ParamExpression.ResolveString(n.Scalar(), values)) : null;

        private bool Bool(YamlSection node)
        {
            var text = node.Scalar();
            return ParamExpression.IsExpression(text) ? Resolve(node, () => ParamExpression.ResolveBoolean(text, values)) : node.Bool();
        }

        private int? Int(YamlSection? node)
        {
            if (node is not { } n)
            {
                return null;
            }

            var text = n.Scalar();
            return ParamExpression.IsExpression(text) ? Resolve(n, () => ParamExpression.ResolveInt(text, values)) : n.Int();
        }

        private int? Memory(YamlSection? node)
        {
            var value = Int(node);
            return value is null || MemoryOptions.Contains(value.Value)
                ? value
                : throw node!.Value.Error($"Endpoint '{id}': availableMemoryMb must be one of {string.Join(", ", MemoryOptions)}, not {value}.");
        }

        // A number (fractions allowed: Cloud Run takes 0.083 and up) or gcf_gen1; a CEL value is an int param.
        private string? Cpu(YamlSection? node) =>
            node is not { } n ? null
            : ParamExpression.IsExpression(n.Scalar()) ? Int(n)!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)
            : n.Scalar();

        private int? Positive(YamlSection? node) =>
            Int(node) is { } v ? v > 0 ? v : throw node!.Value.Error($"{node.Value.Describe()} must be greater than 0.") : null;

        private int? NonNegative(YamlSection? node) =>
            Int(node) is { } v ? v >= 0 ? v : throw node!.Value.Error($"{node.Value.Describe()} must not be negative.") : null;

        private string? OneOf(YamlSection? node, string[] allowed)
        {
            if (String(node) is not { } value)
            {
                return null;
            }

            return allowed.Contains(value, StringComparer.Ordinal) ? value : throw node!.Value.Error($"{node.Value.Describe()} must be one of {string.Join(", ", allowed)}, not '{value}'.");
        }

        private SecretEnvironmentVariable ReadSecret(YamlSection item)
        {
            var key = (item.Child("key") ?? throw item.Error("A secret environment variable needs a 'key'.")).Scalar();
            return new SecretEnvironmentVariable(key, item.Child("secret")?.Scalar() ?? key);
        }
    }
}
