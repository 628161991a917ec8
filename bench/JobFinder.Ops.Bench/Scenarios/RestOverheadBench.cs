using System.Diagnostics;
using System.IO.Compression;
using System.Net.Http.Headers;
using JobFinder.Ops.Emulator.Hosting;
using JobFinder.Ops.Google;
using JobFinder.Ops.Google.Functions;
using JobFinder.Ops.Google.Operations;
using JobFinder.Ops.Google.Run;
using JobFinder.Ops.Google.Transport;

namespace JobFinder.Ops.Bench.Scenarios;

/// <summary>Cost of the REST layer: sequential calls/second of Cloud Run <c>services.get</c> against the
/// in-process emulator through a bare HttpClient (same URL, same bearer token, body read as bytes),
/// through <see cref="GoogleRestClient"/> (token lookup, retry pipeline, debug event, buffered body) and
/// through <see cref="CloudRunApi"/> (plus JSON binding to records). Rounds alternate so that drift
/// affects all three alike.</summary>
public sealed class RestOverheadBench : IBenchScenario
{
    private const string Project = "jobfinder-staging";
    private const string Location = "us-central1";
    private const int Rounds = 3;
    private static readonly TimeSpan RoundDuration = TimeSpan.FromSeconds(2);

    public string Name => "rest-overhead";

    public string Description => "services.get calls/second: bare HttpClient vs GoogleRestClient vs typed CloudRunApi (goal: REST-layer overhead under 10%).";

    public async Task<IReadOnlyDictionary<string, object>> RunAsync(CancellationToken cancellationToken)
    {
        await using var emulator = await EmulatorHost.StartAsync(new EmulatorOptions { Profile = LatencyProfile.Fast }, cancellationToken);
        using var connection = await GoogleConnection.ConnectAsync(
            new GoogleClientOptions { KeyFilePath = emulator.KeyFilePath, EmulatorHost = emulator.BaseAddress.Authority, Polling = OperationPollOptions.Fast, Environment = _ => null },
            cancellationToken);
        var client = new GoogleRestClient(connection);
        var run = new CloudRunApi(client);
        var service = await DeployServiceAsync(new CloudFunctionsApi(client), cancellationToken);
        var request = new GoogleRequest { Service = GoogleService.CloudRun, Method = HttpMethod.Get, Path = $"v2/{service}", Retry = RetryPolicy.Read, ResourceName = service.ToString() };
        var uri = client.BuildUri(request);

        using var bare = new HttpClient();
        bare.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await connection.Credential.GetAccessTokenForRequestAsync(cancellationToken: cancellationToken));

        async Task BareCall(CancellationToken ct)
        {
            using var response = await bare.GetAsync(uri, ct);
            response.EnsureSuccessStatusCode();
            _ = await response.Content.ReadAsByteArrayAsync(ct);
        }

        async Task TransportCall(CancellationToken ct)
        {
            using var response = await client.SendForResponseAsync(request, ct);
        }

        async Task TypedCall(CancellationToken ct) => _ = await run.GetServiceAsync(service, ct);

        var calls = new (string Name, Func<CancellationToken, Task> Call)[] { ("bare", BareCall), ("transport", TransportCall), ("typed", TypedCall) };
        foreach (var (_, call) in calls)
        {
            for (var i = 0; i < 200; i++)
            {
                await call(cancellationToken);
            }
        }

        var totals = calls.ToDictionary(c => c.Name, _ => (Calls: 0L, Seconds: 0.0));
        for (var round = 0; round < Rounds; round++)
        {
            foreach (var (name, call) in calls)
            {
                var (count, seconds) = await MeasureAsync(call, cancellationToken);
                totals[name] = (totals[name].Calls + count, totals[name].Seconds + seconds);
            }
        }

        double Rate(string name) => totals[name].Calls / totals[name].Seconds;
        var bareRate = Rate("bare");
        return new Dictionary<string, object>
        {
            ["bareHttpClientCallsPerSecond"] = Math.Round(bareRate, 1),
            ["googleRestClientCallsPerSecond"] = Math.Round(Rate("transport"), 1),
            ["typedCloudRunApiCallsPerSecond"] = Math.Round(Rate("typed"), 1),
            ["transportOverheadPercent"] = Math.Round((bareRate / Rate("transport") - 1) * 100, 1),
            ["typedOverheadPercent"] = Math.Round((bareRate / Rate("typed") - 1) * 100, 1),
            ["secondsPerVariant"] = Rounds * RoundDuration.TotalSeconds,
        };
    }

    private static async Task<(long Calls, double Seconds)> MeasureAsync(Func<CancellationToken, Task> call, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        long calls = 0;
        while (clock.Elapsed < RoundDuration)
        {
            await call(cancellationToken);
            calls++;
        }

        return (calls, clock.Elapsed.TotalSeconds);
    }

    private static async Task<RunServiceName> DeployServiceAsync(CloudFunctionsApi functions, CancellationToken cancellationToken)
    {
        var upload = await functions.GenerateUploadUrlAsync(Project, Location, cancellationToken: cancellationToken);
        using (var zipStream = new MemoryStream())
        {
            using (var zip = new ZipArchive(zipStream, ZipArchiveMode.Create, leaveOpen: true))
            {
                await using var writer = new StreamWriter(await zip.CreateEntry("index.js").OpenAsync(cancellationToken));
                await writer.WriteAsync("exports.health = (req, res) => res.json({status: 'healthy'});");
            }

            await functions.UploadSourceAsync(upload.UploadUrl!, zipStream.ToArray(), cancellationToken);
        }

        var operation = await functions.CreateAsync(
            new FunctionName(Project, Location, "restBench"),
            new Function
            {
                Environment = FunctionEnvironment.Gen2,
                BuildConfig = new BuildConfig { Runtime = "nodejs22", EntryPoint = "health", Source = new FunctionSource { StorageSource = upload.StorageSource } },
            },
            cancellationToken);
        var function = await functions.WaitForFunctionAsync(operation, cancellationToken: cancellationToken);
        return RunServiceName.Parse(function.ServiceConfig!.Service!);
    }
}
