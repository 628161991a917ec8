namespace JobFinder.Ops.Model;

/// <summary>One function at one poll of <c>Watch-JobFinderDeployment</c>: its live revision's requests,
/// 5xx and timeouts from Cloud Monitoring since the previous poll, the smoke checks' result, and
/// whether a rollback trigger fired (error rate over 10%, timeouts over 20%, total failure).</summary>
public sealed record WatchSample
{
    public required string DeploymentId { get; init; }

    /// <summary>1-based poll number.</summary>
    public required int Poll { get; init; }

    public required DateTimeOffset SampledAt { get; init; }

    /// <summary>Time since the watch began.</summary>
    public required TimeSpan Elapsed { get; init; }

    public required string FunctionId { get; init; }

    /// <summary>Revisions that served the sampled requests (comma separated).</summary>
    public string? Revisions { get; init; }

    public long Requests { get; init; }

    public long Errors { get; init; }

    public long Timeouts { get; init; }

    public double ErrorRate => Requests == 0 ? 0 : (double)Errors / Requests;

    public double TimeoutRate => Requests == 0 ? 0 : (double)Timeouts / Requests;

    public double? P95Ms { get; init; }

    /// <summary>The smoke checks of this function at this poll; null when none ran.</summary>
    public bool? SmokePassed { get; init; }

    /// <summary>The trigger that fired (<c>ErrorRate</c>, <c>TimeoutRate</c>, <c>TotalFailure</c>), or null.</summary>
    public string? Trigger { get; init; }

    public bool Triggered => Trigger is not null;

    /// <summary>Monitoring showed data through this time (complete, visible buckets only; requests of
    /// the last few minutes are not visible yet on Google).</summary>
    public DateTimeOffset? VisibleThrough { get; init; }

    /// <summary>Requests since the watch began, as far as Monitoring shows them.</summary>
    public long TotalRequests { get; init; }

    public long TotalErrors { get; init; }

    /// <summary>The plan's success criterion after a deployment, "&lt; 1% errors", over every visible
    /// request since the watch began; null before any is visible.</summary>
    public bool? SuccessCriterionMet { get; init; }

    /// <summary>Why the trigger fired, or what was seen.</summary>
    public required string Reason { get; init; }
}
