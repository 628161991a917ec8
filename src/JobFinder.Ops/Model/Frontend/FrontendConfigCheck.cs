namespace JobFinder.Ops.Model;

/// <summary>One setting of the frontend's env file compared with what is deployed.</summary>
public sealed record FrontendConfigCheck
{
    /// <summary>The variable (<c>VITE_SUBMIT_JOB_URL</c>).</summary>
    public required string Key { get; init; }

    public required FrontendCheckStatus Status { get; init; }

    /// <summary>What the variable should hold (a function URL, the functions base URL, the project id or region).</summary>
    public string? Expected { get; init; }

    /// <summary>What the file says.</summary>
    public required string Actual { get; init; }

    /// <summary>The deployed function the key refers to, when it refers to one.</summary>
    public string? Function { get; init; }

    /// <summary>Why it failed, or what it matched.</summary>
    public required string Reason { get; init; }

    /// <summary>The env file and 1-based line.</summary>
    public required string File { get; init; }

    public int Line { get; init; }
}
