using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using JobFinder.Ops.Backup;
using JobFinder.Ops.Google;
using JobFinder.Ops.Google.Operations;

namespace JobFinder.Ops.Bench.Scenarios;

/// <summary>Backup-JobFinderProduction + Test-JobFinderBackup -Restore (the engine calls behind them) of a
/// 5,000- and then a 50,000-document database. The emulator runs as its own process, so this process's
/// managed heap is the module's alone: its peak (sampled every 20 ms) must not grow with the document
/// count, since nothing the module does holds documents in memory.</summary>
public sealed class BackupVerifyBench : IBenchScenario
{
    private const string Project = "jobfinder-prod";

    public string Name => "backup-verify";

    public string Description => "Backup (export + live snapshot + artifacts) and restore-verify of 5,000 vs 50,000 documents: seconds and the module's peak managed heap (emulator out of process).";

    public async Task<IReadOnlyDictionary<string, object>> RunAsync(CancellationToken cancellationToken)
    {
        await using var emulator = await EmulatorProcess.StartAsync(cancellationToken);
        using var connection = await GoogleConnection.ConnectAsync(new GoogleClientOptions
        {
            KeyFilePath = emulator.KeyFilePath,
            EmulatorHost = emulator.Host,
            Polling = OperationPollOptions.Fast with { Timeout = TimeSpan.FromMinutes(20) },
            Environment = _ => null,
        }, cancellationToken);
        var service = new BackupService(new GoogleRestClient(connection));
        var localRoot = Path.Combine(Path.GetTempPath(), "jobfinder-bench-backup-" + Guid.NewGuid().ToString("N")[..8]);
        var figures = new Dictionary<string, object>();
        try
        {
            // Warm-up on the seeded database so JIT and connection set-up are not counted.
            await RunOnceAsync(service, localRoot, cancellationToken);
            foreach (var (label, collection, count) in new[] { ("5k", "benchsmall", 5_000), ("50k", "benchlarge", 45_000) })
            {
                await emulator.SeedAsync(Project, collection, count, cancellationToken);
                foreach (var (key, value) in await RunOnceAsync(service, localRoot, cancellationToken))
                {
                    figures[$"{label}.{key}"] = value;
                }
            }
        }
        finally
        {
            if (Directory.Exists(localRoot))
            {
                Directory.Delete(localRoot, recursive: true);
            }
        }

        return figures;
    }

    private static async Task<Dictionary<string, object>> RunOnceAsync(BackupService service, string localRoot, CancellationToken cancellationToken)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        using var sampler = new HeapSampler();
        var clock = Stopwatch.StartNew();
        var manifest = await service.CreateAsync(new BackupRequest
        {
            ProjectId = Project,
            Environment = "bench",
            Destination = new BackupDestination($"{Project}-backups", "bench"),
            LocalRoot = localRoot,
        }, cancellationToken);
        var backupSeconds = clock.Elapsed.TotalSeconds;
        clock.Restart();
        var verification = await service.VerifyAsync(manifest, new BackupVerifyOptions { Restore = true }, cancellationToken);
        var verifySeconds = clock.Elapsed.TotalSeconds;
        if (!verification.Passed)
        {
            var failed = verification.Checks.First(c => c.Status == Model.BackupCheckStatus.Failed);
            throw new InvalidOperationException($"Verification failed: {failed.Check} {failed.Target}: {failed.Message}");
        }

        return new Dictionary<string, object>
        {
            ["documents"] = manifest.FirestoreExport.Documents,
            ["exportBytes"] = manifest.FirestoreExport.Bytes,
            ["backupSeconds"] = Math.Round(backupSeconds, 2),
            ["restoreVerifySeconds"] = Math.Round(verifySeconds, 2),
            ["checks"] = verification.Checks.Count,
            ["modulePeakHeapGrowthMegabytes"] = Math.Round((sampler.Peak - baseline) / 1048576.0, 2),
            ["moduleAllocatedMegabytes"] = Math.Round((GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore) / 1048576.0, 2),
        };
    }

    /// <summary>Samples the managed heap on a timer; the peak is what the run needed at most.</summary>
    private sealed class HeapSampler : IDisposable
    {
        private readonly Timer _timer;
        private long _peak;

        public HeapSampler()
        {
            _peak = GC.GetTotalMemory(false);
            _timer = new Timer(_ => Interlocked.Exchange(ref _peak, Math.Max(Interlocked.Read(ref _peak), GC.GetTotalMemory(false))), null, 0, 20);
        }

        public long Peak => Interlocked.Read(ref _peak);

        public void Dispose() => _timer.Dispose();
    }

    /// <summary>The emulator as a child process (fast profile), read from its first two stdout lines.</summary>
    private sealed class EmulatorProcess : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly HttpClient _admin;

        private EmulatorProcess(Process process, string host, string keyFilePath)
        {
            _process = process;
            Host = host;
            KeyFilePath = keyFilePath;
            _admin = new HttpClient { BaseAddress = new Uri($"http://{host}/"), Timeout = TimeSpan.FromMinutes(10) };
        }

        public string Host { get; }

        public string KeyFilePath { get; }

        public static async Task<EmulatorProcess> StartAsync(CancellationToken cancellationToken)
        {
            var dll = Path.Combine(AppContext.BaseDirectory, "JobFinder.Ops.Emulator.dll");
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardInput = true, UseShellExecute = false };
            foreach (var argument in new[] { dll, "--port", "0", "--profile", "fast" })
            {
                start.ArgumentList.Add(argument);
            }

            var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the emulator.");
            var listening = await process.StandardOutput.ReadLineAsync(cancellationToken) ?? throw new InvalidOperationException("The emulator exited.");
            var info = JsonDocument.Parse(await process.StandardOutput.ReadLineAsync(cancellationToken) ?? "{}").RootElement;
            var host = new Uri(listening[(listening.LastIndexOf(' ') + 1)..]).Authority;
            return new EmulatorProcess(process, host, info.GetProperty("keyFilePath").GetString()!);
        }

        public async Task SeedAsync(string project, string collection, int count, CancellationToken cancellationToken)
        {
            using var response = await _admin.PostAsJsonAsync("_emulator/firestore/seed", new { project, collection, count }, cancellationToken);
            response.EnsureSuccessStatusCode();
        }

        public async ValueTask DisposeAsync()
        {
            _admin.Dispose();
            _process.StandardInput.Close();
            if (!_process.WaitForExit(10_000))
            {
                _process.Kill(entireProcessTree: true);
            }

            await _process.WaitForExitAsync();
            _process.Dispose();
        }
    }
}
