using Xunit;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using JobFinder.Ops.Emulator.Hosting;

namespace JobFinder.Ops.Emulator.Tests.Support;

/// <summary>An in-process emulator (fast profile) plus an HttpClient authenticated with the literal
/// <c>owner</c> token, and helpers written from the discovery documents.</summary>
public sealed class EmulatorSession : IAsyncDisposable
{
    public const string Project = "jobfinder-staging";
    public const string Location = "us-central1";

    private EmulatorSession(RunningEmulator emulator)
    {
        Emulator = emulator;
        Client = NewClient("owner");
    }

    public RunningEmulator Emulator { get; }

    public HttpClient Client { get; }

    public static async Task<EmulatorSession> StartAsync(EmulatorOptions? options = null) =>
        new(await EmulatorHost.StartAsync(options ?? new EmulatorOptions()));

    public HttpClient NewClient(string? bearer)
    {
        var client = new HttpClient { BaseAddress = Emulator.BaseAddress };
        if (bearer is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        return client;
    }

    public static StringContent Json(JsonNode body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");

    public static async Task<JsonObject> ReadAsync(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();

    public async Task<JsonObject> GetJsonAsync(string path)
    {
        using var response = await Client.GetAsync(path);
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await ReadAsync(response);
    }

    public async Task<JsonObject> SendJsonAsync(HttpMethod method, string path, JsonNode? body = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : Json(body) };
        using var response = await Client.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await ReadAsync(response);
    }

    /// <summary>Polls <c>GET v2/{name}</c> until <c>done</c> (bounded number of polls, not a timed assertion).</summary>
    public async Task<JsonObject> WaitOperationAsync(string operationName)
    {
        for (var i = 0; i < 500; i++)
        {
            var operation = await GetJsonAsync("v2/" + operationName);
            if (operation["done"]?.GetValue<bool>() == true)
            {
                return operation;
            }

            await Task.Delay(20);
        }

        throw new Xunit.Sdk.XunitException($"Operation {operationName} never finished.");
    }

    /// <summary>generateUploadUrl + signed PUT of <paramref name="archive"/> (default: an empty zip); returns the storageSource.</summary>
    public async Task<JsonObject> UploadSourceAsync(string project = Project, string location = Location, byte[]? archive = null)
    {
        var upload = await SendJsonAsync(HttpMethod.Post, $"v2/projects/{project}/locations/{location}/functions:generateUploadUrl", new JsonObject());
        using var anonymous = new HttpClient();
        using var content = new ByteArrayContent(archive ?? "PK\u0005\u0006"u8.ToArray().Concat(new byte[18]).ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
        using var put = await anonymous.PutAsync(upload["uploadUrl"]!.GetValue<string>(), content);
        Assert.Equal(System.Net.HttpStatusCode.OK, put.StatusCode);
        return upload["storageSource"]!.AsObject();
    }

    public static JsonObject FunctionBody(JsonObject storageSource, string entryPoint, IReadOnlyDictionary<string, string>? env = null, JsonObject? labels = null, JsonObject? serviceConfig = null)
    {
        var variables = new JsonObject();
        foreach (var (key, value) in env ?? new Dictionary<string, string>())
        {
            variables[key] = value;
        }

        var service = new JsonObject
        {
            ["availableMemory"] = "256Mi",
            ["timeoutSeconds"] = 60,
            ["environmentVariables"] = variables,
        };
        foreach (var (key, value) in serviceConfig ?? [])
        {
            service[key] = value?.DeepClone();
        }

        return new JsonObject
        {
            ["environment"] = "GEN_2",
            ["labels"] = labels ?? new JsonObject { ["deployment-tool"] = "jobfinder-ops" },
            ["buildConfig"] = new JsonObject
            {
                ["runtime"] = "nodejs22",
                ["entryPoint"] = entryPoint,
                ["source"] = new JsonObject { ["storageSource"] = storageSource.DeepClone() },
            },
            ["serviceConfig"] = service,
        };
    }

    /// <summary>Creates a function and waits for its LRO; returns the finished operation. The code is
    /// <paramref name="archive"/>, by default <see cref="FunctionSource.Http"/> for the entry point. Like
    /// <c>firebase deploy</c> for an HTTPS function, it then makes the Run service public (allUsers
    /// roles/run.invoker, through Run v1 as firebase-tools does) unless <paramref name="makePublic"/> is false.</summary>
    public async Task<JsonObject> CreateFunctionAsync(string functionId, IReadOnlyDictionary<string, string>? env = null, string? entryPoint = null, string project = Project, byte[]? archive = null, JsonObject? serviceConfig = null, bool makePublic = true)
    {
        var source = await UploadSourceAsync(project, archive: archive ?? FunctionSource.Http(entryPoint ?? functionId));
        var operation = await SendJsonAsync(HttpMethod.Post, $"v2/projects/{project}/locations/{Location}/functions?functionId={functionId}", FunctionBody(source, entryPoint ?? functionId, env, serviceConfig: serviceConfig));
        var done = await WaitOperationAsync(operation["name"]!.GetValue<string>());
        if (makePublic && done["response"]?["serviceConfig"]?["service"]?.GetValue<string>() is { } service)
        {
            await SetInvokersAsync(service, "allUsers");
        }

        return done;
    }

    /// <summary>POST v1/{service}:setIamPolicy with roles/run.invoker for <paramref name="members"/> (firebase-tools' setInvokerCreate body).</summary>
    public Task<JsonObject> SetInvokersAsync(string serviceName, params string[] members) =>
        SendJsonAsync(HttpMethod.Post, $"v1/{serviceName}:setIamPolicy", new JsonObject
        {
            ["policy"] = new JsonObject
            {
                ["bindings"] = new JsonArray(new JsonObject { ["role"] = "roles/run.invoker", ["members"] = new JsonArray(members.Select(m => (JsonNode)m).ToArray()) }),
                ["etag"] = "",
                ["version"] = 3,
            },
            ["updateMask"] = "bindings,etag,version",
        });

    /// <summary>PATCHes a function with new env (a new revision) and waits for its LRO.</summary>
    public async Task<JsonObject> UpdateFunctionAsync(string functionId, IReadOnlyDictionary<string, string>? env = null, bool? allTrafficOnLatest = null, string? entryPoint = null, byte[]? archive = null)
    {
        var source = await UploadSourceAsync(archive: archive ?? FunctionSource.Http(entryPoint ?? functionId));
        var body = FunctionBody(source, entryPoint ?? functionId, env);
        var mask = "buildConfig.source,buildConfig.entryPoint,serviceConfig.environmentVariables";
        if (allTrafficOnLatest is { } all)
        {
            body["serviceConfig"]!["allTrafficOnLatestRevision"] = all;
            mask += ",serviceConfig.allTrafficOnLatestRevision";
        }

        var operation = await SendJsonAsync(HttpMethod.Patch, $"v2/projects/{Project}/locations/{Location}/functions/{functionId}?updateMask={mask}", body);
        return await WaitOperationAsync(operation["name"]!.GetValue<string>());
    }

    public async Task<JsonObject> PatchTrafficAsync(string serviceId, JsonArray traffic)
    {
        var service = await GetJsonAsync($"v2/projects/{Project}/locations/{Location}/services/{serviceId}");
        var operation = await SendJsonAsync(HttpMethod.Patch, $"v2/projects/{Project}/locations/{Location}/services/{serviceId}?updateMask=traffic", new JsonObject
        {
            ["name"] = service["name"]!.GetValue<string>(),
            ["etag"] = service["etag"]!.GetValue<string>(),
            ["traffic"] = traffic,
        });
        return await WaitOperationAsync(operation["name"]!.GetValue<string>());
    }

    public static JsonObject RevisionTarget(string revision, int percent, string? tag = null)
    {
        var target = new JsonObject { ["type"] = "TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION", ["revision"] = revision, ["percent"] = percent };
        if (tag is not null)
        {
            target["tag"] = tag;
        }

        return target;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Emulator.DisposeAsync();
    }
}
