using System.Text.Json;
using JobFinder.Ops.Backup;
using JobFinder.Ops.Errors;
using JobFinder.Ops.Google.Firestore;
using JobFinder.Ops.Google.Json;

namespace JobFinder.Ops.Rollout;

/// <summary>A single-field override as firestore.indexes.json declares it (firebase-tools' format:
/// <c>collectionGroup</c>, <c>fieldPath</c>, <c>ttl</c>, <c>indexes: [{order|arrayConfig, queryScope}]</c>),
/// as the Firestore Admin Field it becomes (firestore-v1.json, GoogleFirestoreAdminV1Field: indexConfig,
/// ttlConfig).</summary>
public sealed record FieldOverrideDefinition(string CollectionGroup, string FieldPath, bool Ttl, IReadOnlyList<FirestoreIndex> Indexes)
{
    /// <summary>The Field resource body (no name): every declared index, and an empty ttlConfig when TTL is on.</summary>
    public FirestoreField ToField() => new()
    {
        IndexConfig = new IndexConfig { Indexes = [.. Indexes] },
        TtlConfig = Ttl ? new TtlConfig() : null,
    };

    /// <summary>The declared indexes in the words live overrides are described with, order-insensitive.</summary>
    public string IndexesText => FieldOverrideDefinitions.IndexesText(ToField());
}

/// <summary>Reads the <c>fieldOverrides</c> of a firestore.indexes.json, and names what else the file
/// holds that no deployment step deploys (a warning, never silence).</summary>
public static class FieldOverrideDefinitions
{
    private static readonly string[] KnownTopLevel = ["indexes", "fieldOverrides"];
    private static readonly string[] KnownEntry = ["collectionGroup", "fieldPath", "ttl", "indexes"];

    public static (IReadOnlyList<FieldOverrideDefinition> Overrides, IReadOnlyList<string> NotDeployed) Read(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var root = document.RootElement;
        var notDeployed = new List<string>();
        foreach (var property in root.EnumerateObject().Where(p => !KnownTopLevel.Contains(p.Name, StringComparer.Ordinal)))
        {
            notDeployed.Add($"'{property.Name}' in {Path.GetFileName(path)} (only indexes and fieldOverrides are deployed)");
        }

        if (!root.TryGetProperty("fieldOverrides", out var overrides) || overrides.ValueKind != JsonValueKind.Array)
        {
            return ([], notDeployed);
        }

        var result = new List<FieldOverrideDefinition>();
        var position = 0;
        foreach (var entry in overrides.EnumerateArray())
        {
            var where = $"fieldOverrides[{position++}]";
            var group = entry.TryGetProperty("collectionGroup", out var g) && g.ValueKind == JsonValueKind.String ? g.GetString() : null;
            var fieldPath = entry.TryGetProperty("fieldPath", out var f) && f.ValueKind == JsonValueKind.String ? f.GetString() : null;
            if (string.IsNullOrEmpty(group) || string.IsNullOrEmpty(fieldPath))
            {
                throw new JobFinderConfigurationException("IndexesFileInvalid", $"{where} needs a collectionGroup and a fieldPath.", path, field: where);
            }

            foreach (var unknown in entry.EnumerateObject().Where(p => !KnownEntry.Contains(p.Name, StringComparer.Ordinal)))
            {
                notDeployed.Add($"'{unknown.Name}' of {where} ({group}.{fieldPath})");
            }

            var ttl = entry.TryGetProperty("ttl", out var t) && t.ValueKind == JsonValueKind.True;
            result.Add(new FieldOverrideDefinition(group, fieldPath, ttl, ReadIndexes(entry, fieldPath, where, path)));
        }

        return (result, notDeployed);
    }

    /// <summary>Each entry <c>{order|arrayConfig, queryScope}</c> is a one-field index on the field itself.</summary>
    private static List<FirestoreIndex> ReadIndexes(JsonElement entry, string fieldPath, string where, string path)
    {
        var indexes = new List<FirestoreIndex>();
        if (!entry.TryGetProperty("indexes", out var list) || list.ValueKind != JsonValueKind.Array)
        {
            return indexes;
        }

        var i = 0;
        foreach (var element in list.EnumerateArray())
        {
            try
            {
                var scope = element.Deserialize(GoogleJsonContext.Default.FirestoreIndex)?.QueryScope ?? QueryScope.Collection;
                var field = element.Deserialize(GoogleJsonContext.Default.IndexField) ?? new IndexField();
                if (field.Order is null && field.ArrayConfig is null)
                {
                    throw new JobFinderConfigurationException("IndexesFileInvalid", $"{where}.indexes[{i}] needs an order or an arrayConfig.", path, field: $"{where}.indexes[{i}]");
                }

                indexes.Add(new FirestoreIndex { QueryScope = scope, Fields = [field with { FieldPath = fieldPath }] });
            }
            catch (JsonException ex)
            {
                throw new JobFinderConfigurationException("IndexesFileInvalid", $"{where}.indexes[{i}] does not have the shape of a field index: {ex.Message}", path, field: $"{where}.indexes[{i}]", inner: ex);
            }

            i++;
        }

        return indexes;
    }

    /// <summary>A field's single-field indexes as one comparable line (sorted), e.g. <c>Collection Ascending</c>.</summary>
    public static string IndexesText(FirestoreField field) =>
        string.Join("; ", FirestoreDescriptions.Field(field with { Name = field.Name ?? "fields/x" }).Indexes.Split("; ", StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));

    /// <summary>How a live override reads in the plan: its indexes and, when it has one, its TTL state.</summary>
    public static string Describe(FirestoreField field) =>
        $"indexes [{IndexesText(field)}]{(field.TtlConfig is { } ttl ? $", TTL {ttl.State ?? "set"}" : "")}";
}
