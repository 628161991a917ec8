using System.Text.Json.Nodes;
using JobFinder.Ops.Emulator.Infrastructure;

namespace JobFinder.Ops.Emulator.Iam;

/// <summary>The <c>:getIamPolicy</c> (GET, <c>options.requestedPolicyVersion</c>) and <c>:setIamPolicy</c>
/// (POST <c>{policy, updateMask}</c>) pair every IAM-enabled Google resource has (iam-v1 SetIamPolicyRequest;
/// cloudfunctions-v2 and run-v2 projects.locations.{functions,services}.getIamPolicy/setIamPolicy; Run v1
/// projects.locations.services.getIamPolicy/setIamPolicy, https://cloud.google.com/run/docs/reference/rest/v1/projects.locations.services/setIamPolicy).</summary>
public static class IamPolicyEndpoints
{
    /// <param name="resourceRoute">The resource's route, e.g. <c>v2/projects/{project}/locations/{location}/functions/{function}</c>.</param>
    /// <param name="nameOf">The full resource name from the route values.</param>
    /// <param name="requireExists">Throws NOT_FOUND when the resource does not exist.</param>
    public static void Map(IEndpointRouteBuilder routes, string resourceRoute, Func<HttpContext, string> nameOf, Action<string> requireExists)
    {
        routes.MapGet(resourceRoute + ":getIamPolicy", (HttpContext http, IamPolicyStore store) =>
        {
            var name = nameOf(http);
            requireExists(name);
            return GoogleJson.Result(store.Get(name));
        });
        routes.MapPost(resourceRoute + ":setIamPolicy", async (HttpContext http, IamPolicyStore store) =>
        {
            var name = nameOf(http);
            var body = await http.Request.ReadJsonObjectAsync().ConfigureAwait(false);
            if (body["policy"] is not JsonObject policy)
            {
                throw GoogleErrors.InvalidArgument("policy is required.", [("policy", "required")]);
            }

            requireExists(name);
            return GoogleJson.Result(store.Set(name, policy, body["updateMask"]?.GetValue<string>()));
        });
    }
}
