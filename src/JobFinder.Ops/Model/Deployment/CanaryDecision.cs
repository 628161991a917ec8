namespace JobFinder.Ops.Model;

/// <summary>The outcome of analysing a canary step.</summary>
public enum CanaryDecision
{
    Pass,
    Fail,
    /// <summary>Too few requests to judge; handled by the <see cref="InconclusivePolicy"/>.</summary>
    Inconclusive,
}
