using System.Text.Json.Nodes;

namespace JobFinder.Ops.Emulator.Run;

/// <summary>What a new revision runs: from a function's buildConfig/serviceConfig or a Run template.
/// <see cref="SourceLocation"/> is the source archive it was built from (<c>gs://bucket/object#generation</c>).</summary>
public sealed record RevisionSpec(
    string FunctionId,
    string EntryPoint,
    IReadOnlyDictionary<string, string> Environment,
    int TimeoutSeconds,
    JsonObject Template,
    IReadOnlyDictionary<string, string> ServiceLabels,
    IReadOnlyDictionary<string, string> ServiceAnnotations,
    string? SourceLocation = null)
{
    public const string StartupFaultVariable = "EMULATOR_FAULT_STARTUP";

    public bool FailsStartup =>
        Environment.TryGetValue(StartupFaultVariable, out var value) && string.Equals(value, "fail", StringComparison.OrdinalIgnoreCase);
}
