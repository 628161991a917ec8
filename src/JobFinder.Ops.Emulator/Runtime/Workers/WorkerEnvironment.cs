using System.Text.Json.Nodes;
using JobFinder.Ops.Emulator.Storage;

namespace JobFinder.Ops.Emulator.Runtime.Workers;

/// <summary>The environment a revision's process sees, as Cloud Run and Cloud Functions set it
/// (https://cloud.google.com/run/docs/container-contract#env-vars and
/// https://cloud.google.com/functions/docs/configuring/env-var#runtime_environment_variables_set_automatically):
/// <c>K_SERVICE</c>, <c>K_REVISION</c>, <c>K_CONFIGURATION</c>, <c>FUNCTION_TARGET</c>,
/// <c>FUNCTION_SIGNATURE_TYPE</c>, <c>GCLOUD_PROJECT</c>/<c>GOOGLE_CLOUD_PROJECT</c>, and Firebase's
/// <c>FIREBASE_CONFIG</c>; then the platform sources (<see cref="IWorkerEnvironmentSource"/>); then the
/// revision's own variables, which win, as in Cloud Run. <c>PORT</c> is set by the worker.</summary>
public sealed class WorkerEnvironment(IEnumerable<IWorkerEnvironmentSource> sources)
{
    public IReadOnlyDictionary<string, string> For(WorkerLaunch launch)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["K_SERVICE"] = launch.ServiceId,
            ["K_REVISION"] = launch.RevisionId,
            ["K_CONFIGURATION"] = launch.ServiceId,
            ["FUNCTION_TARGET"] = launch.EntryPoint,
            ["FUNCTION_SIGNATURE_TYPE"] = "http",
            ["FUNCTION_REGION"] = launch.Location,
            ["GCLOUD_PROJECT"] = launch.ProjectId,
            ["GOOGLE_CLOUD_PROJECT"] = launch.ProjectId,
            ["NODE_ENV"] = "production",
            // firebase-functions and firebase-admin's initializeApp() read the project from here.
            ["FIREBASE_CONFIG"] = new JsonObject
            {
                ["projectId"] = launch.ProjectId,
                ["storageBucket"] = StorageStore.DefaultBucketOf(launch.ProjectId),
                ["locationId"] = launch.Location,
            }.ToJsonString(),
        };
        foreach (var source in sources)
        {
            source.AddTo(environment, launch);
        }

        foreach (var (name, value) in launch.Environment)
        {
            environment[name] = value;
        }

        return environment;
    }
}
