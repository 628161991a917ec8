using System.Net.Http.Json;
using System.Text.Json.Nodes;
using JobFinder.Ops.Emulator.Hosting;
using JobFinder.Ops.Events;
using JobFinder.Ops.Google;
using JobFinder.Ops.Google.Operations;
using JobFinder.Ops.Google.Transport;
using Xunit;

namespace JobFinder.Ops.Tests.Rollout;

/// <summary>One in-process emulator (fast profile) per test class, reached the way a user reaches it:
/// per-API host prefixes and the deployer's key file.</summary>
public sealed class RolloutFixture : IAsyncLifetime
{
    public const string Project = "jobfinder-staging";
    public const string Region = "us-central1";

    private int _sequence;

    public RunningEmulator Emulator { get; private set; } = null!;

    public GoogleConnection Connection { get; private set; } = null!;

    public HttpClient Admin { get; } = new();

    public async Task InitializeAsync()
    {
        Emulator = await EmulatorHost.StartAsync(new EmulatorOptions { Port = 0, Profile = LatencyProfile.Fast });
        Admin.BaseAddress = Emulator.BaseAddress;
        Connection = await GoogleConnection.ConnectAsync(new GoogleClientOptions
        {
            KeyFilePath = Emulator.KeyFilePath,
            EmulatorHost = Emulator.BaseAddress.Authority,
            Retry = new GoogleRetryOptions
            {
                MaxAttempts = 5,
                InitialDelay = TimeSpan.FromMilliseconds(5),
                MaxDelay = TimeSpan.FromMilliseconds(50),
                Deadline = TimeSpan.FromSeconds(30),
                AttemptTimeout = TimeSpan.FromSeconds(20),
            },
            Polling = OperationPollOptions.Fast,
            Environment = _ => null,
        });
    }

    public async Task DisposeAsync()
    {
        Connection.Dispose();
        Admin.Dispose();
        await Emulator.DisposeAsync();
    }

    public GoogleRestClient Client(IEngineEventSink? events = null) => new(Connection, events ?? new CollectingEventSink());

    /// <summary>Function ids no other test of the class uses (4–63 chars, starting with a letter).</summary>
    public string NewId(string prefix) => $"{prefix}{Interlocked.Increment(ref _sequence)}x{Guid.NewGuid():N}"[..Math.Min(30, prefix.Length + 10)];

    public async Task ClearRequestLogAsync()
    {
        using var response = await Admin.DeleteAsync("_emulator/requests");
        response.EnsureSuccessStatusCode();
    }

    /// <summary>(method, path) of every mutating API call since the log was cleared.</summary>
    public async Task<IReadOnlyList<string>> MutatingCallsAsync()
    {
        var log = await Admin.GetFromJsonAsync<JsonObject>("_emulator/requests");
        return log!["requests"]!.AsArray()
            .Where(r => r!["mutating"]!.GetValue<bool>())
            .Select(r => $"{r!["method"]} {r["path"]}")
            .ToArray();
    }
}
