using System.Globalization;
using System.Text.Json.Nodes;
using JobFinder.Ops.Emulator.Auth;
using JobFinder.Ops.Emulator.Hosting;
using JobFinder.Ops.Emulator.Infrastructure;

namespace JobFinder.Ops.Emulator.ResourceManager;

/// <summary>Cloud Resource Manager v1 (../shared/api/cloudresourcemanager-v1.json): projects.get (the project
/// number every Google API derives service accounts and bucket names from) and projects.testIamPermissions
/// (firebase-tools checks a deployer's permissions with it before a deploy, lib/gcp/iam.js).</summary>
public sealed class ResourceManagerApi(EmulatorContext context) : IEmulatorApi
{
    private const string Project = "v1/projects/{project}";

    // The emulator's projects exist from its start; Google reports the creation time, so a fixed one is reported.
    private static readonly DateTimeOffset CreateTime = new(2024, 1, 15, 9, 0, 0, TimeSpan.Zero);

    public string Label => "cloudresourcemanager";

    public void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet(Project, (HttpContext http) => GoogleJson.Result(ProjectJson(ProjectId(http))));
        routes.MapPost(Project + ":testIamPermissions", (Func<HttpContext, Task<IResult>>)TestIamPermissionsAsync).ReadStyleCall();
    }

    private async Task<IResult> TestIamPermissionsAsync(HttpContext http)
    {
        var body = await http.Request.ReadJsonObjectAsync().ConfigureAwait(false);
        var asked = body["permissions"]?.AsArray().Select(p => p!.GetValue<string>()).ToList() ?? [];
        var principal = http.GetPrincipal();
        // TestIamPermissionsResponse: "A subset of TestPermissionsRequest.permissions that the caller is allowed."
        // The deployer and the owner token are owners (every permission); the viewer holds roles/viewer, whose
        // permissions are the read verbs (https://cloud.google.com/iam/docs/understanding-roles#basic).
        var granted = asked.Where(p => principal.CanWrite || IsReadPermission(p)).Distinct(StringComparer.Ordinal).ToList();
        var response = new JsonObject();
        if (granted.Count > 0)
        {
            response["permissions"] = new JsonArray(granted.Select(p => (JsonNode)p).ToArray());
        }
        return GoogleJson.Result(response);
    }

    private static bool IsReadPermission(string permission)
    {
        var verb = permission[(permission.LastIndexOf('.') + 1)..];
        return verb is "get" or "list" or "getIamPolicy";
    }

    private string ProjectId(HttpContext http) => ProjectNumbers.Resolve(context.ProjectIds, http.RouteString("project"));

    private static JsonObject ProjectJson(string projectId) => new()
    {
        ["projectNumber"] = ProjectNumbers.Of(projectId).ToString(CultureInfo.InvariantCulture),
        ["projectId"] = projectId,
        ["lifecycleState"] = "ACTIVE",
        ["name"] = projectId,
        ["createTime"] = GoogleJson.Timestamp(CreateTime),
    };
}
