using System.Globalization;
using System.Text.Json.Nodes;
using JobFinder.Ops.Emulator.FirebaseStorage;
using JobFinder.Ops.Emulator.Hosting;
using JobFinder.Ops.Emulator.Infrastructure;

namespace JobFinder.Ops.Emulator.FirebaseManagement;

/// <summary>Firebase Management API v1beta1, the two reads a deploy makes: projects.get (FirebaseProject) and
/// projects.getAdminSdkConfig, whose <c>storageBucket</c> firebase-tools hands to functions as FIREBASE_CONFIG
/// (https://firebase.google.com/docs/reference/firebase-management/rest/v1beta1/projects/getAdminSdkConfig).
/// The bucket is the project's default bucket as the Firebase Storage API names it.</summary>
internal sealed class FirebaseProjectsApi(FirebaseStorageStore buckets, EmulatorContext context) : IEmulatorApi
{
    private const string Project = "v1beta1/projects/{project}";

    public string Label => "firebase";

    public void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet(Project, (HttpContext http) =>
        {
            var project = ProjectId(http);
            var resources = new JsonObject { ["hostingSite"] = project };
            if (buckets.DefaultBucket(project) is { } bucket)
            {
                resources["storageBucket"] = bucket;
            }
            // FirebaseProject (.../rest/v1beta1/projects#FirebaseProject): name, projectId, projectNumber, displayName, resources, state.
            return GoogleJson.Result(new JsonObject
            {
                ["name"] = $"projects/{project}",
                ["projectId"] = project,
                ["projectNumber"] = ProjectNumbers.Of(project).ToString(CultureInfo.InvariantCulture),
                ["displayName"] = project,
                ["resources"] = resources,
                ["state"] = "ACTIVE",
            });
        });
        routes.MapGet(Project + "/adminSdkConfig", (HttpContext http) =>
        {
            var project = ProjectId(http);
            // AdminSdkConfig: projectId, databaseURL (only with a Realtime Database, which these projects lack),
            // storageBucket (the default bucket, absent without one), locationId.
            var config = new JsonObject { ["projectId"] = project };
            if (buckets.DefaultBucket(project) is { } bucket)
            {
                config["storageBucket"] = bucket;
            }
            return GoogleJson.Result(config);
        });
    }

    private string ProjectId(HttpContext http) => ProjectNumbers.Resolve(context.ProjectIds, http.RouteString("project"));
}
