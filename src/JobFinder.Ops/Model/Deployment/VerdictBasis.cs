namespace JobFinder.Ops.Model;

/// <summary>What decided a <see cref="CanaryVerdict"/>.</summary>
public enum VerdictBasis
{
    /// <summary>An absolute limit (error rate, timeout rate, p95) on the canary's visible data.</summary>
    AbsoluteLimit,

    /// <summary>The sequential test of canary against stable reached a bound.</summary>
    SequentialTest,

    /// <summary>The bake's data was visible and nothing pointed at a regression (no errors or latency
    /// buckets to weigh, or the test below its pass bound).</summary>
    NoRegressionShown,

    /// <summary>The maximum wait passed without the test reaching its fail bound.</summary>
    MaximumWait,

    /// <summary>Too little real traffic for the test: the fixed rules on real traffic plus synthetic probes.</summary>
    ThinTraffic,
}
