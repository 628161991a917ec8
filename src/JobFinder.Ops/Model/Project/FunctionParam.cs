namespace JobFinder.Ops.Model;

/// <summary>A param the code defines (<c>defineString</c>, <c>defineInt</c>, <c>defineSecret</c>...) and where
/// its value for the selected project came from (<c>.env.staging</c>, <c>default</c>, <c>Secret Manager</c>).</summary>
public sealed record FunctionParam(string Name, string Type, string Source)
{
    /// <summary>The resolved value. Internal on purpose, like environment variable values: a param's value
    /// is deployed as one, so it stays inside the engine. Null for secrets, which are never read.</summary>
    internal string? Value { get; init; }
}
