using JobFinder.Ops.Events;
using JobFinder.Ops.Google;
using JobFinder.Ops.Google.FirebaseManagement;
using JobFinder.Ops.Model;

namespace JobFinder.Ops.Rollout;

/// <summary>The variables <c>firebase deploy</c> gives every function (deploy/functions/prepare.ts):
/// FIREBASE_CONFIG, the project's Admin SDK configuration as the Firebase Management API returns it, and
/// GCLOUD_PROJECT (functions/env.ts loadFirebaseEnvs). firebase-admin's <c>initializeApp()</c> without
/// arguments reads FIREBASE_CONFIG for its project and default bucket, so without it
/// <c>admin.storage().bucket()</c> has no bucket on Google. The configuration is read once per deployment
/// and project. EVENTARC_CLOUD_EVENT_SOURCE, which prepare.ts also sets on every endpoint, depends on the
/// region and is added by <see cref="FunctionSpecBuilder.Build"/>.</summary>
internal sealed class FirebaseEnvironment(GoogleRestClient client)
{
    public const string FirebaseConfig = "FIREBASE_CONFIG";
    public const string GcloudProject = "GCLOUD_PROJECT";

    /// <summary>Where the plan says each value comes from (<c>env FIREBASE_CONFIG: added (from ...)</c>).</summary>
    public const string ConfigSource = "the project's adminSdkConfig";
    public const string ProjectSource = "the project id";

    private readonly Dictionary<string, AdminSdkConfig> _configs = new(StringComparer.Ordinal);

    /// <summary>The project's Admin SDK configuration, asked once per project.</summary>
    public async Task<AdminSdkConfig> ConfigAsync(string projectId, CancellationToken cancellationToken)
    {
        if (!_configs.TryGetValue(projectId, out var config))
        {
            client.Events.Verbose($"Reading the Admin SDK configuration of {projectId} (FIREBASE_CONFIG of every function).");
            config = await new FirebaseManagementApi(client).GetAdminSdkConfigAsync(projectId, cancellationToken).ConfigureAwait(false);
            _configs[projectId] = config;
        }

        return config;
    }

    /// <summary>The functions with FIREBASE_CONFIG and GCLOUD_PROJECT added, after the user's variables as
    /// prepare.ts merges them (<c>{ ...userEnvs, ...firebaseEnvs }</c>); a user variable of either name is
    /// refused when the project is loaded (<c>EnvFileReservedKey</c>, <c>FunctionsManifestReservedVariable</c>).</summary>
    public static IReadOnlyList<ProjectFunction> Apply(IReadOnlyList<ProjectFunction> functions, AdminSdkConfig config, string projectId)
    {
        EnvironmentVariable[] added =
        [
            new(FirebaseConfig, config.ToFirebaseConfig(), ConfigSource),
            new(GcloudProject, projectId, ProjectSource),
        ];
        return [.. functions.Select(f => f with
        {
            EnvironmentVariables = [.. f.EnvironmentVariables.Where(v => added.All(a => a.Name != v.Name)).Concat(added).OrderBy(v => v.Name, StringComparer.Ordinal)],
        })];
    }
}
