using JobFinder.Ops.Emulator.Hosting;
using JobFinder.Ops.Google;
using JobFinder.Ops.Google.Operations;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace JobFinder.Ops.Tests.Google;

/// <summary>
/// The start of every emulator-backed xunit fixture: one in-process emulator (fast profile) per test
/// class, reached the way a user would, with the deployer's service-account key file (its token_uri
/// sends the JWT-bearer exchange to the emulator) and fast retries and polling. Fixtures add their
/// own deploy helpers on top.
/// </summary>
public abstract class EmulatorConnectionFixture : IAsyncLifetime
{
    public const string Project = "jobfinder-staging";
    public const string Location = "us-central1";

    public RunningEmulator Emulator { get; private set; } = null!;

    public GoogleConnection Connection { get; private set; } = null!;

    public string Host => Emulator.BaseAddress.Authority;

    /// <summary>Waits until requests served so far show in Cloud Monitoring: as on Google, a sample counts once
    /// its period is complete and the visibility delay has passed (fast profile: 1 s periods, 3 s delay).</summary>
    public Task WaitForVisibleMetricsAsync()
    {
        var monitoring = Emulator.Services.GetRequiredService<EmulatorContext>().Monitoring;
        return Task.Delay(monitoring.SamplePeriod + monitoring.VisibilityDelay + TimeSpan.FromMilliseconds(500));
    }

    public virtual async Task InitializeAsync()
    {
        Emulator = await EmulatorHost.StartAsync(new EmulatorOptions { Port = 0, Profile = LatencyProfile.Fast });
        Connection = await ConnectAsync(Emulator.KeyFilePath);
    }

    public virtual async Task DisposeAsync()
    {
        Connection.Dispose();
        await Emulator.DisposeAsync();
    }

    /// <summary>Another connection to the same emulator, e.g. with the read-only key.</summary>
    public Task<GoogleConnection> ConnectAsync(string keyFilePath) =>
        GoogleConnection.ConnectAsync(new GoogleClientOptions
        {
            KeyFilePath = keyFilePath,
            EmulatorHost = Host,
            Retry = TestConnections.FastRetry,
            Polling = OperationPollOptions.Fast,
            Environment = _ => null,
        });
}
