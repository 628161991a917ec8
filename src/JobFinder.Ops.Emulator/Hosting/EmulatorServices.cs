using JobFinder.Ops.Emulator.ArtifactRegistry;
using JobFinder.Ops.Emulator.Auth;
using JobFinder.Ops.Emulator.Billing;
using JobFinder.Ops.Emulator.Compute;
using JobFinder.Ops.Emulator.Dashboards;
using JobFinder.Ops.Emulator.FirebaseManagement;
using JobFinder.Ops.Emulator.FirebaseStorage;
using JobFinder.Ops.Emulator.Firestore;
using JobFinder.Ops.Emulator.Firestore.Grpc;
using JobFinder.Ops.Emulator.Functions;
using JobFinder.Ops.Emulator.Iam;
using JobFinder.Ops.Emulator.Infrastructure;
using JobFinder.Ops.Emulator.Infrastructure.Operations;
using JobFinder.Ops.Emulator.Infrastructure.Persistence;
using JobFinder.Ops.Emulator.Logging;
using JobFinder.Ops.Emulator.Metrics;
using JobFinder.Ops.Emulator.Monitoring;
using JobFinder.Ops.Emulator.ResourceManager;
using JobFinder.Ops.Emulator.Rules;
using JobFinder.Ops.Emulator.Run;
using JobFinder.Ops.Emulator.Runtime;
using JobFinder.Ops.Emulator.Runtime.Workers;
using JobFinder.Ops.Emulator.Scheduler;
using JobFinder.Ops.Emulator.Secrets;
using JobFinder.Ops.Emulator.ServiceUsage;
using JobFinder.Ops.Emulator.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace JobFinder.Ops.Emulator.Hosting;

/// <summary>Every store, API, runtime service and operation completion the emulator serves, by name and
/// grouped by the Google API they stand in for, so one file answers "what does the emulator run?". A new API
/// is added here; <c>EmulatorServicesTests</c> fails when an <see cref="IEmulatorApi"/>
/// or <see cref="IOperationCompletion"/> class is not. The groups are in the
/// order the host used to discover them (by namespace), so stores, routes and completions keep their order.</summary>
internal static class EmulatorServices
{
    public static void Register(IServiceCollection services)
    {
        // Artifact Registry: the container images of function revisions (list/get, and deleting one).
        services.AddPersistentStore<ArtifactStore>();
        services.AddApi<ArtifactRegistryApi>();
        services.AddPersistentStore<RepositorySettingsStore>();
        services.AddApi<RepositoriesApi>();

        // Authentication: Identity Toolkit (the seeded test user's sign-in) and the OAuth token endpoint.
        // Their token services are core (the authentication middleware needs them), registered by the host.
        services.AddApi<IdentityToolkitApi>();
        services.AddApi<OAuthTokenApi>();

        // Cloud Billing: every project is on a billing account (functions need the Blaze plan).
        services.AddApi<CloudBillingApi>();

        // Compute Engine: the project's default service account.
        services.AddApi<ComputeProjectsApi>();

        // Cloud Monitoring dashboards.
        services.AddPersistentStore<DashboardsStore>();
        services.AddApi<DashboardsApi>();

        // Firestore: documents, the Admin API (databases, export/import) and indexes/fields, with the
        // long-running operations each admin call starts.
        services.AddPersistentStore<FirestoreStore>();
        services.AddSingleton<FirestoreExporter>();
        services.AddSingleton<FirestoreImporter>();
        services.AddSingleton<IStartupFilter, FirestoreSeedEndpoint>();
        services.AddApi<FirestoreAdminApi>();
        services.AddApi<FirestoreDocumentsApi>();
        services.AddApi<FirestoreIndexesApi>();
        services.AddCompletion<FirestoreCreateDatabaseCompletion>();
        services.AddCompletion<FirestoreDeleteDatabaseCompletion>();
        services.AddCompletion<FirestoreExportCompletion>();
        services.AddCompletion<FirestoreFieldUpdateCompletion>();
        services.AddCompletion<FirestoreImportCompletion>();
        services.AddCompletion<FirestoreIndexBuildCompletion>();
        // ... and google.firestore.v1.Firestore over gRPC on its own HTTP/2 port, same data (Admin SDK).
        services.AddSingleton<GrpcTransactions>();
        services.AddSingleton<CommitClock>();
        services.AddGrpc(grpc => grpc.Interceptors.Add<FirestoreGrpcInterceptor>());

        // Cloud Functions (gen2), with the Cloud Run store its functions deploy to: source uploads, the
        // deployer, and the deploy/delete operations.
        services.AddPersistentStore<RunStore>();
        services.AddPersistentStore<IamPolicyStore>();
        services.AddPersistentStore<FunctionStore>();
        services.AddPersistentStore<FunctionSourceUploads>();
        services.AddSingleton<FunctionDeployer>();
        services.AddApi<FunctionsApi>();
        services.AddApi<FunctionsV1Api>();
        services.AddCompletion<FunctionDeleteCompletion>();
        services.AddCompletion<FunctionDeployCompletion>();

        // Long-running operations of Cloud Functions v2 and Cloud Run v2 (v2/.../locations/{l}/operations), and
        // the completion of operations whose work happened synchronously (the saved response is revealed).
        services.AddApi<LocationOperationsApi>();
        services.AddCompletion<StoredResultCompletion>();

        // Cloud Monitoring time series: the Cloud Run request metrics the function runtime records.
        services.AddPersistentStore<MetricStore>();
        services.AddApi<TimeSeriesApi>();

        // Cloud Monitoring alerting: alert policies, notification channels, Service Monitoring (SLOs).
        services.AddPersistentStore<MonitoringStore>();
        services.AddApi<AlertPoliciesApi>();
        services.AddApi<NotificationChannelsApi>();
        services.AddApi<ServiceMonitoringApi>();

        // Cloud Storage for Firebase: the default bucket and the buckets linked to a project.
        services.AddPersistentStore<FirebaseStorageStore>();
        services.AddApi<FirebaseStorageApi>();

        // Firebase Management: the Firebase project and its Admin SDK configuration.
        services.AddApi<FirebaseProjectsApi>();

        // Firebase Rules: projects.test, rulesets and releases.
        services.AddPersistentStore<RulesStore>();
        services.AddApi<RulesApi>();

        // Cloud Run Admin v2: services and revisions, and finishing a services.patch (serving traffic catches up).
        services.AddApi<RunApi>();
        services.AddCompletion<RunReconcileCompletion>();

        // The function runtime: serves deployed revisions' URLs by running each revision's own source in a
        // Node.js worker (Functions Framework), with Cloud Run's limits around it; worker output becomes
        // Cloud Logging entries of the revision.
        services.AddSingleton<FunctionRuntime>();
        services.AddSingleton<InvokerCheck>();
        services.AddSingleton<WorkerPoolSettings>();
        services.AddSingleton<RevisionSources>();
        services.AddSingleton<DependencyCache>();
        services.AddSingleton<WorkerEnvironment>();
        services.AddSingleton<IWorkerEnvironmentSource, FirebaseEmulatorHosts>();
        services.AddSingleton<IWorkerEnvironmentSource, SecretEnvironment>();
        services.AddSingleton<WorkerLogSink>();
        services.AddSingleton<WorkerProxy>();
        services.AddSingleton<RevisionWorkers>();
        services.AddSingleton<RevisionStarts>();

        // Cloud Logging: the entries of every revision's stdout/stderr, read with entries:list.
        services.AddPersistentStore<LogEntryStore>();
        services.AddApi<LoggingApi>();

        // Cloud Resource Manager: the project (its number) and the caller's permissions on it.
        services.AddApi<ResourceManagerApi>();

        // Service Usage: which APIs each project has enabled.
        services.AddPersistentStore<ServiceUsageStore>();
        services.AddApi<ServiceUsageApi>();

        // Cloud Scheduler: jobs that fire their HTTP target on schedule, on a clock tests can speed up.
        services.AddPersistentStore<SchedulerStore>();
        services.AddSingleton<SchedulerClock>();
        services.AddApi<CloudSchedulerApi>();
        services.AddHostedService<SchedulerDispatcher>();

        // Secret Manager: secrets and their versions (functions pin one at deploy time).
        services.AddPersistentStore<SecretStore>();
        services.AddApi<SecretManagerApi>();

        // Cloud Storage: object bytes on disk under DATA/storage/blobs when a data path is given (bounded
        // memory for big exports, survives restarts), in memory otherwise.
        services.AddSingleton<IBlobStore>(sp => sp.GetRequiredService<EmulatorContext>().Options.DataPath is { } dataPath
            ? new DiskBlobStore(Path.Combine(dataPath, "storage", "blobs"))
            : new MemoryBlobStore());
        services.AddPersistentStore<StorageStore>();
        services.AddSingleton<ResumableUploads>();
        services.AddApi<StorageApi>();
    }

    /// <summary>Maps the gRPC services. Read-only methods carry <see cref="ReadStyleCallMetadata"/> so the
    /// request log does not count them as mutations.</summary>
    public static void MapGrpc(IEndpointRouteBuilder routes) =>
        routes.MapGrpcService<FirestoreGrpcService>()
            .WithMetadata(new GrpcApiMetadata("firestore"))
            .Add(endpoint =>
            {
                if (endpoint is RouteEndpointBuilder route
                    && FirestoreGrpcInterceptor.ReadMethods.Contains(FirestoreGrpcInterceptor.MethodName(route.RoutePattern.RawText ?? string.Empty)))
                {
                    endpoint.Metadata.Add(ReadStyleCallMetadata.Instance);
                }
            });

    private static void AddApi<T>(this IServiceCollection services)
        where T : class, IEmulatorApi => services.AddAs<IEmulatorApi, T>();

    private static void AddCompletion<T>(this IServiceCollection services)
        where T : class, IOperationCompletion => services.AddAs<IOperationCompletion, T>();

    /// <summary>One singleton, resolvable by its own type and by the interface.</summary>
    private static void AddAs<TService, T>(this IServiceCollection services)
        where TService : class
        where T : class, TService
    {
        services.TryAddSingleton<T>();
        services.AddSingleton<TService>(sp => sp.GetRequiredService<T>());
    }
}
