namespace JobFinder.Ops.Model;

/// <summary>One plain (non-secret) environment variable of a function, with the file it came from
/// (<c>.env</c>, <c>.env.staging</c>, <c>functions.yaml</c>) so a diff can say where a value was set.</summary>
public sealed record EnvironmentVariable(string Name, string Value, string Source);
