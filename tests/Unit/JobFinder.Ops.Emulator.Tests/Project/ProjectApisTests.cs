using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using JobFinder.Ops.Emulator.Hosting;
using JobFinder.Ops.Emulator.Infrastructure;
using Xunit;

namespace JobFinder.Ops.Emulator.Tests.Project;

/// <summary>The project-level APIs firebase-tools calls before a deploy (Service Usage, Resource Manager,
/// Firebase Management, Cloud Storage for Firebase, Cloud Billing), over HTTP, including the Google host
/// names firebase-tools' origin variables point at.</summary>
[Collection(DataApiCollection.Name)]
public class ProjectApisTests(DataApiEmulator emulator)
{
    private const string Project = DataApiEmulator.Project;

    private static string Number => ProjectNumbers.Of(Project).ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task ServiceUsageAnswersByProjectIdAndNumberAndNamesServicesByNumber()
    {
        var (status, service) = await emulator.SendAsync(HttpMethod.Get, $"serviceusage/v1/projects/{Number}/services/cloudfunctions.googleapis.com");
        Assert.Equal(200, status);
        Assert.Equal("ENABLED", (string?)service["state"]);
        Assert.Equal($"projects/{Number}/services/cloudfunctions.googleapis.com", (string?)service["name"]);

        var (_, unknown) = await emulator.SendAsync(HttpMethod.Get, $"serviceusage/v1/projects/{Project}/services/runtimeconfig.googleapis.com");
        Assert.Equal("DISABLED", (string?)unknown["state"]);

        // A project the caller is not a member of, by number, is refused like one by id.
        var (foreign, _) = await emulator.SendAsync(HttpMethod.Get, "serviceusage/v1/projects/123456789012/services/run.googleapis.com");
        Assert.Equal(403, foreign);
    }

    [Fact]
    public async Task EnablingAServiceIsAnOperationAndEnablingItAgainIsANoOp()
    {
        const string Service = "firebaseextensions.googleapis.com";
        var (status, operation) = await emulator.SendAsync(HttpMethod.Post, $"serviceusage/v1/projects/{Project}/services/{Service}:enable", new JsonObject());
        Assert.Equal(200, status);
        var done = await emulator.WaitAsync("serviceusage/v1", operation);
        Assert.Equal("ENABLED", (string?)done["response"]!["service"]!["state"]);

        var (_, again) = await emulator.SendAsync(HttpMethod.Post, $"serviceusage/v1/projects/{Project}/services/{Service}:enable", new JsonObject());
        Assert.Equal("operations/noop.DONE_OPERATION", (string?)again["name"]);
        Assert.True((bool)again["done"]!);
    }

    [Fact]
    public async Task ServiceIdentityIsTheDocumentedServiceAgent()
    {
        var (status, operation) = await emulator.SendAsync(HttpMethod.Post, $"serviceusage/v1beta1/projects/{Number}/services/pubsub.googleapis.com:generateServiceIdentity", new JsonObject());
        Assert.Equal(200, status);
        Assert.Equal($"service-{Number}@gcp-sa-pubsub.iam.gserviceaccount.com", (string?)operation["response"]!["email"]);
        var (refused, _) = await emulator.SendAsync(HttpMethod.Post, $"serviceusage/v1beta1/projects/{Number}/services/firestore.googleapis.com:generateServiceIdentity", new JsonObject());
        Assert.Equal(400, refused);
    }

    [Fact]
    public async Task ResourceManagerGivesTheProjectNumberAndTheCallersPermissions()
    {
        var (_, project) = await emulator.SendAsync(HttpMethod.Get, $"cloudresourcemanager/v1/projects/{Project}");
        Assert.Equal(Number, (string?)project["projectNumber"]);
        Assert.Equal("ACTIVE", (string?)project["lifecycleState"]);

        var asked = new JsonObject { ["permissions"] = new JsonArray("cloudfunctions.functions.create", "cloudfunctions.functions.list") };
        var (_, owner) = await emulator.SendAsync(HttpMethod.Post, $"cloudresourcemanager/v1/projects/{Project}:testIamPermissions", asked);
        Assert.Equal(2, owner["permissions"]!.AsArray().Count);

        using var viewer = new HttpClient { BaseAddress = emulator.Emulator.BaseAddress };
        viewer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await ViewerTokenAsync());
        using var response = await viewer.PostAsync($"cloudresourcemanager/v1/projects/{Project}:testIamPermissions", new StringContent(asked.ToJsonString()));
        var granted = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["permissions"]!.AsArray().Select(p => (string)p!).ToList();
        Assert.Equal(["cloudfunctions.functions.list"], granted);
    }

    [Fact]
    public async Task DefaultBucketIsServedOnV1betaAndOnTheV1alphaPathFirebaseToolsReads()
    {
        foreach (var version in new[] { "v1beta", "v1alpha" })
        {
            var (status, body) = await emulator.SendAsync(HttpMethod.Get, $"firebasestorage/{version}/projects/{Project}/defaultBucket");
            Assert.Equal(200, status);
            Assert.Equal($"projects/{Project}/buckets/{Project}.appspot.com", (string?)body["bucket"]!["name"]);
        }
        var (_, config) = await emulator.SendAsync(HttpMethod.Get, $"firebase/v1beta1/projects/{Project}/adminSdkConfig");
        Assert.Equal($"{Project}.appspot.com", (string?)config["storageBucket"]);
    }

    [Fact]
    public async Task RequestsToAGoogleHostNameAreServedAsThatApi()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"v1/projects/{Number}/services/run.googleapis.com");
        request.Headers.Host = $"serviceusage.googleapis.com:{emulator.Emulator.BaseAddress.Port}";
        using var response = await emulator.Http.SendAsync(request);
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("ENABLED", (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["state"]);
    }

    [Fact]
    public async Task ComputeNamesTheDefaultServiceAccountByProjectNumber()
    {
        var (_, project) = await emulator.SendAsync(HttpMethod.Get, $"compute/compute/v1/projects/{Number}");
        Assert.Equal($"{Number}-compute@developer.gserviceaccount.com", (string?)project["defaultServiceAccount"]);
    }

    [Fact]
    public async Task BillingIsEnabledOnEveryProject()
    {
        var (_, info) = await emulator.SendAsync(HttpMethod.Get, $"cloudbilling/v1/projects/{Project}/billingInfo");
        Assert.True((bool)info["billingEnabled"]!);
    }

    /// <summary>A fresh emulator: deleting the default bucket changes a project's state for every other test.</summary>
    [Fact]
    public async Task ANewDefaultBucketIsNamedFirebasestorageApp()
    {
        await using var own = await EmulatorHost.StartAsync(new EmulatorOptions { Port = 0, Profile = LatencyProfile.Fast, ProjectIds = ["fresh-project"] });
        using var http = new HttpClient { BaseAddress = own.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "owner");
        const string DefaultBucket = "firebasestorage/v1beta/projects/fresh-project/defaultBucket";

        Assert.Equal(200, (int)(await http.DeleteAsync(DefaultBucket)).StatusCode);
        Assert.Equal(404, (int)(await http.GetAsync(DefaultBucket)).StatusCode);
        Assert.Equal(404, (int)(await http.GetAsync("storage/v1/b/fresh-project.appspot.com")).StatusCode);

        using var created = await http.PostAsync(DefaultBucket, new StringContent("""{"location":"us-central1"}"""));
        Assert.Equal(200, (int)created.StatusCode);
        var body = JsonNode.Parse(await created.Content.ReadAsStringAsync())!;
        Assert.Equal("projects/fresh-project/buckets/fresh-project.firebasestorage.app", (string?)body["bucket"]!["name"]);
        Assert.Equal(200, (int)(await http.GetAsync("storage/v1/b/fresh-project.firebasestorage.app")).StatusCode);
        var config = JsonNode.Parse(await http.GetStringAsync("firebase/v1beta1/projects/fresh-project/adminSdkConfig"))!;
        Assert.Equal("fresh-project.firebasestorage.app", (string?)config["storageBucket"]);
    }

    private Task<string> ViewerTokenAsync() => ServiceAccountToken.GetAsync(emulator.Emulator.ReadOnlyKeyFilePath, emulator.Http);
}
