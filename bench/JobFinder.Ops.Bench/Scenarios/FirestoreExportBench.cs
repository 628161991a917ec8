using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using JobFinder.Ops.Emulator.Hosting;

namespace JobFinder.Ops.Bench.Scenarios;

/// <summary>Export and import of a 50,000-document database through the emulator's REST API (Firestore
/// admin LROs writing to and reading from emulated Cloud Storage), with object bytes in memory and on disk
/// (data path): wall time per phase and the process's managed heap and working set.</summary>
public sealed class FirestoreExportBench : IBenchScenario
{
    private const string Project = "jobfinder-staging";
    private const int Documents = 50_000;

    public string Name => "firestore-export";

    public string Description => "Firestore exportDocuments + importDocuments (scratch database) of 50,000 documents over REST: seconds and emulator memory, blobs in memory vs on disk.";

    public async Task<IReadOnlyDictionary<string, object>> RunAsync(CancellationToken cancellationToken)
    {
        var figures = new Dictionary<string, object> { ["documents"] = Documents };
        foreach (var onDisk in new[] { false, true })
        {
            var dataPath = onDisk ? Path.Combine(Path.GetTempPath(), "jobfinder-bench-export-" + Guid.NewGuid().ToString("N")) : null;
            try
            {
                foreach (var (key, value) in await RunOnceAsync(dataPath, cancellationToken))
                {
                    figures[(onDisk ? "disk." : "memory.") + key] = value;
                }
            }
            finally
            {
                if (dataPath is not null && Directory.Exists(dataPath))
                {
                    Directory.Delete(dataPath, recursive: true);
                }
            }
        }
        return figures;
    }

    private static async Task<Dictionary<string, object>> RunOnceAsync(string? dataPath, CancellationToken cancellationToken)
    {
        await using var emulator = await EmulatorHost.StartAsync(new EmulatorOptions { DataPath = dataPath }, cancellationToken);
        using var client = new HttpClient { BaseAddress = emulator.BaseAddress, Timeout = TimeSpan.FromMinutes(10) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "owner");
        var heapBefore = HeapMegabytes();

        var clock = Stopwatch.StartNew();
        using (var seeded = await client.PostAsJsonAsync("_emulator/firestore/seed",
            new { project = Project, database = "bench-source", collection = "jobs", count = Documents }, cancellationToken))
        {
            seeded.EnsureSuccessStatusCode();
        }
        var seedSeconds = clock.Elapsed.TotalSeconds;
        var heapSeeded = HeapMegabytes();

        clock.Restart();
        var export = await PostAsync(client, $"v1/projects/{Project}/databases/bench-source:exportDocuments",
            new JsonObject { ["outputUriPrefix"] = $"gs://{Project}-backups/bench" }, cancellationToken);
        var exported = await WaitAsync(client, export, cancellationToken);
        var exportSeconds = clock.Elapsed.TotalSeconds;
        var heapExported = HeapMegabytes();

        var listing = await GetAsync(client, $"storage/v1/b/{Project}-backups/o?prefix=bench/", cancellationToken);
        var exportBytes = listing["items"]!.AsArray().Sum(o => long.Parse((string)o!["size"]!, System.Globalization.CultureInfo.InvariantCulture));

        await WaitAsync(client, await PostAsync(client, $"v1/projects/{Project}/databases?databaseId=bench-restore", new JsonObject(), cancellationToken), cancellationToken);
        clock.Restart();
        var import = await PostAsync(client, $"v1/projects/{Project}/databases/bench-restore:importDocuments",
            new JsonObject { ["inputUriPrefix"] = $"gs://{Project}-backups/bench" }, cancellationToken);
        await WaitAsync(client, import, cancellationToken);
        var importSeconds = clock.Elapsed.TotalSeconds;
        var heapImported = HeapMegabytes();

        var count = await PostAsync(client, $"v1/projects/{Project}/databases/bench-restore/documents:runAggregationQuery", new JsonObject
        {
            ["structuredAggregationQuery"] = new JsonObject
            {
                ["structuredQuery"] = new JsonObject { ["from"] = new JsonArray(new JsonObject { ["collectionId"] = "jobs" }) },
                ["aggregations"] = new JsonArray(new JsonObject { ["alias"] = "n", ["count"] = new JsonObject() }),
            },
        }, cancellationToken, expectArray: true);
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        return new Dictionary<string, object>
        {
            ["seedSeconds"] = Math.Round(seedSeconds, 2),
            ["exportSeconds"] = Math.Round(exportSeconds, 2),
            ["importSeconds"] = Math.Round(importSeconds, 2),
            ["exportedDocuments"] = (string)exported["metadata"]!["progressDocuments"]!["completedWork"]!,
            ["restoredDocuments"] = (string)count["result"]!["aggregateFields"]!["n"]!["integerValue"]!,
            ["exportMegabytes"] = Math.Round(exportBytes / 1048576.0, 1),
            ["heapMegabytesAtStart"] = heapBefore,
            ["heapMegabytesAfterSeed"] = heapSeeded,
            ["heapMegabytesAfterExport"] = heapExported,
            ["heapMegabytesAfterImport"] = heapImported,
            ["peakWorkingSetMegabytes"] = Math.Round(process.PeakWorkingSet64 / 1048576.0, 1),
        };
    }

    private static double HeapMegabytes()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        return Math.Round(GC.GetTotalMemory(forceFullCollection: true) / 1048576.0, 1);
    }

    private static async Task<JsonObject> PostAsync(HttpClient client, string path, JsonObject body, CancellationToken cancellationToken, bool expectArray = false)
    {
        using var response = await client.PostAsync(path, JsonContent.Create(body), cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST {path}: {(int)response.StatusCode} {text}");
        }
        var node = JsonNode.Parse(text)!;
        return expectArray ? node.AsArray()[0]!.AsObject() : node.AsObject();
    }

    private static async Task<JsonObject> GetAsync(HttpClient client, string path, CancellationToken cancellationToken) =>
        JsonNode.Parse(await client.GetStringAsync(path, cancellationToken))!.AsObject();

    private static async Task<JsonObject> WaitAsync(HttpClient client, JsonObject operation, CancellationToken cancellationToken)
    {
        while (true)
        {
            var current = await GetAsync(client, $"v1/{(string)operation["name"]!}", cancellationToken);
            if (current["done"] is not null)
            {
                return current["error"] is null ? current : throw new InvalidOperationException($"Operation failed: {current["error"]!.ToJsonString()}");
            }
            await Task.Delay(50, cancellationToken);
        }
    }
}
