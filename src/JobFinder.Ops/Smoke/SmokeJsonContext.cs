using System.Text.Json.Serialization;
using JobFinder.Ops.Model;

namespace JobFinder.Ops.Smoke;

/// <summary>Source-generated JSON metadata for what the smoke runner writes (JSON-lines logs, JWT headers).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(SmokeReport))]
[JsonSerializable(typeof(System.Text.Json.JsonElement))]
internal sealed partial class SmokeJsonContext : JsonSerializerContext;
