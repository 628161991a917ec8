namespace JobFinder.Ops.Google;

/// <summary>The Google APIs the module speaks. Each has a default root URL (its discovery
/// <c>rootUrl</c>) and a label: the first label of its host, which names its emulator prefix
/// (<c>http://HOST/run/</c>) and its override variable (<c>JOBFINDER_RUN_URL</c>).</summary>
public enum GoogleService
{
    CloudFunctions,
    CloudRun,
    Firestore,
    FirebaseRules,
    Monitoring,
    Storage,
    ArtifactRegistry,

    /// <summary>Cloud Storage for Firebase: which bucket is the project's default bucket.</summary>
    FirebaseStorage,

    /// <summary>Identity Toolkit (Firebase Auth REST): the smoke runner signs its test user in here.</summary>
    IdentityToolkit,

    /// <summary>Cloud Scheduler: the job that triggers a scheduled function.</summary>
    CloudScheduler,

    /// <summary>Secret Manager: the version a function's secret is pinned to at deploy time.</summary>
    SecretManager,

    /// <summary>Firebase Management: the project's Admin SDK configuration, which every function gets as FIREBASE_CONFIG.</summary>
    FirebaseManagement,

    /// <summary>Cloud Resource Manager: the project number behind a function's default runtime service account.</summary>
    ResourceManager,
}

public static class GoogleServiceInfo
{
    /// <summary>Host label: <c>cloudfunctions</c>, <c>run</c>, <c>firestore</c>, ...</summary>
    public static string Label(this GoogleService service) => service switch
    {
        GoogleService.CloudFunctions => "cloudfunctions",
        GoogleService.CloudRun => "run",
        GoogleService.Firestore => "firestore",
        GoogleService.FirebaseRules => "firebaserules",
        GoogleService.Monitoring => "monitoring",
        GoogleService.Storage => "storage",
        GoogleService.ArtifactRegistry => "artifactregistry",
        GoogleService.FirebaseStorage => "firebasestorage",
        GoogleService.IdentityToolkit => "identitytoolkit",
        GoogleService.CloudScheduler => "cloudscheduler",
        GoogleService.SecretManager => "secretmanager",
        GoogleService.FirebaseManagement => "firebase",
        GoogleService.ResourceManager => "cloudresourcemanager",
        _ => throw new ArgumentOutOfRangeException(nameof(service), service, null),
    };

    /// <summary>Production root, e.g. <c>https://run.googleapis.com/</c>.</summary>
    public static Uri DefaultRoot(this GoogleService service) => new($"https://{service.Label()}.googleapis.com/");

    /// <summary>Per-API override variable, e.g. <c>JOBFINDER_RUN_URL</c>.</summary>
    public static string UrlVariable(this GoogleService service) => $"JOBFINDER_{service.Label().ToUpperInvariant()}_URL";

    public static IReadOnlyList<GoogleService> All { get; } = Enum.GetValues<GoogleService>();
}
