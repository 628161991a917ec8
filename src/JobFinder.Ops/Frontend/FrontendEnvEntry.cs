namespace JobFinder.Ops.Frontend;

/// <summary>One <c>KEY=value</c> of a frontend env file, with its 1-based line.</summary>
public sealed record FrontendEnvEntry(string Key, string Value, int Line);
