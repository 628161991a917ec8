using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using JobFinder.Ops.Google;
using JobFinder.Ops.Tests.Google;

namespace JobFinder.Ops.Tests.Monitoring;

/// <summary>An emulator (<see cref="EmulatorConnectionFixture"/>) and the raw alertPolicies.create call, so
/// a test can put a policy body before Google's rules (the emulator's) exactly as written.</summary>
public sealed class MonitoringEmulatorFixture : EmulatorConnectionFixture
{
    private static readonly HttpClient s_http = new();

    /// <summary>POSTs <paramref name="policy"/> to alertPolicies.create; the status and the answer.</summary>
    public async Task<(int Status, JsonObject Body)> CreatePolicyAsync(JsonObject policy)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Emulator.BaseAddress, $"monitoring/v3/projects/{Project}/alertPolicies"))
        {
            Content = new StringContent(policy.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", GoogleConnection.EmulatorOwnerToken);
        using var response = await s_http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, JsonNode.Parse(text) as JsonObject ?? []);
    }

    /// <summary>tests/Fixtures/AlertPolicies/<paramref name="file"/>, found by walking up from this source file.</summary>
    public static string FixturePath(string file, [System.Runtime.CompilerServices.CallerFilePath] string sourceFile = "")
    {
        for (var dir = new DirectoryInfo(Path.GetDirectoryName(sourceFile)!); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "Fixtures", "AlertPolicies", file);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"tests/Fixtures/AlertPolicies/{file} not found above {sourceFile}");
    }
}
