using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using JobFinder.Ops.Model;

namespace JobFinder.Ops.Backup;

/// <summary>Source-generated JSON for the files a backup writes (manifest.json, snapshot.json, the
/// export object list): camelCase, indented for people reading them in the bucket, enums as names.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    WriteIndented = true,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(BackupManifest))]
[JsonSerializable(typeof(LiveSnapshot))]
[JsonSerializable(typeof(BackupContents))]
[JsonSerializable(typeof(ExportObjectRecord))]
[JsonSerializable(typeof(List<ExportObjectRecord>))]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(JsonObject))]
internal sealed partial class BackupJsonContext : JsonSerializerContext;
