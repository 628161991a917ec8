namespace JobFinder.Ops.Smoke;

/// <summary>Keeps minted tokens per key (one per audience for OIDC, one for the Firebase user) and
/// mints again once a token is within <see cref="RefreshMargin"/> of its expiry, so a long-lived runner
/// (Watch, a schedule in one process) never sends an expired token — the failure of the old script's
/// pasted <c>$PRODUCTION_AUTH_TOKEN</c>. Concurrent callers share one mint.</summary>
internal sealed class ExpiringTokenCache(TimeProvider time)
{
    /// <summary>Google's tokens last an hour; five minutes covers clock skew and a slow check.</summary>
    public static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(5);

    private readonly Dictionary<string, MintedToken> _tokens = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>How many tokens were minted (for tests and diagnostics; never the tokens).</summary>
    public int MintCount { get; private set; }

    public async Task<string> GetAsync(string key, Func<CancellationToken, Task<MintedToken>> mint, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_tokens.TryGetValue(key, out var cached) && time.GetUtcNow() < cached.ExpiresAt - RefreshMargin)
            {
                return cached.Value;
            }

            var minted = await mint(cancellationToken).ConfigureAwait(false);
            MintCount++;
            _tokens[key] = minted;
            return minted.Value;
        }
        finally
        {
            _gate.Release();
        }
    }
}

/// <summary>A token and when it stops being accepted.</summary>
internal sealed record MintedToken(string Value, DateTimeOffset ExpiresAt)
{
    public override string ToString() => $"MintedToken {{ ExpiresAt = {ExpiresAt:O} }}";
}
