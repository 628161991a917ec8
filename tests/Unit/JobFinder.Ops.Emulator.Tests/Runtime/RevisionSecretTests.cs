using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using JobFinder.Ops.Emulator.Infrastructure;
using JobFinder.Ops.Emulator.Tests.Support;
using Xunit;

namespace JobFinder.Ops.Emulator.Tests.Runtime;

/// <summary>A function's secretEnvironmentVariables reach its code as Cloud Run gives them: the pinned
/// version's payload in process.env at instance start, read as the runtime service account; the revision
/// shows only the reference. One emulator for the class; each test has its own secrets and functions.</summary>
public sealed class RevisionSecretTests : IAsyncLifetime
{
    private const string Secrets = $"v1/projects/{EmulatorSession.Project}/secrets";

    /// <summary>Answers the length of process.env.API_TOKEN, never the value.</summary>
    private const string LengthHandler = "(req, res) => res.json({ length: (process.env.API_TOKEN ?? '').length, present: 'API_TOKEN' in process.env })";

    private static readonly string RuntimeAccount = ProjectNumbers.ComputeServiceAccount(EmulatorSession.Project);

    private EmulatorSession session = null!;

    public async Task InitializeAsync() => session = await EmulatorSession.StartAsync();

    public async Task DisposeAsync() => await session.DisposeAsync();

    [Fact]
    public async Task The_code_sees_the_pinned_version_in_process_env_and_the_apis_show_only_the_reference()
    {
        const string pinned = "pinned-value-of-api-token";
        await CreateSecretAsync("API_TOKEN", grantRuntimeAccount: true, pinned, "a-newer-value-that-is-not-pinned");

        var done = await session.CreateFunctionAsync("secretFn", archive: FunctionSource.Http("secretFn", LengthHandler),
            serviceConfig: SecretBinding("API_TOKEN", "API_TOKEN", "1"));

        Assert.Null(done["error"]);
        using var client = session.NewClient(null);
        using var call = await client.GetAsync(session.Emulator.BaseAddress + $"_run/{EmulatorSession.Project}/{EmulatorSession.Location}/secretfn");
        var body = await EmulatorSession.ReadAsync(call);
        Assert.Equal(HttpStatusCode.OK, call.StatusCode);
        Assert.Equal(pinned.Length, body["length"]!.GetValue<int>());

        // Cloud Functions returns the binding as it was sent; the Run revision carries it as run-v2
        // containers[].env[].valueSource.secretKeyRef; neither (nor the request log) holds the value.
        var function = await session.GetJsonAsync($"v2/projects/{EmulatorSession.Project}/locations/{EmulatorSession.Location}/functions/secretFn");
        var binding = function["serviceConfig"]!["secretEnvironmentVariables"]!.AsArray().Single()!;
        Assert.Equal("API_TOKEN", binding["key"]!.GetValue<string>());
        Assert.Equal("1", binding["version"]!.GetValue<string>());
        var revisionId = function["serviceConfig"]!["revision"]!.GetValue<string>();
        var revision = await session.GetJsonAsync($"v2/projects/{EmulatorSession.Project}/locations/{EmulatorSession.Location}/services/secretfn/revisions/{revisionId}");
        var env = revision["containers"]![0]!["env"]!.AsArray().Single(e => e!["name"]!.GetValue<string>() == "API_TOKEN")!;
        Assert.Null(env["value"]);
        Assert.Equal("API_TOKEN", env["valueSource"]!["secretKeyRef"]!["secret"]!.GetValue<string>());
        Assert.Equal("1", env["valueSource"]!["secretKeyRef"]!["version"]!.GetValue<string>());
        var requests = await session.GetJsonAsync("_emulator/requests");
        foreach (var shown in new JsonNode[] { function, revision, requests })
        {
            Assert.DoesNotContain(pinned, shown.ToJsonString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Latest_is_resolved_when_an_instance_starts_so_a_restarted_instance_sees_a_newer_version()
    {
        await CreateSecretAsync("ROTATED", grantRuntimeAccount: true, "first");
        const string handler = "(req, res) => { if (req.path === '/exit') { process.exit(1); } res.json({ length: (process.env.API_TOKEN ?? '').length }); }";
        await session.CreateFunctionAsync("rotatedFn", archive: FunctionSource.Http("rotatedFn", handler), serviceConfig: SecretBinding("API_TOKEN", "ROTATED", "latest"));
        using var client = session.NewClient(null);
        var url = session.Emulator.BaseAddress + $"_run/{EmulatorSession.Project}/{EmulatorSession.Location}/rotatedfn";
        Assert.Equal("first".Length, await LengthAsync(client, url));

        await session.SendJsonAsync(HttpMethod.Post, $"{Secrets}/ROTATED:addVersion",
            new JsonObject { ["payload"] = new JsonObject { ["data"] = Convert.ToBase64String(Encoding.UTF8.GetBytes("second, longer")) } });
        Assert.Equal("first".Length, await LengthAsync(client, url));
        using (var exited = await client.GetAsync(url + "/exit"))
        {
            Assert.NotEqual(HttpStatusCode.OK, exited.StatusCode);
        }

        // The restart waits out the crash backoff (bounded polls; errors until then).
        var length = -1;
        for (var i = 0; i < 200 && length < 0; i++)
        {
            using var response = await client.GetAsync(url);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                length = (await EmulatorSession.ReadAsync(response))["length"]!.GetValue<int>();
            }
            else
            {
                await Task.Delay(20);
            }
        }

        Assert.Equal("second, longer".Length, length);
    }

    [Fact]
    public async Task A_deploy_fails_as_Cloud_Run_fails_it_when_the_secret_cannot_be_read_at_instance_start()
    {
        await CreateSecretAsync("UNGRANTED", grantRuntimeAccount: false, "value");
        await CreateSecretAsync("DISABLED_ONE", grantRuntimeAccount: true, "value");
        await session.SendJsonAsync(HttpMethod.Post, $"{Secrets}/DISABLED_ONE/versions/1:disable", new JsonObject());

        var ungranted = await CreateReaderAsync("ungrantedFn", "UNGRANTED", "1");
        var disabled = await CreateReaderAsync("disabledFn", "DISABLED_ONE", "1");
        var missing = await CreateReaderAsync("missingFn", "DISABLED_ONE", "7");

        var number = ProjectNumbers.Of(EmulatorSession.Project);
        Assert.Contains($"Revision '", ungranted, StringComparison.Ordinal);
        Assert.Contains("is not ready and cannot serve traffic. spec.template.spec.containers[0].env[0].value_from.secret_key_ref.name: "
            + $"Permission denied on secret: projects/{number}/secrets/UNGRANTED/versions/1 for Revision service account {RuntimeAccount}. "
            + "The service account used must be granted the 'Secret Manager Secret Accessor' role (roles/secretmanager.secretAccessor) at the secret, project or higher level.",
            ungranted, StringComparison.Ordinal);
        Assert.Contains($"Secret Version [projects/{EmulatorSession.Project}/secrets/DISABLED_ONE/versions/1] is in DISABLED state.", disabled, StringComparison.Ordinal);
        Assert.Contains("not found", missing, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("DISABLED_ONE/versions/7", missing, StringComparison.Ordinal);
        var function = await session.GetJsonAsync($"v2/projects/{EmulatorSession.Project}/locations/{EmulatorSession.Location}/functions/ungrantedFn");
        Assert.Equal("FAILED", function["state"]!.GetValue<string>());
    }

    private static async Task<int> LengthAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await EmulatorSession.ReadAsync(response))["length"]!.GetValue<int>();
    }

    /// <summary>Creates a function binding API_TOKEN to <paramref name="secret"/>@<paramref name="version"/>
    /// and returns its deploy operation's error message (the deploy must fail).</summary>
    private async Task<string> CreateReaderAsync(string functionId, string secret, string version)
    {
        var done = await session.CreateFunctionAsync(functionId, archive: FunctionSource.Http(functionId, LengthHandler),
            serviceConfig: SecretBinding("API_TOKEN", secret, version), makePublic: false);
        Assert.NotNull(done["error"]);
        return done["error"]!["message"]!.GetValue<string>();
    }

    private static JsonObject SecretBinding(string key, string secret, string version) => new()
    {
        ["secretEnvironmentVariables"] = new JsonArray(new JsonObject
        {
            ["key"] = key,
            ["projectId"] = EmulatorSession.Project,
            ["secret"] = secret,
            ["version"] = version,
        }),
    };

    private async Task CreateSecretAsync(string secretId, bool grantRuntimeAccount, params string[] values)
    {
        await session.SendJsonAsync(HttpMethod.Post, $"{Secrets}?secretId={secretId}", new JsonObject { ["replication"] = new JsonObject { ["automatic"] = new JsonObject() } });
        foreach (var value in values)
        {
            await session.SendJsonAsync(HttpMethod.Post, $"{Secrets}/{secretId}:addVersion",
                new JsonObject { ["payload"] = new JsonObject { ["data"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(value)) } });
        }

        if (grantRuntimeAccount)
        {
            await session.SendJsonAsync(HttpMethod.Post, $"{Secrets}/{secretId}:setIamPolicy", new JsonObject
            {
                ["policy"] = new JsonObject
                {
                    ["bindings"] = new JsonArray(new JsonObject { ["role"] = "roles/secretmanager.secretAccessor", ["members"] = new JsonArray($"serviceAccount:{RuntimeAccount}") }),
                },
            });
        }
    }
}
