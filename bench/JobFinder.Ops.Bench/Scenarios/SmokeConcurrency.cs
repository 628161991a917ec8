using System.IO.Compression;
using JobFinder.Ops.Emulator.Hosting;
using JobFinder.Ops.Google;
using JobFinder.Ops.Google.Functions;
using JobFinder.Ops.Model;
using JobFinder.Ops.Smoke;

namespace JobFinder.Ops.Bench.Scenarios;

/// <summary>20 smoke checks against a function that takes 500 ms per request
/// (<c>EMULATOR_FAULT_LATENCY_MS=500</c>): wall time with the default concurrency (goal about 1 s, not
/// 10 s) and, for comparison, one at a time.</summary>
public sealed class SmokeConcurrency : IBenchScenario
{
    private const int Checks = 20;
    private const string Project = "jobfinder-staging";
    private const string Location = "us-central1";

    public string Name => "smoke-concurrency";

    public string Description => "20 smoke checks of 500 ms each: wall time with the default concurrency (goal ~1 s) versus sequential (~10 s).";

    public async Task<IReadOnlyDictionary<string, object>> RunAsync(CancellationToken cancellationToken)
    {
        await using var emulator = await EmulatorHost.StartAsync(new EmulatorOptions { Port = 0, Profile = LatencyProfile.Fast }, cancellationToken);
        using var connection = await GoogleConnection.ConnectAsync(
            new GoogleClientOptions { AccessToken = GoogleConnection.EmulatorOwnerToken, EmulatorHost = emulator.BaseAddress.Authority, Environment = _ => null },
            cancellationToken);
        var client = new GoogleRestClient(connection);
        await DeploySlowFunctionAsync(new CloudFunctionsApi(client), cancellationToken);

        var settings = new SmokeSettings();
        var checks = Enumerable.Range(1, Checks)
            .Select(i => new SmokeCheckDefinition { Name = $"check {i:D2}", Function = "slowHealth", Retries = 0, Timeout = TimeSpan.FromSeconds(10) })
            .ToArray();
        var runner = new SmokeRunner(client);

        await runner.RunAsync(Project, Location, settings, new SmokeRunOptions { Checks = checks[..2] }, cancellationToken: cancellationToken); // warm-up: connections, JIT
        var concurrent = await runner.RunAsync(Project, Location, settings, new SmokeRunOptions { Checks = checks }, cancellationToken: cancellationToken);
        var sequential = await runner.RunAsync(Project, Location, settings, new SmokeRunOptions { Checks = checks, Concurrency = 1 }, cancellationToken: cancellationToken);

        return new Dictionary<string, object>
        {
            ["checks"] = Checks,
            ["latencyPerCheckMs"] = 500,
            ["defaultConcurrency"] = settings.Concurrency,
            ["wallSecondsDefaultConcurrency"] = Math.Round(concurrent.Duration.TotalSeconds, 2),
            ["wallSecondsSequential"] = Math.Round(sequential.Duration.TotalSeconds, 2),
            ["p50Ms"] = Math.Round(concurrent.P50Ms),
            ["p95Ms"] = Math.Round(concurrent.P95Ms),
            ["allPassed"] = concurrent.PassedCount == Checks && sequential.PassedCount == Checks,
        };
    }

    private static async Task DeploySlowFunctionAsync(CloudFunctionsApi functions, CancellationToken cancellationToken)
    {
        var upload = await functions.GenerateUploadUrlAsync(Project, Location, cancellationToken: cancellationToken);
        using (var stream = new MemoryStream())
        {
            using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
            {
                using var writer = new StreamWriter(zip.CreateEntry("index.js").Open());
                await writer.WriteAsync("exports.health = (req, res) => res.json({status: 'healthy'});");
            }

            await functions.UploadSourceAsync(upload.UploadUrl!, stream.ToArray(), cancellationToken);
        }

        var operation = await functions.CreateAsync(
            new FunctionName(Project, Location, "slowHealth"),
            new Function
            {
                Environment = FunctionEnvironment.Gen2,
                BuildConfig = new BuildConfig { Runtime = "nodejs22", EntryPoint = "health", Source = new FunctionSource { StorageSource = upload.StorageSource } },
                ServiceConfig = new ServiceConfig { AvailableMemory = "256Mi", TimeoutSeconds = 60, EnvironmentVariables = new() { ["EMULATOR_FAULT_LATENCY_MS"] = "500" } },
            },
            cancellationToken);
        await functions.WaitForFunctionAsync(operation, cancellationToken: cancellationToken);
    }
}
