using System.Text.Json.Nodes;
using JobFinder.Ops.Google.Json;
using JobFinder.Ops.Google.Transport;

namespace JobFinder.Ops.Google.FirebaseManagement;

/// <summary>Firebase Management API v1beta1 (<c>firebase.googleapis.com/v1beta1</c>), read-only: the project's
/// Admin SDK configuration (projects.getAdminSdkConfig,
/// https://firebase.google.com/docs/reference/firebase-management/rest/v1beta1/projects/getAdminSdkConfig).
/// firebase-tools reads it once per deploy (functionsConfig.ts getFirebaseConfig) and gives it to every
/// function as FIREBASE_CONFIG.</summary>
public sealed class FirebaseManagementApi(GoogleRestClient client) : GoogleApiBase(client, GoogleService.FirebaseManagement, "v1beta1")
{
    private static GoogleJsonContext Types => GoogleJsonContext.Default;

    public async Task<AdminSdkConfig> GetAdminSdkConfigAsync(string project, CancellationToken cancellationToken = default) =>
        new(await SendAsync(HttpMethod.Get, PathOf($"projects/{project}", "/adminSdkConfig"), RetryPolicy.Read, Types.JsonObject, $"projects/{project}/adminSdkConfig", cancellationToken).ConfigureAwait(false));
}

/// <summary>AdminSdkConfig: projectId, databaseURL, storageBucket, locationId, each present only when the
/// project has it. Kept as the object Google sent, because firebase-tools hands the body on as it came
/// (<c>JSON.stringify(response.body)</c>): same keys, same order, no spaces.</summary>
public sealed class AdminSdkConfig(JsonObject body)
{
    public string? ProjectId => Text("projectId");

    /// <summary>The default Cloud Storage bucket; absent when the project has not set up Storage.</summary>
    public string? StorageBucket => Text("storageBucket");

    public string? DatabaseUrl => Text("databaseURL");

    /// <summary>The body as firebase-tools writes it into FIREBASE_CONFIG.</summary>
    public string ToFirebaseConfig() => body.ToJsonString(Project.FirebaseSdkDefaults.AsJavaScript);

    private string? Text(string key) => body[key] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
