namespace JobFinder.Ops.Model;

/// <summary>One function of the old portfolio project: the requests it served in the window and
/// what the clean-up did with it.</summary>
public sealed record PortfolioFunctionResult
{
    /// <summary>The function id (<c>submitJob</c>).</summary>
    public required string Name { get; init; }

    public required string Region { get; init; }

    public required string ProjectId { get; init; }

    /// <summary>Requests (gen2) or executions (gen1) in the last <see cref="Window"/>, from Cloud Monitoring.</summary>
    public required long Requests { get; init; }

    public required TimeSpan Window { get; init; }

    public required PortfolioFunctionAction Action { get; init; }

    /// <summary>Why it was kept or skipped; null when removed.</summary>
    public string? Reason { get; init; }

    /// <summary><c>projects/P/locations/L/functions/F</c>.</summary>
    public required string FunctionName { get; init; }
}
