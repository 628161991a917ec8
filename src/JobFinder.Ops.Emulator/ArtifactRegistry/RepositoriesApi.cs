using System.Text.Json.Nodes;
using JobFinder.Ops.Emulator.Infrastructure;

namespace JobFinder.Ops.Emulator.ArtifactRegistry;

/// <summary>Artifact Registry v1 repositories get/patch (../shared/api/artifactregistry-v1.json), for the
/// <c>gcf-artifacts</c> repository Cloud Functions creates in a region with its first deployment there
/// (https://cloud.google.com/functions/docs/building#image_registry). firebase-tools reads it after a deploy and
/// sets a cleanup policy on it (lib/functions/artifacts.js).</summary>
internal sealed class RepositoriesApi(ArtifactStore images, RepositorySettingsStore settings) : IEmulatorApi
{
    private const string Repository = "v1/projects/{project}/locations/{location}/repositories/{repository}";

    // Repository fields a patch may name: the rest are output only (name, createTime, updateTime, sizeBytes,
    // registryUri, satisfiesPzs, satisfiesPzi) or fixed at creation (format, mode, kmsKeyName, the *Config of a mode).
    private static readonly HashSet<string> Mutable = new(StringComparer.Ordinal)
    {
        "cleanupPolicies", "cleanupPolicyDryRun", "labels", "description", "dockerConfig", "vulnerabilityScanningConfig", "disallowUnspecifiedMode",
    };

    public string Label => "artifactregistry";

    public void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet(Repository, (HttpContext http) => GoogleJson.Result(RepositoryJson(http, Existing(http))));
        routes.MapPatch(Repository, (Func<HttpContext, Task<IResult>>)PatchAsync);
    }

    private async Task<IResult> PatchAsync(HttpContext http)
    {
        var current = Existing(http);
        var body = await http.Request.ReadJsonObjectAsync().ConfigureAwait(false);
        var mask = http.Request.Query["updateMask"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (mask.Length == 0)
        {
            throw GoogleErrors.InvalidArgument("updateMask is required.");
        }
        foreach (var path in mask)
        {
            if (!Mutable.Contains(path.Split('.')[0]))
            {
                throw GoogleErrors.InvalidArgument($"Invalid update mask path '{path}': not a settable field of Repository.",
                    [("update_mask", $"'{path}' cannot be updated.")]);
            }
        }
        if (body["cleanupPolicies"] is JsonObject policies)
        {
            ValidateCleanupPolicies(policies);
        }
        foreach (var field in mask.Select(p => p.Split('.')[0]).Distinct(StringComparer.Ordinal))
        {
            current[field] = body[field]?.DeepClone();
            if (current[field] is null)
            {
                current.Remove(field);
            }
        }
        settings.Set(Name(http), current);
        return GoogleJson.Result(RepositoryJson(http, current));
    }

    /// <summary>CleanupPolicy (artifactregistry-v1.json): action DELETE or KEEP; "mostRecentVersions ... May only be
    /// specified with a Keep action"; a policy needs a condition or mostRecentVersions to match anything.</summary>
    private static void ValidateCleanupPolicies(JsonObject policies)
    {
        foreach (var (id, policy) in policies)
        {
            var action = (string?)policy?["action"];
            if (action is not ("DELETE" or "KEEP"))
            {
                throw GoogleErrors.InvalidArgument($"Cleanup policy '{id}': action must be DELETE or KEEP, not '{action}'.");
            }
            if (policy!["mostRecentVersions"] is not null && action != "KEEP")
            {
                throw GoogleErrors.InvalidArgument($"Cleanup policy '{id}': mostRecentVersions may only be specified with a KEEP action.");
            }
            if (policy["condition"] is null && policy["mostRecentVersions"] is null)
            {
                throw GoogleErrors.InvalidArgument($"Cleanup policy '{id}': a condition or mostRecentVersions is required.");
            }
        }
    }

    /// <summary>The stored settings of a repository that exists: one a client changed, or the functions
    /// repository of a region where a function revision was built.</summary>
    private JsonObject Existing(HttpContext http) =>
        settings.Get(Name(http))
        ?? (images.List(http.RouteString("project"), http.RouteString("location"), http.RouteString("repository")).Count > 0
            ? []
            : throw GoogleErrors.NotFound($"Requested entity was not found: {Name(http)}"));

    private static JsonObject RepositoryJson(HttpContext http, JsonObject settingsJson)
    {
        var repository = new JsonObject
        {
            ["name"] = Name(http),
            ["format"] = "DOCKER",
            ["mode"] = "STANDARD_REPOSITORY",
            ["registryUri"] = $"{http.RouteString("location")}-docker.pkg.dev/{http.RouteString("project")}/{http.RouteString("repository")}",
        };
        foreach (var (field, value) in settingsJson)
        {
            repository[field] = value?.DeepClone();
        }
        return repository;
    }

    private static string Name(HttpContext http) =>
        $"projects/{http.RouteString("project")}/locations/{http.RouteString("location")}/repositories/{http.RouteString("repository")}";
}
