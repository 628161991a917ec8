namespace JobFinder.Ops.Emulator.Runtime.Workers;

/// <summary>The environment a revision's process sees, as Cloud Run and Cloud Functions set it
/// (https://cloud.google.com/run/docs/container-contract#env-vars and
/// https://cloud.google.com/functions/docs/configuring/env-var#runtime_environment_variables_set_automatically):
/// <c>K_SERVICE</c>, <c>K_REVISION</c>, <c>K_CONFIGURATION</c>, <c>FUNCTION_TARGET</c>,
/// <c>FUNCTION_SIGNATURE_TYPE</c>; then the platform sources (<see cref="IWorkerEnvironmentSource"/>); then the
/// revision's own variables, which win, as in Cloud Run. <c>PORT</c> is set by the worker.
/// Google does not set FIREBASE_CONFIG, GCLOUD_PROJECT or FUNCTION_REGION: firebase deploy puts them in the
/// function's environment variables (deploy/functions/prepare.ts, gcp/cloudfunctionsv2.ts), so a function
/// deployed without them has none here either.</summary>
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
            // Stands in for the metadata server (computeMetadata/v1/project/project-id), where Google's client
            // libraries find the project on Google; they read this variable first, and this emulator has no metadata server.
            ["GOOGLE_CLOUD_PROJECT"] = launch.ProjectId,
            ["NODE_ENV"] = "production",
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
