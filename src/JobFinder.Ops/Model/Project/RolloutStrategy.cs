namespace JobFinder.Ops.Model;

/// <summary>Traffic-shifting presets, named as AWS SAM names them so users recognise them.</summary>
public enum RolloutStrategy
{
    /// <summary>Steps <c>[100]</c>, no bake.</summary>
    AllAtOnce,
    /// <summary>Steps <c>[10, 100]</c>, bake 5 minutes at 10%.</summary>
    Canary10Percent5Minutes,
    /// <summary>Steps <c>[10, 20, ..., 100]</c>, bake 1 minute at each.</summary>
    Linear10PercentEvery1Minute,
    /// <summary>Steps and bake time given explicitly.</summary>
    Custom,
}
