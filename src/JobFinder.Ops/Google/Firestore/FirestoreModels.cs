using System.Text.Json;
using System.Text.Json.Serialization;
using JobFinder.Ops.Google.Json;

namespace JobFinder.Ops.Google.Firestore;

public sealed record FirestoreDatabase
{
    public string? Name { get; init; }

    public string? Uid { get; init; }

    public DateTimeOffset? CreateTime { get; init; }

    public DateTimeOffset? UpdateTime { get; init; }

    public DateTimeOffset? DeleteTime { get; init; }

    public string? LocationId { get; init; }

    public DatabaseType? Type { get; init; }

    public string? ConcurrencyMode { get; init; }

    public TimeSpan? VersionRetentionPeriod { get; init; }

    public DateTimeOffset? EarliestVersionTime { get; init; }

    public string? PointInTimeRecoveryEnablement { get; init; }

    public string? DeleteProtectionState { get; init; }

    public string? DatabaseEdition { get; init; }

    public string? Etag { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

public sealed record ListDatabasesResponse
{
    public List<FirestoreDatabase>? Databases { get; init; }

    public List<string>? Unreachable { get; init; }
}

public sealed record ExportDocumentsRequest
{
    /// <summary><c>gs://BUCKET[/PATH]</c>.</summary>
    public string? OutputUriPrefix { get; init; }

    /// <summary>Empty = every collection group.</summary>
    public List<string>? CollectionIds { get; init; }

    public List<string>? NamespaceIds { get; init; }

    public DateTimeOffset? SnapshotTime { get; init; }
}

public sealed record ExportDocumentsResponse
{
    public string? OutputUriPrefix { get; init; }
}

public sealed record ImportDocumentsRequest
{
    /// <summary>Must equal an export's <c>outputUriPrefix</c>.</summary>
    public string? InputUriPrefix { get; init; }

    public List<string>? CollectionIds { get; init; }

    public List<string>? NamespaceIds { get; init; }
}

/// <summary>Metadata of export and import operations (import has <see cref="InputUriPrefix"/> instead
/// of <see cref="OutputUriPrefix"/>).</summary>
public sealed record DocumentsOperationMetadata
{
    public DateTimeOffset? StartTime { get; init; }

    public DateTimeOffset? EndTime { get; init; }

    public FirestoreOperationState? OperationState { get; init; }

    public WorkProgress? ProgressDocuments { get; init; }

    public WorkProgress? ProgressBytes { get; init; }

    public List<string>? CollectionIds { get; init; }

    public List<string>? NamespaceIds { get; init; }

    public string? OutputUriPrefix { get; init; }

    public string? InputUriPrefix { get; init; }

    public DateTimeOffset? SnapshotTime { get; init; }
}

public sealed record WorkProgress
{
    [JsonNumberHandling(JsonNumberHandling.WriteAsString | JsonNumberHandling.AllowReadingFromString)]
    public long? CompletedWork { get; init; }

    [JsonNumberHandling(JsonNumberHandling.WriteAsString | JsonNumberHandling.AllowReadingFromString)]
    public long? EstimatedWork { get; init; }
}

public sealed record FirestoreIndex
{
    public string? Name { get; init; }

    public QueryScope? QueryScope { get; init; }

    public ApiScope? ApiScope { get; init; }

    public List<IndexField>? Fields { get; init; }

    public IndexState? State { get; init; }

    public string? Density { get; init; }

    public bool? Multikey { get; init; }

    public bool? Unique { get; init; }
}

public sealed record IndexField
{
    public string? FieldPath { get; init; }

    public IndexOrder? Order { get; init; }

    public ArrayConfig? ArrayConfig { get; init; }

    /// <summary>Vector and search configs are passed through untouched.</summary>
    public JsonElement? VectorConfig { get; init; }

    public JsonElement? SearchConfig { get; init; }
}

public sealed record ListIndexesResponse
{
    public List<FirestoreIndex>? Indexes { get; init; }

    public string? NextPageToken { get; init; }
}

public sealed record FirestoreField
{
    public string? Name { get; init; }

    public IndexConfig? IndexConfig { get; init; }

    public TtlConfig? TtlConfig { get; init; }
}

public sealed record IndexConfig
{
    public List<FirestoreIndex>? Indexes { get; init; }

    public bool? UsesAncestorConfig { get; init; }

    public string? AncestorField { get; init; }

    public bool? Reverting { get; init; }
}

public sealed record TtlConfig
{
    public string? State { get; init; }

    public TimeSpan? ExpirationOffset { get; init; }
}

public sealed record ListFieldsResponse
{
    public List<FirestoreField>? Fields { get; init; }

    public string? NextPageToken { get; init; }
}

public sealed record RunAggregationQueryRequest
{
    public StructuredAggregationQuery? StructuredAggregationQuery { get; init; }
}

public sealed record StructuredAggregationQuery
{
    public StructuredQuery? StructuredQuery { get; init; }

    public List<QueryAggregation>? Aggregations { get; init; }
}

public sealed record StructuredQuery
{
    public List<CollectionSelector>? From { get; init; }

    /// <summary>A Firestore filter, passed through as JSON.</summary>
    public JsonElement? Where { get; init; }

    public int? Limit { get; init; }
}

public sealed record CollectionSelector
{
    public string? CollectionId { get; init; }

    public bool? AllDescendants { get; init; }
}

public sealed record QueryAggregation
{
    public string? Alias { get; init; }

    public CountAggregation? Count { get; init; }
}

public sealed record CountAggregation
{
    [JsonNumberHandling(JsonNumberHandling.WriteAsString | JsonNumberHandling.AllowReadingFromString)]
    public long? UpTo { get; init; }
}

/// <summary>One element of the streamed <c>runAggregationQuery</c> response array.</summary>
public sealed record RunAggregationQueryResponse
{
    public AggregationResult? Result { get; init; }

    public DateTimeOffset? ReadTime { get; init; }
}

public sealed record AggregationResult
{
    public Dictionary<string, FirestoreValue>? AggregateFields { get; init; }
}

/// <summary>The Firestore Value kinds an aggregation returns.</summary>
public sealed record FirestoreValue
{
    [JsonNumberHandling(JsonNumberHandling.WriteAsString | JsonNumberHandling.AllowReadingFromString)]
    public long? IntegerValue { get; init; }

    public double? DoubleValue { get; init; }

    public string? NullValue { get; init; }
}

[JsonConverter(typeof(GoogleEnumConverter<DatabaseType>))]
public enum DatabaseType
{
    DatabaseTypeUnspecified,
    FirestoreNative,
    DatastoreMode,
}

[JsonConverter(typeof(GoogleEnumConverter<FirestoreOperationState>))]
public enum FirestoreOperationState
{
    OperationStateUnspecified,
    Initializing,
    Processing,
    Cancelling,
    Finalizing,
    Successful,
    Failed,
    Cancelled,
}

[JsonConverter(typeof(GoogleEnumConverter<QueryScope>))]
public enum QueryScope
{
    QueryScopeUnspecified,
    Collection,
    CollectionGroup,
    CollectionRecursive,
}

[JsonConverter(typeof(GoogleEnumConverter<ApiScope>))]
public enum ApiScope
{
    AnyApi,
    DatastoreModeApi,
    MongodbCompatibleApi,
}

[JsonConverter(typeof(GoogleEnumConverter<IndexState>))]
public enum IndexState
{
    StateUnspecified,
    Creating,
    Ready,
    NeedsRepair,
}

[JsonConverter(typeof(GoogleEnumConverter<IndexOrder>))]
public enum IndexOrder
{
    OrderUnspecified,
    Ascending,
    Descending,
}

[JsonConverter(typeof(GoogleEnumConverter<ArrayConfig>))]
public enum ArrayConfig
{
    ArrayConfigUnspecified,
    Contains,
}

/// <summary><c>projects/{Project}/databases/{Database}</c>; the default database is <c>(default)</c>.</summary>
public sealed record DatabaseName(string Project, string Database = DatabaseName.Default)
{
    public const string Default = "(default)";

    public static DatabaseName Parse(string name)
    {
        var parts = ResourceName.Parse(name, "projects/*/databases/*");
        return new DatabaseName(parts[0], parts[1] == "%28default%29" ? Default : parts[1]);
    }

    /// <summary><c>.../collectionGroups/{id}</c>; <c>-</c> means every collection group.</summary>
    public string CollectionGroup(string collectionGroupId) => $"{this}/collectionGroups/{collectionGroupId}";

    public override string ToString() => $"projects/{Project}/databases/{Database}";
}
