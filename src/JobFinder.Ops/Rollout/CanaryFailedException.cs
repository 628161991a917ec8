using JobFinder.Ops.Errors;
using JobFinder.Ops.Model;

namespace JobFinder.Ops.Rollout;

/// <summary>A canary step failed its analysis (ErrorId <c>CanaryAnalysisFailed</c>); carries the verdict.</summary>
public sealed class CanaryFailedException(CanaryVerdict verdict, string? why = null)
    : JobFinderException("CanaryAnalysisFailed", ErrorKind.InvalidData,
        $"Canary of {verdict.FunctionId} at {verdict.CanaryPercent}% failed: {why ?? verdict.Reason}{(why is null ? "" : $" ({verdict.Reason})")}.", verdict.FunctionId)
{
    public CanaryVerdict Verdict { get; } = verdict;
}
