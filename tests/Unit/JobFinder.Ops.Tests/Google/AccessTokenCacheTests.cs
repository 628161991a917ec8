using Google.Apis.Auth.OAuth2;
using JobFinder.Ops.Google;
using Xunit;

namespace JobFinder.Ops.Tests.Google;

/// <summary>The REST layer reuses an access token for a minute, asks the credential again after that,
/// and at once after the server refused the token.</summary>
public sealed class AccessTokenCacheTests
{
    [Fact]
    public async Task ReusesTheTokenForAMinuteThenAsksAgain()
    {
        var credential = new CountingCredential();
        var clock = new ManualClock();
        var cache = new AccessTokenCache(credential, clock);

        Assert.Equal("token-1", await cache.GetAsync(CancellationToken.None));
        clock.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal("token-1", await cache.GetAsync(CancellationToken.None));
        Assert.Equal(1, credential.Calls);

        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal("token-2", await cache.GetAsync(CancellationToken.None));
        Assert.Equal(2, credential.Calls);
    }

    [Fact]
    public async Task InvalidateMakesTheNextCallAskTheCredential()
    {
        var credential = new CountingCredential();
        var cache = new AccessTokenCache(credential, new ManualClock());
        await cache.GetAsync(CancellationToken.None);

        cache.Invalidate();

        Assert.Equal("token-2", await cache.GetAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A401FromTheServerDropsTheCachedToken()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.ThenJson(401, LoopbackServer.GoogleError(401, "UNAUTHENTICATED", "token revoked"));
        using var connection = await TestConnections.ForRootAsync(server.BaseAddress);
        var client = new GoogleRestClient(connection);
        await connection.Tokens.GetAsync(CancellationToken.None);
        var cached = connection.Tokens;

        await Assert.ThrowsAnyAsync<Exception>(() => client.SendAsync(new JobFinder.Ops.Google.Transport.GoogleRequest { Service = GoogleService.CloudRun, Method = HttpMethod.Get, Path = "v2/x", Retry = JobFinder.Ops.Google.Transport.RetryPolicy.Read }, CancellationToken.None));

        Assert.True(cached.IsEmpty);
    }

    private sealed class CountingCredential : ITokenAccess
    {
        public int Calls { get; private set; }

        public Task<string> GetAccessTokenForRequestAsync(string? authUri = null, CancellationToken cancellationToken = default) =>
            Task.FromResult($"token-{++Calls}");
    }

    private sealed class ManualClock : TimeProvider
    {
        private long _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _ticks;

        public void Advance(TimeSpan by) => _ticks += by.Ticks;
    }
}
