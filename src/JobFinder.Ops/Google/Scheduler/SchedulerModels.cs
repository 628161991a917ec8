namespace JobFinder.Ops.Google.Scheduler;

/// <summary>cloudscheduler-v1 Job, the fields a function's schedule uses (firebase-tools' jobFromEndpoint).</summary>
public sealed record SchedulerJob
{
    public string? Name { get; init; }

    public string? Schedule { get; init; }

    public string? TimeZone { get; init; }

    public SchedulerHttpTarget? HttpTarget { get; init; }

    public SchedulerRetryConfig? RetryConfig { get; init; }

    /// <summary>A duration string as Google writes it (<c>"180s"</c>).</summary>
    public string? AttemptDeadline { get; init; }

    /// <summary>Output only: ENABLED, PAUSED, ...</summary>
    public string? State { get; init; }
}

public sealed record SchedulerHttpTarget
{
    public string? Uri { get; init; }

    public string? HttpMethod { get; init; }

    public SchedulerOidcToken? OidcToken { get; init; }
}

public sealed record SchedulerOidcToken
{
    public string? ServiceAccountEmail { get; init; }

    public string? Audience { get; init; }
}

public sealed record SchedulerRetryConfig
{
    public int? RetryCount { get; init; }

    public string? MaxRetryDuration { get; init; }

    public string? MinBackoffDuration { get; init; }

    public string? MaxBackoffDuration { get; init; }

    public int? MaxDoublings { get; init; }
}
