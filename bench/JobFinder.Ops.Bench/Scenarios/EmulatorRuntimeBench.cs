using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using JobFinder.Ops.Emulator.Hosting;

namespace JobFinder.Ops.Bench.Scenarios;

/// <summary>How many requests per second the emulator's function runtime serves on this machine (concurrent
/// HttpClient load for a fixed time), and the emulator's memory after 100 function deployments.</summary>
public sealed class EmulatorRuntimeBench : IBenchScenario
{
    private const string Parent = "v2/projects/jobfinder-staging/locations/us-central1";
    private static readonly TimeSpan LoadDuration = TimeSpan.FromSeconds(5);
    private const int Concurrency = 16;
    private const int Deployments = 100;

    public string Name => "emulator-runtime";

    public string Description => "Function runtime requests/second (16 concurrent clients, 5 s) and emulator memory after 100 deployments.";

    public async Task<IReadOnlyDictionary<string, object>> RunAsync(CancellationToken cancellationToken)
    {
        await using var emulator = await EmulatorHost.StartAsync(new EmulatorOptions(), cancellationToken);
        using var client = new HttpClient { BaseAddress = emulator.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "owner");

        var url = await DeployAsync(client, "benchTarget", cancellationToken);
        var (requests, errors) = await LoadAsync(url, cancellationToken);

        var deployClock = Stopwatch.StartNew();
        for (var i = 0; i < Deployments; i++)
        {
            await DeployAsync(client, $"benchFn{i:D3}", cancellationToken);
        }

        deployClock.Stop();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        return new Dictionary<string, object>
        {
            ["runtimeRequestsPerSecond"] = Math.Round(requests / LoadDuration.TotalSeconds, 1),
            ["runtimeRequests"] = requests,
            ["runtimeErrors"] = errors,
            ["concurrency"] = Concurrency,
            ["deployments"] = Deployments,
            ["deploySecondsTotal"] = Math.Round(deployClock.Elapsed.TotalSeconds, 2),
            ["gcHeapMegabytesAfterDeployments"] = Math.Round(GC.GetTotalMemory(forceFullCollection: true) / 1048576.0, 1),
            ["workingSetMegabytesAfterDeployments"] = Math.Round(process.WorkingSet64 / 1048576.0, 1),
        };
    }

    private static async Task<(long Requests, long Errors)> LoadAsync(string url, CancellationToken cancellationToken)
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = Concurrency };
        using var load = new HttpClient(handler);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stop.CancelAfter(LoadDuration);
        long requests = 0;
        long errors = 0;
        var workers = Enumerable.Range(0, Concurrency).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    using var response = await load.PostAsync(url, new StringContent("{\"data\":{}}", Encoding.UTF8, "application/json"), stop.Token);
                    Interlocked.Increment(ref requests);
                    if (!response.IsSuccessStatusCode)
                    {
                        Interlocked.Increment(ref errors);
                    }
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    break;
                }
            }
        }, CancellationToken.None)).ToList();
        await Task.WhenAll(workers);
        return (requests, errors);
    }

    /// <summary>generateUploadUrl, signed PUT, create, poll: the same calls the module makes.</summary>
    private static async Task<string> DeployAsync(HttpClient client, string functionId, CancellationToken cancellationToken)
    {
        var upload = await PostAsync(client, $"{Parent}/functions:generateUploadUrl", new JsonObject(), cancellationToken);
        using (var anonymous = new HttpClient())
        using (var zip = new ByteArrayContent(new byte[256]))
        {
            zip.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
            (await anonymous.PutAsync(upload["uploadUrl"]!.GetValue<string>(), zip, cancellationToken)).EnsureSuccessStatusCode();
        }

        var body = new JsonObject
        {
            ["buildConfig"] = new JsonObject
            {
                ["runtime"] = "nodejs22",
                ["entryPoint"] = "benchEcho",
                ["source"] = new JsonObject { ["storageSource"] = upload["storageSource"]!.DeepClone() },
            },
            ["serviceConfig"] = new JsonObject { ["timeoutSeconds"] = 60 },
        };
        var operation = await PostAsync(client, $"{Parent}/functions?functionId={functionId}", body, cancellationToken);
        while (true)
        {
            using var poll = await client.GetAsync("v2/" + operation["name"]!.GetValue<string>(), cancellationToken);
            var state = JsonNode.Parse(await poll.Content.ReadAsStringAsync(cancellationToken))!;
            if (state["done"]?.GetValue<bool>() == true)
            {
                var url = state["response"]?["url"]?.GetValue<string>() ?? throw new InvalidOperationException("Deploy failed: " + state["error"]);
                // Public, as firebase deploy makes an HTTPS function (the runtime refuses anonymous calls otherwise).
                await PostAsync(client, $"v1/{state["response"]!["serviceConfig"]!["service"]!.GetValue<string>()}:setIamPolicy", new JsonObject
                {
                    ["policy"] = new JsonObject { ["bindings"] = new JsonArray(new JsonObject { ["role"] = "roles/run.invoker", ["members"] = new JsonArray("allUsers") }) },
                }, cancellationToken);
                return url;
            }

            await Task.Delay(20, cancellationToken);
        }
    }

    private static async Task<JsonObject> PostAsync(HttpClient client, string path, JsonObject body, CancellationToken cancellationToken)
    {
        using var response = await client.PostAsync(path, new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"), cancellationToken);
        response.EnsureSuccessStatusCode();
        return JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken))!.AsObject();
    }
}
