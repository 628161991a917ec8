using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using JobFinder.Ops.Emulator.Tests.Support;
using Xunit;

namespace JobFinder.Ops.Emulator.Tests.Behaviors;

/// <summary>The job-finder function behaviors, deployed through Cloud Functions v2 and called on their
/// service URLs the way a smoke check (or the Firebase client SDK) calls them.</summary>
public sealed class FunctionBehaviorTests : IAsyncLifetime
{
    private EmulatorSession _session = null!;
    private string _idToken = null!;

    public async Task InitializeAsync()
    {
        _session = await EmulatorSession.StartAsync();
        var signIn = await _session.SendJsonAsync(HttpMethod.Post, $"v1/accounts:signInWithPassword?key={_session.Emulator.ApiKey}", new JsonObject
        {
            ["email"] = _session.Emulator.TestUser.Email,
            ["password"] = _session.Emulator.TestUser.Password,
            ["returnSecureToken"] = true,
        });
        _idToken = (string)signIn["idToken"]!;
    }

    public async Task DisposeAsync() => await _session.DisposeAsync();

    private async Task<string> DeployAsync(string functionId, string entryPoint, string project = EmulatorSession.Project) =>
        (string)(await _session.CreateFunctionAsync(functionId, entryPoint: entryPoint, project: project))["response"]!["url"]!;

    private async Task<(HttpStatusCode Status, JsonObject Body)> CallAsync(string url, JsonNode? data, string? idToken = null)
    {
        using var client = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(new JsonObject { ["data"] = data?.DeepClone() }.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        if (idToken is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", idToken);
        }
        using var response = await client.SendAsync(request);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject());
    }

    [Fact]
    public async Task HealthAnswersHealthyWithTheRevision()
    {
        var url = await DeployAsync("health", "health");
        using var client = new HttpClient();
        using var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("healthy", (string?)body["status"]);
        Assert.NotNull(body["timestamp"]);
        Assert.StartsWith("health-", (string?)body["revision"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task SubmitJobNeedsAValidUserAndInputThenWritesTheJob()
    {
        var url = await DeployAsync("submitJob", "submitJob");
        var job = new JsonObject { ["url"] = "https://careers.example.com/jobs/42", ["companyName"] = "Example Corp", ["title"] = "SRE" };

        var (anonymous, anonymousBody) = await CallAsync(url, job);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous);
        Assert.Equal("UNAUTHENTICATED", (string?)anonymousBody["error"]!["status"]);
        Assert.Equal(HttpStatusCode.Unauthorized, (await CallAsync(url, job, "not-a-token")).Status);

        var (invalid, invalidBody) = await CallAsync(url, new JsonObject { ["url"] = "ftp://x", ["companyName"] = "X" }, _idToken);
        Assert.Equal(HttpStatusCode.BadRequest, invalid);
        Assert.Equal("INVALID_ARGUMENT", (string?)invalidBody["error"]!["status"]);
        Assert.Equal(HttpStatusCode.BadRequest, (await CallAsync(url, new JsonObject { ["url"] = "https://a.example.com" }, _idToken)).Status);

        var (listed, listedBody) = await CallAsync(url, new JsonObject { ["url"] = "https://a.example.com/1", ["companyName"] = "Staffing Co 0" }, _idToken);
        Assert.Equal(HttpStatusCode.BadRequest, listed);
        Assert.Equal("FAILED_PRECONDITION", (string?)listedBody["error"]!["status"]);

        var (ok, result) = await CallAsync(url, job, _idToken);
        Assert.Equal(HttpStatusCode.OK, ok);
        Assert.True((bool)result["result"]!["success"]!);
        var jobId = (string)result["result"]!["jobId"]!;
        var stored = await _session.GetJsonAsync($"v1/projects/{EmulatorSession.Project}/databases/(default)/documents/jobs/{jobId}");
        Assert.Equal("Example Corp", (string?)stored["fields"]!["companyName"]!["stringValue"]);
        Assert.Equal(_session.Emulator.TestUser.LocalId, (string?)stored["fields"]!["submittedBy"]!["stringValue"]);
    }

    [Fact]
    public async Task GetStopListReturnsTheConfig()
    {
        var url = await DeployAsync("getStopList", "getStopList");
        var (status, body) = await CallAsync(url, null);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True((bool)body["result"]!["success"]!);
        Assert.Contains("Staffing Co 0", body["result"]!["data"]!["excludedCompanies"]!.AsArray().Select(c => (string)c!));
        using var client = new HttpClient();
        using var wrongMethod = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.BadRequest, wrongMethod.StatusCode);
    }

    [Fact]
    public async Task ManageContentItemsListsAndMutatesWithAuth()
    {
        var url = await DeployAsync("manageContentItems", "manageContentItems");
        var (_, listed) = await CallAsync(url, new JsonObject { ["action"] = "list" });
        var before = listed["result"]!["items"]!.AsArray().Count;
        Assert.True(before > 0);

        var item = new JsonObject { ["type"] = "project", ["title"] = "Emulator", ["order"] = 99, ["visible"] = true };
        Assert.Equal(HttpStatusCode.Unauthorized, (await CallAsync(url, new JsonObject { ["action"] = "create", ["item"] = item.DeepClone() })).Status);
        var (created, createdBody) = await CallAsync(url, new JsonObject { ["action"] = "create", ["item"] = item.DeepClone() }, _idToken);
        Assert.Equal(HttpStatusCode.OK, created);
        var id = (string)createdBody["result"]!["data"]!["id"]!;

        var (_, updated) = await CallAsync(url, new JsonObject { ["action"] = "update", ["id"] = id, ["item"] = new JsonObject { ["title"] = "Emulator v2" } }, _idToken);
        Assert.Equal("Emulator v2", (string?)updated["result"]!["data"]!["title"]);
        Assert.Equal(HttpStatusCode.NotFound, (await CallAsync(url, new JsonObject { ["action"] = "update", ["id"] = "missing", ["item"] = new JsonObject { ["title"] = "x" } }, _idToken)).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await CallAsync(url, new JsonObject { ["action"] = "create", ["item"] = new JsonObject { ["type"] = "poem", ["title"] = "x" } }, _idToken)).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await CallAsync(url, new JsonObject { ["action"] = "explode" })).Status);

        var (_, after) = await CallAsync(url, new JsonObject { ["action"] = "list" });
        Assert.Equal(before + 1, after["result"]!["items"]!.AsArray().Count);
        Assert.Equal(HttpStatusCode.OK, (await CallAsync(url, new JsonObject { ["action"] = "delete", ["id"] = id }, _idToken)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await CallAsync(url, new JsonObject { ["action"] = "delete", ["id"] = id }, _idToken)).Status);
    }

    [Fact]
    public async Task GenerateDocumentWritesTheFileAndTheRecord()
    {
        var url = await DeployAsync("generateDocument", "generateDocument");
        Assert.Equal(HttpStatusCode.NotFound, (await CallAsync(url, new JsonObject { ["type"] = "resume", ["jobId"] = "nope" }, _idToken)).Status);
        var (status, body) = await CallAsync(url, new JsonObject { ["type"] = "coverLetter", ["jobId"] = "job-00003" }, _idToken);
        Assert.Equal(HttpStatusCode.OK, status);
        var path = (string)body["result"]!["downloadPath"]!;
        var content = await _session.Client.GetStringAsync($"storage/v1/b/{EmulatorSession.Project}.appspot.com/o/{Uri.EscapeDataString(path)}?alt=media");
        Assert.StartsWith("# Cover letter for", content, StringComparison.Ordinal);
        var record = await _session.GetJsonAsync($"v1/projects/{EmulatorSession.Project}/databases/(default)/documents/generatedDocuments/{(string)body["result"]!["documentId"]!}");
        Assert.Equal("job-00003", (string?)record["fields"]!["jobId"]!["stringValue"]);
    }

    [Fact]
    public async Task ContactFormValidatesAndStores()
    {
        var url = await DeployAsync("contactForm", "contactForm", "portfolio-site");
        Assert.Equal(HttpStatusCode.BadRequest, (await CallAsync(url, new JsonObject { ["name"] = "A", ["email"] = "not-an-email", ["message"] = "Hello there, long enough" })).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await CallAsync(url, new JsonObject { ["name"] = "A", ["email"] = "a@example.com", ["message"] = "short" })).Status);
        var (status, body) = await CallAsync(url, new JsonObject { ["name"] = "A", ["email"] = "a@example.com", ["message"] = "Hello there, long enough" });
        Assert.Equal(HttpStatusCode.OK, status);
        var stored = await _session.GetJsonAsync($"v1/projects/portfolio-site/databases/(default)/documents/contactSubmissions/{(string)body["result"]!["id"]!}");
        Assert.Equal("a@example.com", (string?)stored["fields"]!["email"]!["stringValue"]);
    }
}
