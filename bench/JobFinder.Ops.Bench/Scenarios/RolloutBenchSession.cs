using System.Net.Http.Json;
using System.Text.Json.Nodes;
using JobFinder.Ops.Emulator.Hosting;
using JobFinder.Ops.Events;
using JobFinder.Ops.Google;
using JobFinder.Ops.Google.Operations;
using JobFinder.Ops.Model;
using JobFinder.Ops.Rollout;

namespace JobFinder.Ops.Bench.Scenarios;

/// <summary>An in-process emulator (fast profile) and a connection with production retry settings, for the
/// rollout benchmarks: deploys a <see cref="BenchRepository"/> and reads the emulator's request log.</summary>
internal sealed class RolloutBenchSession : IAsyncDisposable
{
    private RolloutBenchSession(RunningEmulator emulator, GoogleConnection connection)
    {
        Emulator = emulator;
        Connection = connection;
        Admin = new HttpClient { BaseAddress = emulator.BaseAddress };
    }

    public RunningEmulator Emulator { get; }

    public GoogleConnection Connection { get; }

    public HttpClient Admin { get; }

    public static async Task<RolloutBenchSession> StartAsync(CancellationToken cancellationToken)
    {
        var emulator = await EmulatorHost.StartAsync(new EmulatorOptions { Profile = LatencyProfile.Fast }, cancellationToken);
        var connection = await GoogleConnection.ConnectAsync(
            new GoogleClientOptions { KeyFilePath = emulator.KeyFilePath, EmulatorHost = emulator.BaseAddress.Authority, Polling = OperationPollOptions.Fast, Environment = _ => null },
            cancellationToken);
        return new RolloutBenchSession(emulator, connection);
    }

    public Task<DeploymentRecord> DeployAsync(BenchRepository repo, CancellationToken cancellationToken, int[]? steps = null, TimeSpan? bake = null, int? throttle = null) =>
        new RolloutEngine(new GoogleRestClient(Connection)).DeployAsync(
            new DeploymentOptions { Project = repo.Load(), SkipBackup = true, SkipRollbackCheck = true, TrafficSteps = steps, BakeTime = bake, ThrottleLimit = throttle },
            cancellationToken);

    /// <summary>The URL users call for a function (split by the service's traffic weights).</summary>
    public Uri FunctionUrl(string functionId) => new(Emulator.BaseAddress, $"_run/jobfinder-staging/us-central1/{functionId.ToLowerInvariant()}");

    public async Task ClearRequestLogAsync(CancellationToken cancellationToken)
    {
        using var response = await Admin.DeleteAsync("_emulator/requests", cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>(all, mutating) API calls served since the log was cleared.</summary>
    public async Task<(int All, int Mutating)> CountRequestsAsync(CancellationToken cancellationToken)
    {
        var log = await Admin.GetFromJsonAsync<JsonObject>("_emulator/requests", cancellationToken);
        var requests = log!["requests"]!.AsArray();
        return (requests.Count, requests.Count(r => r!["mutating"]!.GetValue<bool>()));
    }

    public async ValueTask DisposeAsync()
    {
        Admin.Dispose();
        Connection.Dispose();
        await Emulator.DisposeAsync();
    }
}
