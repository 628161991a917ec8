using Google.Apis.Auth.OAuth2;

namespace JobFinder.Ops.Google;

/// <summary>
/// Holds the last access token for up to a minute. Google.Apis.Auth caches tokens too, but asking it
/// for one (its refresh manager's lock, clock and async chain) measured ~45 µs per call, a sixth of a
/// whole loopback API call (bench rest-overhead). The library hands out a token only while it has
/// minutes left (it refreshes well before expiry), so reusing it for a minute never sends an expired
/// one; a 401 drops it at once so the next attempt asks the library again.
/// </summary>
internal sealed class AccessTokenCache(ITokenAccess credential, TimeProvider time)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(1);

    private volatile Entry? _entry;

    public ValueTask<string> GetAsync(CancellationToken cancellationToken)
    {
        var entry = _entry;
        return entry is not null && time.GetElapsedTime(entry.FetchedAt) < MaxAge
            ? ValueTask.FromResult(entry.Token)
            : new ValueTask<string>(FetchAsync(cancellationToken));
    }

    /// <summary>True when no token is held (never fetched, or invalidated).</summary>
    public bool IsEmpty => _entry is null;

    /// <summary>Forgets the token (the server refused it).</summary>
    public void Invalidate() => _entry = null;

    private async Task<string> FetchAsync(CancellationToken cancellationToken)
    {
        var token = await credential.GetAccessTokenForRequestAsync(authUri: null, cancellationToken).ConfigureAwait(false);
        _entry = new Entry(token, time.GetTimestamp());
        return token;
    }

    private sealed record Entry(string Token, long FetchedAt);
}
