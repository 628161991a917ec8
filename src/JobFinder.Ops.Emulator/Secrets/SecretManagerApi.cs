using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using JobFinder.Ops.Emulator.Iam;
using JobFinder.Ops.Emulator.Infrastructure;

namespace JobFinder.Ops.Emulator.Secrets;

/// <summary>Secret Manager v1 (secretmanager-v1 projects.secrets and projects.secrets.versions): secrets
/// create/get/list/delete, versions addVersion/get/list/access/enable/disable/destroy. <c>latest</c> names the
/// newest enabled version; only <c>:access</c> returns a payload (with its CRC32C, as Google does). The
/// secret's IAM policy is secretmanager-v1 projects.secrets.getIamPolicy (GET) / setIamPolicy (POST): "Returns
/// empty policy if the secret exists and does not have a policy set"; firebase-tools reads and sets it to
/// grant the function's runtime service account <c>roles/secretmanager.secretAccessor</c> at deploy time.</summary>
public sealed partial class SecretManagerApi(SecretStore store, TimeProvider time) : IEmulatorApi
{
    private const string Secrets = "v1/projects/{project}/secrets";
    private const string Secret = Secrets + "/{secret}";
    private const string Versions = Secret + "/versions";
    private const string Version = Versions + "/{version}";

    public string Label => "secretmanager";

    public void Map(IEndpointRouteBuilder routes)
    {
        routes.MapPost(Secrets, (Delegate)CreateAsync);
        routes.MapGet(Secrets, (HttpContext http) => Paging.ListResult("secrets", store.Secrets.List($"projects/{http.RouteString("project")}/secrets/"), http.Request, 25000));
        routes.MapGet(Secret, (HttpContext http) => GoogleJson.Result(store.Secrets.Get(SecretName(http), "Secret")));
        routes.MapDelete(Secret, (HttpContext http, IamPolicyStore policies) =>
        {
            var name = SecretName(http);
            store.Secrets.Remove(name, "Secret");
            store.Versions.RemoveUnder(name + "/");
            policies.Remove(name);
            store.MarkChanged();
            return GoogleJson.Result(new JsonObject());
        });
        routes.MapPost(Secret + ":addVersion", (Delegate)AddVersionAsync);
        IamPolicyEndpoints.Map(routes, Secret, SecretName, name => store.Secrets.Get(name, "Secret"));
        routes.MapGet(Versions, (HttpContext http) =>
        {
            var name = SecretName(http);
            _ = store.Secrets.Get(name, "Secret");
            var versions = store.Versions.List(name + "/versions/").Select(Public).Reverse().ToList();
            return Paging.ListResult("versions", versions, http.Request, 25000);
        });
        routes.MapGet(Version, (HttpContext http) => GoogleJson.Result(Public(store.ResolveVersion(SecretName(http), http.RouteString("version")))));
        routes.MapGet(Version + ":access", (HttpContext http) =>
        {
            var (version, _) = store.Access(SecretName(http), http.RouteString("version"));
            return GoogleJson.Result(new JsonObject { ["name"] = version["name"]!.DeepClone(), ["payload"] = version["payload"]!.DeepClone() });
        });
        routes.MapPost(Version + ":enable", (HttpContext http) => SetState(http, "ENABLED"));
        routes.MapPost(Version + ":disable", (HttpContext http) => SetState(http, "DISABLED"));
        routes.MapPost(Version + ":destroy", (HttpContext http) => SetState(http, "DESTROYED"));
    }

    private async Task<IResult> CreateAsync(HttpContext http)
    {
        var secretId = http.Request.Query["secretId"].ToString();
        if (!SecretIdPattern().IsMatch(secretId))
        {
            throw GoogleErrors.InvalidArgument($"Invalid secret id \"{secretId}\": 1-255 letters, digits, '-' and '_'.", [("secret_id", "invalid")]);
        }

        var body = await http.Request.ReadJsonObjectAsync().ConfigureAwait(false);
        if (body["replication"] is not JsonObject replication || (replication["automatic"] is null && replication["userManaged"] is null))
        {
            // Secret.replication: "Required. Immutable."
            throw GoogleErrors.InvalidArgument("Secret.replication is required: automatic or userManaged.", [("secret.replication", "required")]);
        }

        var name = $"projects/{http.RouteString("project")}/secrets/{secretId}";
        var secret = new JsonObject
        {
            ["name"] = name,
            ["replication"] = replication.DeepClone(),
            ["createTime"] = GoogleJson.Timestamp(time.GetUtcNow()),
            ["etag"] = "\"" + Guid.NewGuid().ToString("N")[..12] + "\"",
        };
        if (body["labels"] is JsonObject labels)
        {
            secret["labels"] = labels.DeepClone();
        }

        store.Secrets.Add(name, secret);
        store.MarkChanged();
        return GoogleJson.Result(secret);
    }

    private async Task<IResult> AddVersionAsync(HttpContext http)
    {
        var name = SecretName(http);
        var body = await http.Request.ReadJsonObjectAsync().ConfigureAwait(false);
        var data = body["payload"]?["data"]?.GetValue<string>();
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(data ?? throw GoogleErrors.InvalidArgument("payload.data is required.", [("payload.data", "required")]));
        }
        catch (FormatException)
        {
            throw GoogleErrors.InvalidArgument("payload.data must be base64.", [("payload.data", "invalid")]);
        }

        if (bytes.Length > 64 * 1024)
        {
            // SecretPayload.data: "The secret data. Must be no larger than 64KiB."
            throw GoogleErrors.InvalidArgument("The secret payload must be no larger than 64KiB.", [("payload.data", "too large")]);
        }

        _ = store.Secrets.Get(name, "Secret");
        var number = store.Versions.List(name + "/versions/").Count + 1;
        var version = new JsonObject
        {
            ["name"] = string.Create(CultureInfo.InvariantCulture, $"{name}/versions/{number}"),
            ["createTime"] = GoogleJson.Timestamp(time.GetUtcNow()),
            ["state"] = "ENABLED",
            ["replicationStatus"] = new JsonObject { ["automatic"] = new JsonObject() },
            ["etag"] = "\"" + Guid.NewGuid().ToString("N")[..12] + "\"",
            ["payload"] = new JsonObject
            {
                ["data"] = Convert.ToBase64String(bytes),
                ["dataCrc32c"] = GoogleJson.Int64(Storage.Crc32C.Compute(bytes)),
            },
        };
        store.Versions.Add(version["name"]!.GetValue<string>(), version);
        store.MarkChanged();
        return GoogleJson.Result(Public(version));
    }

    private IResult SetState(HttpContext http, string state)
    {
        var resolved = store.ResolveVersion(SecretName(http), http.RouteString("version"));
        var updated = store.Versions.Update(resolved["name"]!.GetValue<string>(), "Secret Version", v =>
        {
            if (v["state"]?.GetValue<string>() == "DESTROYED" && state != "DESTROYED")
            {
                throw GoogleErrors.FailedPrecondition($"{v["name"]} is destroyed and cannot be {state.ToLowerInvariant()}.");
            }

            v["state"] = state;
            if (state == "DESTROYED")
            {
                v.Remove("payload");
                v["destroyTime"] = GoogleJson.Timestamp(time.GetUtcNow());
            }

            return v;
        });
        store.MarkChanged();
        return GoogleJson.Result(Public(updated));
    }

    /// <summary>A version as get/list render it: everything but the payload.</summary>
    private static JsonObject Public(JsonObject version)
    {
        var copy = (JsonObject)version.DeepClone();
        copy.Remove("payload");
        return copy;
    }

    private static string SecretName(HttpContext http) => $"projects/{http.RouteString("project")}/secrets/{http.RouteString("secret")}";

    [GeneratedRegex("^[A-Za-z0-9_-]{1,255}$")]
    private static partial Regex SecretIdPattern();
}
