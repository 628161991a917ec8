using System.Net;
using System.Net.Sockets;
using JobFinder.Ops.Emulator;
using JobFinder.Ops.Google;
using Xunit;

namespace JobFinder.Ops.Tests.Google;

/// <summary>What Get-JobFinderContext and the session's emulator check rely on: which rule chose each
/// API's root, and whether an emulator host accepts connections.</summary>
public sealed class EndpointSourceAndProbeTests
{
    [Fact]
    public void EachRootNamesTheRuleThatChoseIt()
    {
        var environment = new Dictionary<string, string>
        {
            ["JOBFINDER_RUN_URL"] = "http://127.0.0.1:9/run-override/",
            [GoogleEndpoints.EmulatorHostVariable] = "127.0.0.1:8085",
        };
        var endpoints = GoogleEndpoints.Resolve(
            new Dictionary<GoogleService, Uri> { [GoogleService.Storage] = new("http://127.0.0.1:7/") },
            emulatorHost: null,
            name => environment.GetValueOrDefault(name));

        Assert.Equal(GoogleEndpointSource.Override, endpoints.SourceOf(GoogleService.Storage));
        Assert.Equal(GoogleEndpointSource.UrlVariable, endpoints.SourceOf(GoogleService.CloudRun));
        Assert.Equal(GoogleEndpointSource.Emulator, endpoints.SourceOf(GoogleService.Firestore));
        Assert.Equal(new Uri("http://127.0.0.1:8085/firestore/"), endpoints[GoogleService.Firestore]);

        var google = GoogleEndpoints.Resolve(null, null, _ => null);
        Assert.All(GoogleServiceInfo.All, s => Assert.Equal(GoogleEndpointSource.Google, google.SourceOf(s)));
    }

    [Fact]
    public async Task AProbeFindsAListenerAndReportsAClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var host = $"127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";
        Assert.Null(await EmulatorProbe.FindProblemAsync(host, EmulatorProbe.DefaultTimeout, CancellationToken.None));
        Assert.Null(await EmulatorProbe.FindProblemAsync("http://" + host + "/", EmulatorProbe.DefaultTimeout, CancellationToken.None));

        listener.Stop();
        var problem = await EmulatorProbe.FindProblemAsync(host, EmulatorProbe.DefaultTimeout, CancellationToken.None);
        Assert.NotNull(problem);
        Assert.Contains("refused", problem, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task AHostThatIsNotHostAndPortIsAProblemNotAnException() =>
        Assert.Contains("HOST:PORT", await EmulatorProbe.FindProblemAsync("::not a host::", EmulatorProbe.DefaultTimeout, CancellationToken.None), StringComparison.Ordinal);
}
