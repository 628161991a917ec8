using System.Text.Json.Serialization;
using JobFinder.Ops.Google.ArtifactRegistry;
using JobFinder.Ops.Google.FirebaseStorage;
using JobFinder.Ops.Google.Firestore;
using JobFinder.Ops.Google.Functions;
using JobFinder.Ops.Google.Iam;
using JobFinder.Ops.Google.Monitoring;
using JobFinder.Ops.Google.Operations;
using JobFinder.Ops.Google.Rules;
using JobFinder.Ops.Google.Run;
using JobFinder.Ops.Google.Scheduler;
using JobFinder.Ops.Google.SecretManager;
using JobFinder.Ops.Google.Storage;

namespace JobFinder.Ops.Google.Json;

/// <summary>Source-generated (reflection-free) JSON metadata for every wire type, with Google's
/// conventions: lowerCamelCase names, nulls omitted, int64 read from strings (and written as strings
/// where the model says so), durations as <c>"60s"</c>, timestamps as RFC 3339 UTC. Enums carry their
/// own <see cref="GoogleEnumConverter{TEnum}"/>.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowReadingFromString,
    Converters = [typeof(GoogleDurationConverter), typeof(GoogleNullableDurationConverter), typeof(GoogleTimestampConverter), typeof(GoogleNullableTimestampConverter)])]
[JsonSerializable(typeof(Operation))]
[JsonSerializable(typeof(ListOperationsResponse))]
[JsonSerializable(typeof(Empty))]
[JsonSerializable(typeof(Function))]
[JsonSerializable(typeof(ListFunctionsResponse))]
[JsonSerializable(typeof(GenerateUploadUrlRequest))]
[JsonSerializable(typeof(GenerateUploadUrlResponse))]
[JsonSerializable(typeof(GenerateDownloadUrlRequest))]
[JsonSerializable(typeof(GenerateDownloadUrlResponse))]
[JsonSerializable(typeof(FunctionOperationMetadata))]
[JsonSerializable(typeof(RunService))]
[JsonSerializable(typeof(ListRunServicesResponse))]
[JsonSerializable(typeof(Revision))]
[JsonSerializable(typeof(ListRevisionsResponse))]
[JsonSerializable(typeof(WaitOperationRequest))]
[JsonSerializable(typeof(FirestoreDatabase))]
[JsonSerializable(typeof(ListDatabasesResponse))]
[JsonSerializable(typeof(ExportDocumentsRequest))]
[JsonSerializable(typeof(ExportDocumentsResponse))]
[JsonSerializable(typeof(ImportDocumentsRequest))]
[JsonSerializable(typeof(DocumentsOperationMetadata))]
[JsonSerializable(typeof(FirestoreIndex))]
[JsonSerializable(typeof(ListIndexesResponse))]
[JsonSerializable(typeof(FirestoreField))]
[JsonSerializable(typeof(ListFieldsResponse))]
[JsonSerializable(typeof(RunAggregationQueryRequest))]
[JsonSerializable(typeof(List<RunAggregationQueryResponse>), TypeInfoPropertyName = "ListRunAggregationQueryResponse")]
[JsonSerializable(typeof(Ruleset))]
[JsonSerializable(typeof(Release))]
[JsonSerializable(typeof(UpdateReleaseRequest))]
[JsonSerializable(typeof(TestRulesetRequest))]
[JsonSerializable(typeof(TestRulesetResponse))]
[JsonSerializable(typeof(DefaultBucket))]
[JsonSerializable(typeof(System.Text.Json.Nodes.JsonObject))]
[JsonSerializable(typeof(ListRulesetsResponse))]
[JsonSerializable(typeof(ListReleasesResponse))]
[JsonSerializable(typeof(AlertPolicy))]
[JsonSerializable(typeof(ListAlertPoliciesResponse))]
[JsonSerializable(typeof(NotificationChannel))]
[JsonSerializable(typeof(ListNotificationChannelsResponse))]
[JsonSerializable(typeof(ListTimeSeriesResponse))]
[JsonSerializable(typeof(MonitoredService))]
[JsonSerializable(typeof(ListMonitoredServicesResponse))]
[JsonSerializable(typeof(ServiceLevelObjective))]
[JsonSerializable(typeof(ListServiceLevelObjectivesResponse))]
[JsonSerializable(typeof(Dashboard))]
[JsonSerializable(typeof(ListDashboardsResponse))]
[JsonSerializable(typeof(Bucket))]
[JsonSerializable(typeof(StorageObject))]
[JsonSerializable(typeof(ListObjectsResponse))]
[JsonSerializable(typeof(DockerImage))]
[JsonSerializable(typeof(ListDockerImagesResponse))]
[JsonSerializable(typeof(IamPolicy))]
[JsonSerializable(typeof(SetIamPolicyRequest))]
[JsonSerializable(typeof(SchedulerJob))]
[JsonSerializable(typeof(SecretVersion))]
[JsonSerializable(typeof(SecretResource))]
[JsonSerializable(typeof(AddSecretVersionRequest))]
[JsonSerializable(typeof(JobFinder.Ops.Google.ResourceManager.ResourceManagerProject))]
public sealed partial class GoogleJsonContext : JsonSerializerContext;
