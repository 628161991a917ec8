using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using JobFinder.Ops.Emulator.Tests.Support;
using Xunit;

namespace JobFinder.Ops.Emulator.Tests.Secrets;

public sealed class SecretManagerTests
{
    private const string Secrets = $"v1/projects/{EmulatorSession.Project}/secrets";

    [Fact]
    public async Task Latest_is_the_newest_enabled_version_and_only_access_returns_the_payload()
    {
        await using var session = await EmulatorSession.StartAsync();
        using (var missing = await session.Client.GetAsync($"{Secrets}/DOCUMENT_KEY/versions/latest"))
        {
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        }

        await session.SendJsonAsync(HttpMethod.Post, $"{Secrets}?secretId=DOCUMENT_KEY", new JsonObject { ["replication"] = new JsonObject { ["automatic"] = new JsonObject() } });
        foreach (var value in new[] { "first", "second" })
        {
            await session.SendJsonAsync(HttpMethod.Post, $"{Secrets}/DOCUMENT_KEY:addVersion", new JsonObject { ["payload"] = new JsonObject { ["data"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(value)) } });
        }

        var latest = await session.GetJsonAsync($"{Secrets}/DOCUMENT_KEY/versions/latest");
        Assert.EndsWith("/versions/2", latest["name"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Null(latest["payload"]);
        await session.SendJsonAsync(HttpMethod.Post, $"{Secrets}/DOCUMENT_KEY/versions/2:disable", new JsonObject());
        var accessed = await session.GetJsonAsync($"{Secrets}/DOCUMENT_KEY/versions/latest:access");
        Assert.EndsWith("/versions/1", accessed["name"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("first", Encoding.UTF8.GetString(Convert.FromBase64String(accessed["payload"]!["data"]!.GetValue<string>())));

        using var disabled = await session.Client.GetAsync($"{Secrets}/DOCUMENT_KEY/versions/2:access");
        Assert.Equal(HttpStatusCode.BadRequest, disabled.StatusCode);
        using var noReplication = await session.Client.PostAsync($"{Secrets}?secretId=OTHER", EmulatorSession.Json(new JsonObject()));
        Assert.Equal(HttpStatusCode.BadRequest, noReplication.StatusCode);
    }

    [Fact]
    public async Task Every_project_starts_with_the_secret_the_example_reads()
    {
        await using var session = await EmulatorSession.StartAsync();
        var version = await session.GetJsonAsync($"{Secrets}/GENERATOR_API_KEY/versions/latest");
        Assert.Equal($"projects/{EmulatorSession.Project}/secrets/GENERATOR_API_KEY/versions/1", version["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_secret_has_an_IAM_policy_firebase_tools_can_read_modify_and_write()
    {
        // firebase-tools' deploy grants the runtime service account roles/secretmanager.secretAccessor on each
        // secret a function binds: getIamPolicy, add the binding, setIamPolicy with the etag it read.
        await using var session = await EmulatorSession.StartAsync();
        var secret = $"{Secrets}/GENERATOR_API_KEY";
        var empty = await session.GetJsonAsync($"{secret}:getIamPolicy");
        Assert.Null(empty["bindings"]);
        var accessor = new JsonObject { ["role"] = "roles/secretmanager.secretAccessor", ["members"] = new JsonArray($"serviceAccount:{EmulatorSession.Project}@appspot.gserviceaccount.com") };
        await session.SendJsonAsync(HttpMethod.Post, $"{secret}:setIamPolicy", new JsonObject
        {
            ["policy"] = new JsonObject { ["bindings"] = new JsonArray(accessor.DeepClone()), ["etag"] = empty["etag"]!.GetValue<string>() },
        });

        var policy = await session.GetJsonAsync($"{secret}:getIamPolicy");
        Assert.True(JsonNode.DeepEquals(new JsonArray(accessor), policy["bindings"]));
        using var stale = await session.Client.PostAsync($"{secret}:setIamPolicy", EmulatorSession.Json(new JsonObject
        {
            ["policy"] = new JsonObject { ["bindings"] = new JsonArray(), ["etag"] = empty["etag"]!.GetValue<string>() },
        }));
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        using var missing = await session.Client.GetAsync($"{Secrets}/NO_SUCH_SECRET:getIamPolicy");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);

        // A deleted secret takes its policy with it: one created again under the same name starts empty.
        using (await session.Client.DeleteAsync(secret))
        {
        }

        await session.SendJsonAsync(HttpMethod.Post, $"{Secrets}?secretId=GENERATOR_API_KEY", new JsonObject { ["replication"] = new JsonObject { ["automatic"] = new JsonObject() } });
        Assert.Null((await session.GetJsonAsync($"{secret}:getIamPolicy"))["bindings"]);
    }
}
