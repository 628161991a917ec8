namespace JobFinder.Ops.Model;

/// <summary>A Google API the codebase's functions need enabled (the manifest's <c>requiredAPIs</c>).</summary>
public sealed record RequiredApi(string Api, string Reason);
