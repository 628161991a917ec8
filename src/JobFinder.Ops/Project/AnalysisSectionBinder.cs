using JobFinder.Ops.Model;

namespace JobFinder.Ops.Project;

/// <summary>Applies an <c>analysis</c> section: rates are fractions 0..1 and latency limits positive
/// (otherwise ThresholdOutOfRange).</summary>
internal static class AnalysisSectionBinder
{
    public static AnalysisThresholds Apply(AnalysisThresholds current, JsonSection section)
    {
        section.EnsureKnown("maxErrorRate", "maxTimeoutRate", "maxP95Ms", "minRequests", "maxErrorRateIncreaseOverStable",
            "inconclusivePolicy", "maxBakeExtensions", "syntheticProbes", "probeCount",
            "falseRollbackRate", "missedRegressionRate", "regressionRatio", "maxBakeMultiple");
        return current with
        {
            MaxErrorRate = section.Rate("maxErrorRate") ?? current.MaxErrorRate,
            MaxTimeoutRate = section.Rate("maxTimeoutRate") ?? current.MaxTimeoutRate,
            MaxP95Ms = section.PositiveThreshold("maxP95Ms") ?? current.MaxP95Ms,
            MinRequests = section.IntRange("minRequests", 0, 1_000_000) ?? current.MinRequests,
            MaxErrorRateIncreaseOverStable = section.Rate("maxErrorRateIncreaseOverStable") ?? current.MaxErrorRateIncreaseOverStable,
            InconclusivePolicy = section.Enum<InconclusivePolicy>("inconclusivePolicy") ?? current.InconclusivePolicy,
            MaxBakeExtensions = section.IntRange("maxBakeExtensions", 0, 20) ?? current.MaxBakeExtensions,
            SyntheticProbes = section.Bool("syntheticProbes") ?? current.SyntheticProbes,
            ProbeCount = section.IntRange("probeCount", 1, 1000) ?? current.ProbeCount,
            FalseRollbackRate = section.Rate("falseRollbackRate") ?? current.FalseRollbackRate,
            MissedRegressionRate = section.Rate("missedRegressionRate") ?? current.MissedRegressionRate,
            RegressionRatio = section.PositiveThreshold("regressionRatio") ?? current.RegressionRatio,
            MaxBakeMultiple = section.PositiveThreshold("maxBakeMultiple") ?? current.MaxBakeMultiple,
        };
    }
}
