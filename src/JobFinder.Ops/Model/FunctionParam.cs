namespace JobFinder.Ops.Model;

/// <summary>A param the code defines (<c>defineString</c>, <c>defineInt</c>, <c>defineSecret</c>...) with the
/// value it resolved to for the selected project and where that value came from (<c>.env.staging</c>,
/// <c>default</c>, <c>Secret Manager</c>). Secret values are never read: <see cref="Value"/> is null for them.</summary>
public sealed record FunctionParam(string Name, string Type, string? Value, string Source);
