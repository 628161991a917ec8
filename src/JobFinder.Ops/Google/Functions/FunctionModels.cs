using System.Text.Json;
using System.Text.Json.Serialization;
using JobFinder.Ops.Google.Json;

namespace JobFinder.Ops.Google.Functions;

/// <summary>cloudfunctions v2 Function. Fields we do not model survive a GET → PATCH round trip in
/// <see cref="ExtensionData"/>.</summary>
public sealed record Function
{
    public string? Name { get; init; }

    public string? Description { get; init; }

    public FunctionEnvironment? Environment { get; init; }

    public FunctionState? State { get; init; }

    public DateTimeOffset? CreateTime { get; init; }

    public DateTimeOffset? UpdateTime { get; init; }

    public string? Url { get; init; }

    public List<FunctionStateMessage>? StateMessages { get; init; }

    public Dictionary<string, string>? Labels { get; init; }

    public BuildConfig? BuildConfig { get; init; }

    public ServiceConfig? ServiceConfig { get; init; }

    public EventTrigger? EventTrigger { get; init; }

    public string? KmsKeyName { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

public sealed record FunctionStateMessage
{
    public string? Severity { get; init; }

    public string? Type { get; init; }

    public string? Message { get; init; }
}

public sealed record BuildConfig
{
    public string? Runtime { get; init; }

    public string? EntryPoint { get; init; }

    /// <summary>Build-time variables. Never logged: they may carry secrets.</summary>
    public Dictionary<string, string>? EnvironmentVariables { get; init; }

    public FunctionSource? Source { get; init; }

    public string? SourceToken { get; init; }

    public string? ServiceAccount { get; init; }

    public string? DockerRepository { get; init; }

    public string? Build { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

public sealed record FunctionSource
{
    public StorageSource? StorageSource { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

public sealed record StorageSource
{
    public string? Bucket { get; init; }

    public string? Object { get; init; }

    [JsonNumberHandling(JsonNumberHandling.WriteAsString | JsonNumberHandling.AllowReadingFromString)]
    public long? Generation { get; init; }
}

public sealed record ServiceConfig
{
    /// <summary>The Cloud Run service, <c>projects/P/locations/L/services/S</c> (read-only).</summary>
    public string? Service { get; init; }

    /// <summary>Short id of the revision serving this config (read-only).</summary>
    public string? Revision { get; init; }

    public string? Uri { get; init; }

    public string? AvailableMemory { get; init; }

    public string? AvailableCpu { get; init; }

    public int? TimeoutSeconds { get; init; }

    public int? MaxInstanceCount { get; init; }

    public int? MinInstanceCount { get; init; }

    public int? MaxInstanceRequestConcurrency { get; init; }

    /// <summary>Runtime variables. Never logged: they may carry secrets.</summary>
    public Dictionary<string, string>? EnvironmentVariables { get; init; }

    public List<SecretEnvironmentVariable>? SecretEnvironmentVariables { get; init; }

    public IngressSettings? IngressSettings { get; init; }

    public string? ServiceAccountEmail { get; init; }

    /// <summary>Must be sent explicitly (and in the mask) as false to keep traffic pinned on update.</summary>
    public bool? AllTrafficOnLatestRevision { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

public sealed record SecretEnvironmentVariable
{
    public string? Key { get; init; }

    public string? ProjectId { get; init; }

    public string? Secret { get; init; }

    public string? Version { get; init; }
}

public sealed record EventTrigger
{
    public string? Trigger { get; init; }

    public string? TriggerRegion { get; init; }

    public string? EventType { get; init; }

    public List<EventFilter>? EventFilters { get; init; }

    public string? PubsubTopic { get; init; }

    public string? ServiceAccountEmail { get; init; }

    public string? RetryPolicy { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

public sealed record EventFilter
{
    public string? Attribute { get; init; }

    public string? Value { get; init; }

    public string? Operator { get; init; }
}

public sealed record ListFunctionsResponse
{
    public List<Function>? Functions { get; init; }

    public string? NextPageToken { get; init; }

    public List<string>? Unreachable { get; init; }
}

public sealed record GenerateUploadUrlRequest
{
    public string? KmsKeyName { get; init; }

    public FunctionEnvironment? Environment { get; init; }
}

/// <summary>generateDownloadUrl's (empty) request body.</summary>
public sealed record GenerateDownloadUrlRequest;

public sealed record GenerateDownloadUrlResponse
{
    public string? DownloadUrl { get; init; }
}

public sealed record GenerateUploadUrlResponse
{
    public string? UploadUrl { get; init; }

    public StorageSource? StorageSource { get; init; }
}

/// <summary>google.cloud.functions.v2.OperationMetadata: the <c>metadata</c> of function LROs.</summary>
public sealed record FunctionOperationMetadata
{
    public DateTimeOffset? CreateTime { get; init; }

    public DateTimeOffset? EndTime { get; init; }

    public string? Target { get; init; }

    public string? Verb { get; init; }

    public string? StatusDetail { get; init; }

    public bool? CancelRequested { get; init; }

    public string? ApiVersion { get; init; }

    public List<FunctionStage>? Stages { get; init; }

    public string? SourceToken { get; init; }

    public string? BuildName { get; init; }

    public string? OperationType { get; init; }
}

public sealed record FunctionStage
{
    public string? Name { get; init; }

    public string? Message { get; init; }

    public string? State { get; init; }

    public string? Resource { get; init; }

    public string? ResourceUri { get; init; }
}

[JsonConverter(typeof(GoogleEnumConverter<FunctionEnvironment>))]
public enum FunctionEnvironment
{
    EnvironmentUnspecified,
    Gen1,
    Gen2,
}

[JsonConverter(typeof(GoogleEnumConverter<FunctionState>))]
public enum FunctionState
{
    StateUnspecified,
    Active,
    Failed,
    Deploying,
    Deleting,
    Unknown,
    Detaching,
    DetachFailed,
}

[JsonConverter(typeof(GoogleEnumConverter<IngressSettings>))]
public enum IngressSettings
{
    IngressSettingsUnspecified,
    AllowAll,
    AllowInternalOnly,
    AllowInternalAndGclb,
}

/// <summary><c>projects/{Project}/locations/{Location}/functions/{Function}</c>.</summary>
public sealed record FunctionName(string Project, string Location, string Function)
{
    public static FunctionName Parse(string name)
    {
        var parts = ResourceName.Parse(name, "projects/*/locations/*/functions/*");
        return new FunctionName(parts[0], parts[1], parts[2]);
    }

    public string Parent => $"projects/{Project}/locations/{Location}";

    public override string ToString() => $"{Parent}/functions/{Function}";
}
