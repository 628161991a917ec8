using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using JobFinder.Ops.Emulator.Hosting;
using JobFinder.Ops.Events;
using JobFinder.Ops.Google;
using JobFinder.Ops.Google.Operations;
using JobFinder.Ops.Google.Transport;
using Xunit;

namespace JobFinder.Ops.Tests.Reliability;

/// <summary>An in-process emulator (fast profile) with a data path and a fixed port, so a test can stop it
/// and start it again on the same address with the same state (the restart-mid-operation case). The
/// client retries like production (same policies, same deadline) but with millisecond backoffs and more
/// attempts: a sustained 30% fault rate must be survivable without making the suite slow.</summary>
public sealed class FaultFixture : IAsyncLifetime
{
    public const string Project = "jobfinder-staging";

    private int _sequence;

    public string DataPath { get; } = Directory.CreateTempSubdirectory("jf-faults-").FullName;

    public int Port { get; } = FreePort();

    public RunningEmulator Emulator { get; private set; } = null!;

    public GoogleConnection Connection { get; private set; } = null!;

    public HttpClient Admin { get; } = new();

    public static GoogleRetryOptions FastRetries { get; } = new()
    {
        MaxAttempts = 10,
        InitialDelay = TimeSpan.FromMilliseconds(5),
        MaxDelay = TimeSpan.FromMilliseconds(100),
        Deadline = TimeSpan.FromSeconds(30),
        AttemptTimeout = TimeSpan.FromSeconds(20),
    };

    public async Task InitializeAsync()
    {
        await StartEmulatorAsync();
        Admin.BaseAddress = Emulator.BaseAddress;
        Connection = await GoogleConnection.ConnectAsync(new GoogleClientOptions
        {
            KeyFilePath = Emulator.KeyFilePath,
            EmulatorHost = Emulator.BaseAddress.Authority,
            Retry = FastRetries,
            Polling = OperationPollOptions.Fast,
            Environment = _ => null,
        });
    }

    public async Task StartEmulatorAsync() =>
        Emulator = await EmulatorHost.StartAsync(new EmulatorOptions { Port = Port, Profile = LatencyProfile.Fast, DataPath = DataPath });

    public async Task DisposeAsync()
    {
        Connection.Dispose();
        Admin.Dispose();
        await Emulator.DisposeAsync();
        try
        {
            Directory.Delete(DataPath, recursive: true);
        }
        catch (IOException)
        {
            // Temp is cleaned by the OS.
        }
    }

    public GoogleRestClient Client(IEngineEventSink? events = null) => new(Connection, events ?? NullEventSink.Instance);

    public string NewId(string prefix) => $"{prefix}{Interlocked.Increment(ref _sequence)}x{Guid.NewGuid():N}"[..Math.Min(30, prefix.Length + 10)];

    public async Task AdminAsync(HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, "_emulator/" + path) { Content = body is null ? null : JsonContent.Create(body) };
        using var response = await Admin.SendAsync(request);
        response.EnsureSuccessStatusCode();
    }

    public async Task<IReadOnlyList<LoggedRequest>> RequestsAsync()
    {
        var log = await Admin.GetFromJsonAsync<JsonObject>("_emulator/requests");
        return log!["requests"]!.AsArray().Select(r => new LoggedRequest(
            r!["method"]!.GetValue<string>(),
            r["path"]!.GetValue<string>(),
            r["status"]!.GetValue<int>(),
            r["mutating"]!.GetValue<bool>(),
            r["principal"]?.GetValue<string>())).ToArray();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

public sealed record LoggedRequest(string Method, string Path, int Status, bool Mutating, string? Principal);
