using System.Globalization;
using JobFinder.Ops.Model;

namespace JobFinder.Ops.Watch;

/// <summary>The plan's rollback triggers after a deployment: error rate over 10%, timeouts over 20%,
/// total failure (every request failing, or every smoke check of the function failing).</summary>
public sealed record WatchTriggers
{
    public double MaxErrorRate { get; init; } = 0.10;

    public double MaxTimeoutRate { get; init; } = 0.20;

    /// <summary>Rates are judged only over at least this many requests (one failing request of two is noise).</summary>
    public int MinRequests { get; init; } = 10;

    /// <summary>Every one of at least this many requests failing is a total failure.</summary>
    public int TotalFailureRequests { get; init; } = 3;

    /// <summary>The trigger that fires for these numbers, or null, with the reason either way.</summary>
    public (string? Trigger, string Reason) Evaluate(long requests, long errors, long timeouts, bool? smokePassed, int smokeChecks)
    {
        string F(double value) => (value * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";
        var errorRate = requests == 0 ? 0 : (double)errors / requests;
        var timeoutRate = requests == 0 ? 0 : (double)timeouts / requests;
        if ((requests >= TotalFailureRequests && errors == requests) || (smokePassed == false && smokeChecks > 0 && requests == 0))
        {
            return ("TotalFailure", requests > 0 ? $"all {requests} request(s) failed" : "every smoke check failed and no request succeeded");
        }

        if (requests >= MinRequests && timeoutRate > MaxTimeoutRate)
        {
            return ("TimeoutRate", $"timeout rate {F(timeoutRate)} ({timeouts}/{requests}) is over {F(MaxTimeoutRate)}");
        }

        if (requests >= MinRequests && errorRate > MaxErrorRate)
        {
            return ("ErrorRate", $"error rate {F(errorRate)} ({errors}/{requests}) is over {F(MaxErrorRate)}");
        }

        return (null, requests == 0
            ? $"no traffic in the window{(smokePassed is null ? "" : smokePassed.Value ? "; smoke passed" : "; smoke failed")}"
            : $"{requests} request(s): error rate {F(errorRate)}, timeouts {F(timeoutRate)}{(smokePassed is null ? "" : smokePassed.Value ? "; smoke passed" : "; smoke failed")}");
    }
}
