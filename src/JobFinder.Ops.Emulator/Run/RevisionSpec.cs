using System.Text.Json.Nodes;

namespace JobFinder.Ops.Emulator.Run;

/// <summary>What a new revision runs: from a function's buildConfig/serviceConfig or a Run template.</summary>
public sealed record RevisionSpec(
    string FunctionId,
    string EntryPoint,
    IReadOnlyDictionary<string, string> Environment,
    int TimeoutSeconds,
    JsonObject Template,
    IReadOnlyDictionary<string, string> ServiceLabels,
    IReadOnlyDictionary<string, string> ServiceAnnotations)
{
    public const string StartupFaultVariable = "EMULATOR_FAULT_STARTUP";

    public bool FailsStartup =>
        Environment.TryGetValue(StartupFaultVariable, out var value) && string.Equals(value, "fail", StringComparison.OrdinalIgnoreCase);
}
