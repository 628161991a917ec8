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
}
