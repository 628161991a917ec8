namespace JobFinder.Ops.Monitoring.Specs;

/// <summary>What an SLO measures.</summary>
internal enum SloKind
{
    /// <summary>Share of requests not answered 5xx (request_count good/total ratio).</summary>
    Availability,

    /// <summary>Share of requests faster than a threshold (request_latencies distribution cut).</summary>
    Latency,
}
