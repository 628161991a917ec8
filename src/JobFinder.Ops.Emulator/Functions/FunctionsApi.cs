using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using JobFinder.Ops.Emulator.Auth;
using JobFinder.Ops.Emulator.Hosting;
using JobFinder.Ops.Emulator.Iam;
using JobFinder.Ops.Emulator.Infrastructure;

namespace JobFinder.Ops.Emulator.Functions;

/// <summary>Cloud Functions v2: functions list/get/create/patch/delete and generateUploadUrl, plus the
/// signed-URL PUT of the source zip (<c>gcf-uploads/{bucket}/{object}</c>, anonymous like a GCS signed URL), and
/// generateDownloadUrl with its signed GET (<c>gcf-downloads/{bucket}/{object}</c>).</summary>
public sealed partial class FunctionsApi(FunctionStore functions, FunctionDeployer deployer, FunctionSourceUploads uploads, EmulatorContext context, TimeProvider time) : IEmulatorApi
{
    private const string Functions = "v2/projects/{project}/locations/{location}/functions";
    private const string Function = Functions + "/{function}";

    public string Label => "cloudfunctions";

    public void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet(Functions, (HttpContext http) =>
        {
            var filter = EnvironmentFilter(http.Request.Query["filter"]);
            var all = functions.Snapshot(http.RouteString("project"), http.RouteString("location"))
                .Select(deployer.Render)
                .Where(f => filter is null || f["environment"]?.GetValue<string>() == filter)
                .ToList();
            return Paging.ListResult("functions", all, http.Request);
        });
        routes.MapGet(Function, (HttpContext http) => GoogleJson.Result(functions.Read(NameOf(http), deployer.Render)));
        routes.MapPost(Functions, (Delegate)CreateAsync);
        routes.MapPatch(Function, (Delegate)PatchAsync);
        routes.MapDelete(Function, (HttpContext http) =>
        {
            var record = functions.Update(NameOf(http), f =>
            {
                RequireIdle(f);
                f.State = "DELETING";
                return f;
            });
            return GoogleJson.Result(deployer.Delete(record).ToJson());
        });
        routes.MapPost(Functions + ":generateUploadUrl", (HttpContext http) =>
        {
            var project = http.RouteString("project");
            var location = http.RouteString("location");
            var bucket = FunctionSourceUploads.BucketOf(project, location);
            var objectName = $"{Guid.NewGuid()}.zip";
            var accessId = $"service-{ProjectNumbers.Of(project)}@gcf-admin-robot.iam.gserviceaccount.com";
            return GoogleJson.Result(new JsonObject
            {
                ["uploadUrl"] = $"{context.Origin}/gcf-uploads/{bucket}/{objectName}?{uploads.SignedQuery(bucket, objectName, accessId)}",
                ["storageSource"] = new JsonObject { ["bucket"] = bucket, ["object"] = objectName },
            });
        });
        routes.MapPut("gcf-uploads/{bucket}/{object}", (Delegate)UploadAsync).AnonymousCall();

        // The function's own policy (roles/cloudfunctions.invoker); the runtime checks the Run service's.
        IamPolicyEndpoints.Map(routes, Function, NameOf, name => functions.Read(name, _ => true));

        // generateDownloadUrl (cloudfunctions-v2.json): a signed URL for the function's source archive,
        // valid 30 minutes, fetched without credentials like any GCS signed URL.
        routes.MapPost(Function + ":generateDownloadUrl", (HttpContext http) =>
        {
            var name = NameOf(http);
            var storage = functions.Read(name, f => f.Resource["buildConfig"]?["source"]?["storageSource"]?.DeepClone() as JsonObject);
            var bucket = storage?["bucket"]?.GetValue<string>();
            var objectName = storage?["object"]?.GetValue<string>();
            if (bucket is null || objectName is null || !FunctionSourceUploads.IsUploadBucket(bucket) || uploads.Get(bucket, objectName) is null)
            {
                throw GoogleErrors.NotFound($"Function {name} has no uploaded source archive to download.");
            }

            var accessId = $"service-{ProjectNumbers.Of(http.RouteString("project"))}@gcf-admin-robot.iam.gserviceaccount.com";
            return GoogleJson.Result(new JsonObject
            {
                ["downloadUrl"] = $"{context.Origin}/gcf-downloads/{bucket}/{objectName}?{uploads.SignedQuery(bucket, objectName, accessId, "GET")}",
            });
        }).ReadStyleCall();
        routes.MapGet("gcf-downloads/{bucket}/{object}", (HttpContext http) =>
        {
            var bucket = http.RouteString("bucket");
            var objectName = http.RouteString("object");
            if (!uploads.VerifySignature(bucket, objectName, http.Request.Query["Expires"], http.Request.Query["Signature"], "GET")
                || uploads.Get(bucket, objectName) is not { } source)
            {
                throw GoogleErrors.PermissionDenied("The request signature we calculated does not match the signature you provided, or the URL has expired.");
            }

            http.Response.Headers["x-goog-generation"] = GoogleJson.Int64(source.Generation);
            return Results.Bytes(source.Content, "application/zip");
        }).AnonymousCall();
    }

    private async Task<IResult> CreateAsync(HttpContext http)
    {
        var project = http.RouteString("project");
        var location = http.RouteString("location");
        var functionId = http.Request.Query["functionId"].ToString();
        if (location == "-")
        {
            throw GoogleErrors.InvalidArgument("A specific location is required to create a function.", [("parent", "location '-' is not allowed")]);
        }

        if (!FunctionIdPattern().IsMatch(functionId))
        {
            throw GoogleErrors.InvalidArgument(
                $"Invalid function id \"{functionId}\": 4-63 characters, starting with a letter; letters, digits, '-' and '_'.",
                [("function_id", "must be 4-63 characters: letters, digits, hyphens, underscores; starting with a letter")]);
        }

        var body = await http.Request.ReadJsonObjectAsync().ConfigureAwait(false);
        ValidateForDeploy(body);
        var now = time.GetUtcNow();
        var record = new FunctionRecord
        {
            Project = project,
            Location = location,
            Id = functionId,
            Resource = Writable(body),
            CreateTime = now,
            UpdateTime = now,
        };
        functions.Add(record);
        return GoogleJson.Result(deployer.Deploy(record, "create", body, moveAllTraffic: true).ToJson());
    }

    private async Task<IResult> PatchAsync(HttpContext http)
    {
        var name = NameOf(http);
        var body = await http.Request.ReadJsonObjectAsync().ConfigureAwait(false);
        if (body["name"]?.GetValue<string>() is { Length: > 0 } bodyName && bodyName != name)
        {
            throw GoogleErrors.InvalidArgument($"The function name in the body ({bodyName}) does not match the URL ({name}).", [("function.name", "mismatch")]);
        }

        var mask = FieldMask.Parse(http.Request.Query["updateMask"]);
        FunctionConfigRules.RequireKnownMaskPaths(mask);
        var record = functions.Update(name, f =>
        {
            RequireIdle(f);
            var updated = f.Resource.DeepClone().AsObject();
            if (mask.IsEmpty)
            {
                updated = Writable(body);
            }
            else
            {
                mask.Apply(updated, body, ignored: FunctionJson.OutputOnlyRoots, allowedRoots: FunctionJson.WritableRoots);
            }

            ValidateForDeploy(updated);
            f.Resource = updated;
            f.State = "DEPLOYING";
            f.UpdateTime = time.GetUtcNow();
            return f;
        });

        // §3.4: only an explicit allTrafficOnLatestRevision=true moves all traffic; false/absent keeps the
        // service's traffic (a LATEST-routed service still follows the new revision).
        var askedFor = mask.IsEmpty || mask.Touches("serviceConfig.allTrafficOnLatestRevision");
        var moveAll = askedFor && body["serviceConfig"]?["allTrafficOnLatestRevision"]?.GetValue<bool>() == true;
        return GoogleJson.Result(deployer.Deploy(record, "update", body, moveAll).ToJson());
    }

    private async Task<IResult> UploadAsync(HttpContext http)
    {
        var bucket = http.RouteString("bucket");
        var objectName = http.RouteString("object");
        if (http.Request.Headers.Authorization.Count > 0)
        {
            // Like GCS: credentials on a signed URL make the request run as that identity, which has no access.
            throw GoogleErrors.PermissionDenied($"Access denied: the caller does not have storage.objects.create access to gs://{bucket}/{objectName}. Signed URLs must be used without an Authorization header.");
        }

        if (!FunctionSourceUploads.IsUploadBucket(bucket) ||
            !uploads.VerifySignature(bucket, objectName, http.Request.Query["Expires"], http.Request.Query["Signature"]))
        {
            throw GoogleErrors.PermissionDenied("The request signature we calculated does not match the signature you provided, or the URL has expired.");
        }

        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer, http.RequestAborted).ConfigureAwait(false);
        var stored = uploads.Put(bucket, objectName, buffer.ToArray());
        http.Response.Headers["x-goog-generation"] = GoogleJson.Int64(stored.Generation);
        http.Response.Headers["x-goog-hash"] = "md5=" + stored.Md5Base64;
        http.Response.Headers.ETag = "\"" + Convert.ToHexStringLower(Convert.FromBase64String(stored.Md5Base64)) + "\"";
        return Results.Ok();
    }

    private static void ValidateForDeploy(JsonObject resource)
    {
        var violations = new List<(string, string)>();
        if (resource["buildConfig"]?["runtime"] is null)
        {
            violations.Add(("build_config.runtime", "Runtime is required."));
        }

        var source = resource["buildConfig"]?["source"] as JsonObject;
        if (source is null || (source["storageSource"] is null && source["repoSource"] is null && source["gitUri"] is null))
        {
            violations.Add(("build_config.source", "Source is required."));
        }

        if (resource["serviceConfig"]?["timeoutSeconds"] is { } timeout && GoogleJson.ReadInt64(timeout) is not (>= 1 and <= 3600))
        {
            violations.Add(("service_config.timeout_seconds", "Timeout must be between 1 and 3600 seconds."));
        }

        FunctionConfigRules.Validate(resource, violations);
        if (violations.Count > 0)
        {
            throw GoogleErrors.InvalidArgument("Invalid function: " + string.Join(" ", violations.Select(v => v.Item2)), violations);
        }
    }

    private static void RequireIdle(FunctionRecord record)
    {
        if (record.State is "DEPLOYING" or "DELETING")
        {
            throw GoogleErrors.Aborted($"An operation on function {record.Name} is already in progress. Please try again later.");
        }
    }

    private static JsonObject Writable(JsonObject body)
    {
        var resource = new JsonObject();
        foreach (var root in FunctionJson.WritableRoots)
        {
            if (body[root] is { } value)
            {
                resource[root] = value.DeepClone();
            }
        }

        return resource;
    }

    /// <summary>firebase-tools lists with <c>environment="GEN_2"</c>; that is the filter understood.</summary>
    private static string? EnvironmentFilter(string? filter)
    {
        if (string.IsNullOrWhiteSpace(filter))
        {
            return null;
        }

        var match = EnvironmentFilterPattern().Match(filter);
        return match.Success
            ? match.Groups[1].Value
            : throw GoogleErrors.InvalidArgument($"Unsupported filter \"{filter}\"; supported: environment=\"GEN_1\"|\"GEN_2\".", [("filter", "unsupported")]);
    }

    private static string NameOf(HttpContext http) =>
        FunctionStore.FunctionName(http.RouteString("project"), http.RouteString("location"), http.RouteString("function"));

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_-]{3,62}$")]
    private static partial Regex FunctionIdPattern();

    [GeneratedRegex("^\\s*environment\\s*=\\s*\"?(GEN_1|GEN_2)\"?\\s*$")]
    private static partial Regex EnvironmentFilterPattern();
}
