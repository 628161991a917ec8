namespace JobFinder.Ops.Model;

/// <summary>Smoke-test settings: how many checks run at once, the latency SLA, credentials, the checks.</summary>
public sealed record SmokeSettings
{
    /// <summary>Checks run at once. Default 10.</summary>
    public int Concurrency { get; init; } = 10;

    /// <summary>p95 latency SLA over all checks, in ms. Default 5000 (the plan's figure).</summary>
    public double P95SlaMs { get; init; } = 5000;

    public SmokeAuthSettings Auth { get; init; } = new();

    public IReadOnlyList<SmokeCheckDefinition> Checks { get; init; } = [];
}
