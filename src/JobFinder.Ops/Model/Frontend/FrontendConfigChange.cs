namespace JobFinder.Ops.Model;

/// <summary>One line Update-JobFinderFrontendConfig changed (or, under -WhatIf, would change): a setting of
/// the frontend's env file, or a function's row of the endpoints table in a docs file.</summary>
public sealed record FrontendConfigChange
{
    /// <summary>The file written.</summary>
    public required string File { get; init; }

    /// <summary>The env variable (<c>VITE_SUBMIT_JOB_URL</c>), or the function id of a docs table row.</summary>
    public required string Key { get; init; }

    /// <summary>The previous value; null for a row the table did not have.</summary>
    public string? OldValue { get; init; }

    /// <summary>The new value; null for a row removed from the table.</summary>
    public string? NewValue { get; init; }

    /// <summary>1-based line of the setting in the env file (0 for a docs row).</summary>
    public int Line { get; init; }

    /// <summary>False under -WhatIf or when the change was not confirmed.</summary>
    public bool Written { get; init; }

    /// <summary>The diff line -WhatIf prints: <c>KEY: old -> new</c>.</summary>
    public override string ToString() => $"{Key}: {OldValue ?? "(none)"} -> {NewValue ?? "(removed)"}";
}
