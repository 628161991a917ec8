namespace JobFinder.Ops.Model;

/// <summary>What the rollout does when a canary step has too little data to judge.</summary>
public enum InconclusivePolicy
{
    /// <summary>Bake longer (up to <c>MaxBakeExtensions</c> times), then fail.</summary>
    ExtendBake,
    /// <summary>Treat as a failure and roll back.</summary>
    Fail,
}
