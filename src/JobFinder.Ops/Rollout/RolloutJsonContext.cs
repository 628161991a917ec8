using System.Text.Json.Serialization;
using JobFinder.Ops.Model;

namespace JobFinder.Ops.Rollout;

/// <summary>Source-generated JSON for the journal and the lock: camelCase, enums as names, indented so
/// a person can read a journal file.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    IgnoreReadOnlyProperties = true)]
[JsonSerializable(typeof(DeploymentRecord))]
[JsonSerializable(typeof(LockOwner))]
[JsonSerializable(typeof(StagingSmokeEvidence))]
internal sealed partial class RolloutJsonContext : JsonSerializerContext;
