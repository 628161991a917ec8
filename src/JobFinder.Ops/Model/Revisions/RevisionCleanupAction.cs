namespace JobFinder.Ops.Model;

/// <summary>What Remove-JobFinderRevision did with one Cloud Run revision.</summary>
public enum RevisionCleanupAction
{
    /// <summary>Kept by a rule: it serves traffic, carries a tag, is among the newest, or is a recent rollback target.</summary>
    Kept,
    /// <summary>Deleted (and its image with it, unless a kept revision still runs that image).</summary>
    Removed,
    /// <summary>-WhatIf: would have been deleted.</summary>
    WouldRemove,
    /// <summary>Not confirmed, or the delete failed (the reason says which).</summary>
    Skipped,
}
