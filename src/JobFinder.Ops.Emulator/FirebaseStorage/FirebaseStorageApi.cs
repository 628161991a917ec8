using System.Text.Json.Nodes;
using JobFinder.Ops.Emulator.Hosting;
using JobFinder.Ops.Emulator.Infrastructure;
using JobFinder.Ops.Emulator.Storage;

namespace JobFinder.Ops.Emulator.FirebaseStorage;

/// <summary>Cloud Storage for Firebase API v1beta (../shared/api/firebasestorage-v1beta.json): the default
/// bucket and the buckets linked to a Firebase project. The default bucket is also served on the v1alpha path
/// firebase-tools reads it from (lib/gcp/storage.js getDefaultBucket: <c>GET v1alpha/projects/{p}/defaultBucket</c>,
/// <c>response.bucket.name</c>).</summary>
internal sealed class FirebaseStorageApi(FirebaseStorageStore store, StorageStore storage, EmulatorContext context) : IEmulatorApi
{
    private const string Project = "projects/{project}";

    public string Label => "firebasestorage";

    public void Map(IEndpointRouteBuilder routes)
    {
        foreach (var version in new[] { "v1beta", "v1alpha" })
        {
            routes.MapGet($"{version}/{Project}/defaultBucket", (HttpContext http) => GoogleJson.Result(DefaultBucketJson(http)));
        }
        routes.MapPost($"v1beta/{Project}/defaultBucket", (Func<HttpContext, Task<IResult>>)CreateDefaultBucketAsync);
        routes.MapDelete($"v1beta/{Project}/defaultBucket", (HttpContext http) =>
        {
            var project = ProjectId(http);
            var bucket = store.DefaultBucket(project) ?? throw NoDefaultBucket(http);
            storage.DeleteBucket(bucket);
            store.Link(project, bucket, linked: false);
            return GoogleJson.Result(new JsonObject());
        });
        routes.MapGet($"v1beta/{Project}/buckets", (HttpContext http) =>
        {
            var project = ProjectId(http);
            return Paging.ListResult("buckets", store.Linked(project).Select(b => BucketJson(http, b)).ToList(), http.Request);
        });
        routes.MapGet($"v1beta/{Project}/buckets/{{bucket}}", (HttpContext http) =>
        {
            var bucket = http.RouteString("bucket");
            return store.IsLinked(ProjectId(http), bucket)
                ? GoogleJson.Result(BucketJson(http, bucket))
                : throw GoogleErrors.NotFound($"Bucket {bucket} is not linked to project {http.RouteString("project")}.");
        });
        routes.MapPost($"v1beta/{Project}/buckets/{{bucket}}:addFirebase", (HttpContext http) =>
        {
            var project = ProjectId(http);
            var bucket = http.RouteString("bucket");
            // addFirebase "Links a Google Cloud Storage bucket to a Firebase project": the bucket must exist in it.
            if (!storage.BucketExists(bucket) || storage.GetBucket(bucket).ProjectId != project)
            {
                throw GoogleErrors.NotFound($"Bucket {bucket} does not exist in project {http.RouteString("project")}.");
            }
            store.Link(project, bucket, linked: true);
            return GoogleJson.Result(BucketJson(http, bucket));
        });
        routes.MapPost($"v1beta/{Project}/buckets/{{bucket}}:removeFirebase", (HttpContext http) =>
        {
            var project = ProjectId(http);
            var bucket = http.RouteString("bucket");
            if (!store.IsLinked(project, bucket))
            {
                throw GoogleErrors.NotFound($"Bucket {bucket} is not linked to project {http.RouteString("project")}.");
            }
            store.Link(project, bucket, linked: false);
            return GoogleJson.Result(new JsonObject());
        });
    }

    /// <summary>defaultBucket.create: "Creates a Spark tier-eligible Cloud Storage bucket and links it to your
    /// Firebase project. If the default bucket already exists, this method will re-link it". Default buckets made
    /// since 30 October 2024 are named <c>PROJECT_ID.firebasestorage.app</c>
    /// (https://firebase.google.com/docs/storage/faqs-storage-changes-announced-sept-2024).</summary>
    private async Task<IResult> CreateDefaultBucketAsync(HttpContext http)
    {
        var body = await http.Request.ReadJsonObjectAsync().ConfigureAwait(false);
        var project = ProjectId(http);
        if (store.DefaultBucket(project) is null)
        {
            var name = project + ".firebasestorage.app";
            if (!storage.BucketExists(name))
            {
                var settings = new JsonObject();
                if ((string?)body["location"] is { Length: > 0 } location)
                {
                    settings["location"] = location;
                }
                if ((string?)body["storageClass"] is { Length: > 0 } storageClass)
                {
                    settings["storageClass"] = storageClass;
                }
                storage.InsertBucket(name, project, settings);
            }
            store.SetDefault(project, name);
        }
        return GoogleJson.Result(DefaultBucketJson(http));
    }

    private JsonObject DefaultBucketJson(HttpContext http)
    {
        var bucket = store.DefaultBucket(ProjectId(http)) ?? throw NoDefaultBucket(http);
        var stored = storage.GetBucket(bucket);
        return new JsonObject
        {
            ["name"] = $"projects/{http.RouteString("project")}/defaultBucket",
            ["location"] = stored.Location,
            ["storageClass"] = stored.StorageClass,
            ["bucket"] = BucketJson(http, bucket),
        };
    }

    private static JsonObject BucketJson(HttpContext http, string bucket) =>
        new() { ["name"] = $"projects/{http.RouteString("project")}/buckets/{bucket}" };

    // firebase-tools reads a 404 here as "Firebase Storage has not been set up on project".
    private static GoogleApiException NoDefaultBucket(HttpContext http) =>
        GoogleErrors.NotFound($"Project {http.RouteString("project")} has no default bucket.");

    private string ProjectId(HttpContext http) => ProjectNumbers.Resolve(context.ProjectIds, http.RouteString("project"));
}
