namespace JobFinder.Ops.Google.Transport;

/// <summary>When a request may be sent again (AIP-194). Every typed API method picks one explicitly:
/// <list type="bullet">
/// <item><see cref="Read"/>: GETs, LRO polls and read-style POSTs (<c>:test</c>, aggregation queries).
/// Repeating cannot change anything, so 408/429/500/502/503/504, timeouts and network failures retry.</item>
/// <item><see cref="IdempotentWrite"/>: writes whose repetition has the same effect as one call (PATCH with
/// the full intended state, DELETE, a Storage insert guarded by <c>ifGenerationMatch</c>, a create with a
/// client-chosen id, which at worst answers ALREADY_EXISTS). Retried on 503 UNAVAILABLE, on 429 (the
/// front end refused it before it applied), and on network failures.</item>
/// <item><see cref="NonIdempotentWrite"/>: creates with server-assigned ids (alert policies, rulesets,
/// channels) and operation starts (exports): a blind repeat could duplicate. Retried only when the request
/// provably did not apply: 503 UNAVAILABLE, 429 carrying a RetryInfo (the server asked for the retry),
/// or a connection that was never established.</item>
/// <item><see cref="None"/>: never retried.</item>
/// </list></summary>
public sealed class RetryPolicy
{
    public static readonly RetryPolicy Read = new(nameof(Read), [408, 429, 500, 502, 503, 504], retryAfterSend: true, rateLimitNeedsRetryInfo: false);
    public static readonly RetryPolicy IdempotentWrite = new(nameof(IdempotentWrite), [429, 503], retryAfterSend: true, rateLimitNeedsRetryInfo: false);
    public static readonly RetryPolicy NonIdempotentWrite = new(nameof(NonIdempotentWrite), [429, 503], retryAfterSend: false, rateLimitNeedsRetryInfo: true);
    public static readonly RetryPolicy None = new(nameof(None), [], retryAfterSend: false, rateLimitNeedsRetryInfo: false);

    private readonly HashSet<int> _statuses;

    private RetryPolicy(string name, int[] statuses, bool retryAfterSend, bool rateLimitNeedsRetryInfo)
    {
        Name = name;
        _statuses = [.. statuses];
        RetriesAfterSend = retryAfterSend;
        RateLimitNeedsRetryInfo = rateLimitNeedsRetryInfo;
    }

    public string Name { get; }

    /// <summary>True when a failure after the request left (a reset connection, a timeout) may be retried.</summary>
    public bool RetriesAfterSend { get; }

    /// <summary>True when a 429 is retried only if the server attached google.rpc.RetryInfo.</summary>
    public bool RateLimitNeedsRetryInfo { get; }

    public bool AllowsAnyRetry => _statuses.Count > 0;

    public bool RetriesStatus(int status, bool hasRetryInfo) =>
        _statuses.Contains(status) && (status != 429 || !RateLimitNeedsRetryInfo || hasRetryInfo);

    public override string ToString() => Name;
}
