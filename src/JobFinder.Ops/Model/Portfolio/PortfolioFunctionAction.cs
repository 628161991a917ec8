namespace JobFinder.Ops.Model;

/// <summary>What Remove-JobFinderPortfolioFunction did with one function.</summary>
public enum PortfolioFunctionAction
{
    /// <summary>Deleted.</summary>
    Removed,
    /// <summary>Named in -Keep: never touched.</summary>
    Kept,
    /// <summary>Still serving traffic (and no -Force), or the user declined the confirmation.</summary>
    Skipped,
    /// <summary>-WhatIf: would have been deleted.</summary>
    WouldRemove,
}
