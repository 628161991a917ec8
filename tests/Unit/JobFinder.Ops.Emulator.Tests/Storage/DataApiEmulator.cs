using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using JobFinder.Ops.Emulator.Hosting;
using Xunit;

namespace JobFinder.Ops.Emulator.Tests;

/// <summary>One in-process emulator (fast profile) shared by the data-API test classes, with an
/// HttpClient authenticated as owner. Tests use unique names so they do not depend on each other.</summary>
public sealed class DataApiEmulator : IAsyncLifetime
{
    public const string Project = "jobfinder-staging";

    public RunningEmulator Emulator { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Emulator = await EmulatorHost.StartAsync(new EmulatorOptions { Port = 0, Profile = LatencyProfile.Fast });
        Http = new HttpClient { BaseAddress = Emulator.BaseAddress };
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "owner");
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await Emulator.DisposeAsync();
    }

    public async Task<(int Status, JsonObject Body)> SendAsync(HttpMethod method, string url, JsonNode? body = null)
    {
        using var request = new HttpRequestMessage(method, url);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }
        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length == 0 ? [] : JsonNode.Parse(text) as JsonObject ?? new JsonObject { ["array"] = JsonNode.Parse(text) });
    }

    /// <summary>Polls a long-running operation until <c>done</c> (fast profile: well under a second).</summary>
    public async Task<JsonObject> WaitAsync(string prefix, JsonObject operation)
    {
        var name = (string)operation["name"]!;
        for (var attempt = 0; attempt < 400; attempt++)
        {
            var (status, current) = await SendAsync(HttpMethod.Get, $"{prefix}/{name}");
            Assert.Equal(200, status);
            if (current["done"]?.GetValue<bool>() == true)
            {
                return current;
            }
            await Task.Delay(25);
        }
        throw new TimeoutException($"Operation {name} did not finish.");
    }
}

[CollectionDefinition(Name)]
public sealed class DataApiCollection : ICollectionFixture<DataApiEmulator>
{
    public const string Name = "data-apis";
}
