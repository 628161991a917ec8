namespace JobFinder.Ops.Model;

/// <summary>When the canary analysis passes, fails or cannot tell. Defaults are the plan's numbers.</summary>
public sealed record AnalysisThresholds
{
    /// <summary>Fail when more than this fraction of the canary's requests are 5xx. Default 0.10.</summary>
    public double MaxErrorRate { get; init; } = 0.10;

    /// <summary>Fail when more than this fraction of the canary's requests time out. Default 0.20.</summary>
    public double MaxTimeoutRate { get; init; } = 0.20;

    /// <summary>Fail when the canary's p95 latency exceeds this many milliseconds. Default 5000.</summary>
    public double MaxP95Ms { get; init; } = 5000;

    /// <summary>Fewer requests than this (real plus synthetic) is Inconclusive. Default 20.</summary>
    public int MinRequests { get; init; } = 20;

    /// <summary>Fail when the canary's error rate exceeds the stable revision's by more than this
    /// (absolute fraction), even under <see cref="MaxErrorRate"/>. Default 0.05.</summary>
    public double MaxErrorRateIncreaseOverStable { get; init; } = 0.05;

    /// <summary>The sequential test's rate of rolling back a release as good as stable (α). Default 0.01.</summary>
    public double FalseRollbackRate { get; init; } = 0.01;

    /// <summary>The sequential test's rate of passing a release RegressionRatio times worse (β), where its
    /// pass bound lies. Default 0.05.</summary>
    public double MissedRegressionRate { get; init; } = 0.05;

    /// <summary>The error-rate ratio, canary over stable, the sequential test is built to tell from 1. Default 2.</summary>
    public double RegressionRatio { get; init; } = 2;

    /// <summary>A step whose test has not decided when its bake's data is visible keeps reading new
    /// buckets until this many bake times of data are visible, then passes. Default 3.</summary>
    public double MaxBakeMultiple { get; init; } = 3;

    public InconclusivePolicy InconclusivePolicy { get; init; } = InconclusivePolicy.ExtendBake;

    /// <summary>How many times an Inconclusive step may bake again before it fails. Default 2.</summary>
    public int MaxBakeExtensions { get; init; } = 2;

    /// <summary>Send synthetic probes to the canary tag URL when real traffic is too thin. Default true.</summary>
    public bool SyntheticProbes { get; init; } = true;

    /// <summary>Probes per step when probing. Default 20.</summary>
    public int ProbeCount { get; init; } = 20;

    /// <summary>One line, as Format-List shows it inside a {...} list: the record's default ToString dumped every member, with generic and compiler-generated list type names.</summary>
    public override string ToString() =>
        FormattableString.Invariant($"errors <= {MaxErrorRate:P0}, timeouts <= {MaxTimeoutRate:P0}, p95 <= {MaxP95Ms:0} ms, min {MinRequests} requests");
}
