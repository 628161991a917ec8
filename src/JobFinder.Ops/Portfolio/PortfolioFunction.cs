namespace JobFinder.Ops.Portfolio;

/// <summary>A live function of the portfolio project and the traffic it served in the window.</summary>
/// <param name="FunctionName"><c>projects/P/locations/L/functions/F</c>.</param>
/// <param name="FunctionId">The short id (<c>submitJob</c>).</param>
/// <param name="Region">The location.</param>
/// <param name="IsGen1">True for a 1st-gen function (its traffic is execution_count, not a Cloud Run metric).</param>
/// <param name="ServiceId">The Cloud Run service behind a gen2 function; null for gen1.</param>
/// <param name="Requests">Requests (gen2) or executions (gen1) in the window.</param>
public sealed record PortfolioFunction(string FunctionName, string FunctionId, string Region, bool IsGen1, string? ServiceId, long Requests);
