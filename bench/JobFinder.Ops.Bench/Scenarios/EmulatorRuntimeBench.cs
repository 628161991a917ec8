using System.Diagnostics;
using System.IO.Compression;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using JobFinder.Ops.Emulator.Hosting;

namespace JobFinder.Ops.Bench.Scenarios;

/// <summary>The function runtime running real code: revision start to first 200 (a trivial function, and the
/// example's codebase with its dependencies, warm dependency cache), requests per second through the runtime
/// to a trivial function (16 concurrent clients, 5 s; the C# stand-in served 19,772/s), and the memory of
/// the example's 9 functions × 2 revisions serving (sum of the Node.js workers' resident memory).</summary>
public sealed class EmulatorRuntimeBench : IBenchScenario
{
    private const string Parent = "v2/projects/jobfinder-staging/locations/us-central1";
    private static readonly TimeSpan LoadDuration = TimeSpan.FromSeconds(5);
    private const int Concurrency = 16;

    public string Name => "emulator-runtime";

    public string Description => "Real code: revision start to first 200 (goal < 2 s warm), runtime requests/s to a trivial function, memory of 9 functions x 2 revisions (goal < 1.5 GB).";

    public async Task<IReadOnlyDictionary<string, object>> RunAsync(CancellationToken cancellationToken)
    {
        await using var emulator = await EmulatorHost.StartAsync(new EmulatorOptions(), cancellationToken);
        using var client = new HttpClient { BaseAddress = emulator.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "owner");
        var trivial = Zip(new Dictionary<string, byte[]>
        {
            ["package.json"] = """{ "name": "bench", "version": "1.0.0", "main": "index.js" }"""u8.ToArray(),
            ["index.js"] = "exports.benchEcho = (req, res) => res.json({ result: { ok: true } });"u8.ToArray(),
        });

        // Warm-up deploy (installs nothing new when the cache is warm), then the measured one.
        await DeployAsync(client, "benchWarm", "benchEcho", trivial, cancellationToken);
        var clock = Stopwatch.StartNew();
        var url = await DeployAsync(client, "benchTarget", "benchEcho", trivial, cancellationToken);
        await FirstOkAsync(url, cancellationToken);
        var trivialStart = clock.Elapsed.TotalMilliseconds;

        var (requests, errors) = await LoadAsync(url, cancellationToken);

        var example = ExampleArchive();
        string[] entryPoints = ["health", "submitJob", "getStopList", "manageContentItems", "generateDocument", "searchJobs", "scrapeCompany", "contactForm", "cleanupExpiredDocuments"];
        await DeployAsync(client, "exampleWarm", entryPoints[0], example, cancellationToken);
        clock.Restart();
        await DeployAsync(client, "exampleTimed", entryPoints[0], example, cancellationToken);
        var exampleReady = clock.Elapsed.TotalMilliseconds;

        foreach (var entryPoint in entryPoints)
        {
            await DeployAsync(client, "x" + entryPoint, entryPoint, example, cancellationToken);
            await DeployAsync(client, "x" + entryPoint, entryPoint, example, cancellationToken, update: true);
        }

        var workers = NodeChildren();
        return new Dictionary<string, object>
        {
            ["trivialRevisionStartToFirst200Ms"] = Math.Round(trivialStart, 0),
            ["exampleRevisionStartToListeningMs"] = Math.Round(exampleReady, 0),
            ["runtimeRequestsPerSecond"] = Math.Round(requests / LoadDuration.TotalSeconds, 1),
            ["runtimeRequests"] = requests,
            ["runtimeErrors"] = errors,
            ["concurrency"] = Concurrency,
            ["exampleRevisions"] = entryPoints.Length * 2,
            ["nodeWorkersRunning"] = workers.Count,
            ["nodeWorkersResidentMegabytes"] = Math.Round(workers.Sum() / 1048576.0, 0),
        };
    }

    /// <summary>Resident bytes of the node processes this process started (Linux /proc; empty elsewhere).</summary>
    private static List<long> NodeChildren()
    {
        var self = Environment.ProcessId;
        var sizes = new List<long>();
        foreach (var process in Process.GetProcessesByName("node"))
        {
            using (process)
            {
                try
                {
                    var stat = File.ReadAllText($"/proc/{process.Id}/stat");
                    var parent = int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
                    if (parent == self)
                    {
                        sizes.Add(process.WorkingSet64);
                    }
                }
                catch (IOException)
                {
                }
            }
        }

        return sizes;
    }

    private static byte[] ExampleArchive()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "JobFinder.Ops.sln")))
        {
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("Repository root not found.");
        }

        var functions = Path.Combine(root, "examples", "job-finder-be", "functions");
        var files = Directory.EnumerateFiles(functions, "*", SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(functions, f).StartsWith("node_modules", StringComparison.Ordinal))
            .ToDictionary(f => Path.GetRelativePath(functions, f).Replace('\\', '/'), File.ReadAllBytes);
        return Zip(files);
    }

    private static byte[] Zip(IReadOnlyDictionary<string, byte[]> files)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in files)
            {
                using var entry = zip.CreateEntry(name).Open();
                entry.Write(content);
            }
        }

        return buffer.ToArray();
    }

    private static async Task FirstOkAsync(string url, CancellationToken cancellationToken)
    {
        using var http = new HttpClient();
        while (true)
        {
            using var response = await http.GetAsync(url, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                return;
            }

            await Task.Delay(5, cancellationToken);
        }
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

    /// <summary>generateUploadUrl, signed PUT, create (or patch), poll: the same calls the module makes.</summary>
    private static async Task<string> DeployAsync(HttpClient client, string functionId, string entryPoint, byte[] archive, CancellationToken cancellationToken, bool update = false)
    {
        var upload = await SendAsync(client, HttpMethod.Post, $"{Parent}/functions:generateUploadUrl", new JsonObject(), cancellationToken);
        using (var anonymous = new HttpClient())
        using (var zip = new ByteArrayContent(archive))
        {
            zip.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
            (await anonymous.PutAsync(upload["uploadUrl"]!.GetValue<string>(), zip, cancellationToken)).EnsureSuccessStatusCode();
        }

        var body = new JsonObject
        {
            ["buildConfig"] = new JsonObject
            {
                ["runtime"] = "nodejs20",
                ["entryPoint"] = entryPoint,
                ["source"] = new JsonObject { ["storageSource"] = upload["storageSource"]!.DeepClone() },
            },
            ["serviceConfig"] = new JsonObject
            {
                ["timeoutSeconds"] = 60,
                ["maxInstanceRequestConcurrency"] = 80,
                ["environmentVariables"] = new JsonObject { ["BENCH_REVISION"] = update ? "2" : "1" },
            },
        };
        var operation = update
            ? await SendAsync(client, HttpMethod.Patch, $"{Parent}/functions/{functionId}", body, cancellationToken)
            : await SendAsync(client, HttpMethod.Post, $"{Parent}/functions?functionId={functionId}", body, cancellationToken);
        while (true)
        {
            using var poll = await client.GetAsync("v2/" + operation["name"]!.GetValue<string>(), cancellationToken);
            var state = JsonNode.Parse(await poll.Content.ReadAsStringAsync(cancellationToken))!;
            if (state["done"]?.GetValue<bool>() == true)
            {
                var url = state["response"]?["url"]?.GetValue<string>() ?? throw new InvalidOperationException("Deploy failed: " + state["error"]);
                // Public, as firebase deploy makes an HTTPS function (the runtime refuses anonymous calls otherwise).
                await SendAsync(client, HttpMethod.Post, $"v1/{state["response"]!["serviceConfig"]!["service"]!.GetValue<string>()}:setIamPolicy", new JsonObject
                {
                    ["policy"] = new JsonObject { ["bindings"] = new JsonArray(new JsonObject { ["role"] = "roles/run.invoker", ["members"] = new JsonArray("allUsers") }) },
                }, cancellationToken);
                return url;
            }

            await Task.Delay(20, cancellationToken);
        }
    }

    private static async Task<JsonObject> SendAsync(HttpClient client, HttpMethod method, string path, JsonObject body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path) { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };
        using var response = await client.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        return JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken))!.AsObject();
    }
}
