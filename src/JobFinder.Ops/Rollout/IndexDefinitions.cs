using System.Text.Json;
using JobFinder.Ops.Errors;
using JobFinder.Ops.Google.Firestore;
using JobFinder.Ops.Google.Json;

namespace JobFinder.Ops.Rollout;

/// <summary>A composite index as firestore.indexes.json declares it, with a canonical key so a
/// declared index and a live one compare equal regardless of spelling.</summary>
public sealed record IndexDefinition(string CollectionGroup, FirestoreIndex Index)
{
    /// <summary><c>COLLECTION|status ASCENDING,postedAt DESCENDING</c>; Firestore's implicit trailing
    /// <c>__name__</c> field is dropped so a live index matches its declaration.</summary>
    public string Key => KeyOf(CollectionGroup, Index);

    public string QueryScopeText => Index.QueryScope?.ToString() is { } scope ? Wire(scope) : "COLLECTION";

    public string FieldsText => FieldsOf(Index);

    public static string KeyOf(string collectionGroup, FirestoreIndex index) =>
        $"{collectionGroup}|{(index.QueryScope is { } s ? Wire(s.ToString()) : "COLLECTION")}|{FieldsOf(index)}";

    public static string FieldsOf(FirestoreIndex index) => string.Join(", ",
        (index.Fields ?? []).Where(f => f.FieldPath != "__name__")
            .Select(f => $"{f.FieldPath} {(f.Order is { } o ? Wire(o.ToString()) : f.ArrayConfig is { } a ? Wire(a.ToString()) : "VECTOR")}"));

    // Enum member names (Ascending, CollectionGroup) back to the wire spelling used in files and keys.
    private static string Wire(string name) =>
        string.Concat(name.Select((c, i) => i > 0 && char.IsUpper(c) ? "_" + c : c.ToString())).ToUpperInvariant();
}

/// <summary>Reads the <c>indexes</c> of a firestore.indexes.json (firebase-tools' format).</summary>
public static class IndexDefinitions
{
    public static IReadOnlyList<IndexDefinition> Read(string path)
    {
        using var document = Parse(path);
        try
        {
            if (!document.RootElement.TryGetProperty("indexes", out var indexes) || indexes.ValueKind != JsonValueKind.Array)
            {
                return [];
            }

            var result = new List<IndexDefinition>();
            var position = 0;
            foreach (var element in indexes.EnumerateArray())
            {
                var group = element.TryGetProperty("collectionGroup", out var g) && g.ValueKind == JsonValueKind.String ? g.GetString()! : null;
                var index = element.Deserialize(GoogleJsonContext.Default.FirestoreIndex);
                if (group is null || index?.Fields is not { Count: > 0 })
                {
                    throw new JobFinderConfigurationException("IndexesFileInvalid", $"indexes[{position}] needs a collectionGroup and at least one field.", path, field: $"indexes[{position}]");
                }

                result.Add(new IndexDefinition(group, index with { Name = null, State = null }));
                position++;
            }

            return result;
        }
        catch (JsonException ex)
        {
            throw new JobFinderConfigurationException("IndexesFileInvalid", $"An index does not have the shape of a Firestore index: {ex.Message}", path, ex.LineNumber + 1, ex.BytePositionInLine + 1, inner: ex);
        }
    }

    /// <summary>A syntax error is IndexesFileMalformed (as FirebaseJsonMalformed and OpsSettingsMalformed),
    /// so scripts can tell a broken file from a well-formed file with a wrong index.</summary>
    private static JsonDocument Parse(string path)
    {
        try
        {
            return JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            throw new JobFinderConfigurationException("IndexesFileMalformed", $"Not valid JSON: {ex.Message}", path, ex.LineNumber + 1, ex.BytePositionInLine + 1, inner: ex);
        }
    }

    /// <summary>The collection group of a live index name (<c>.../collectionGroups/{group}/indexes/{id}</c>).</summary>
    public static string CollectionGroupOf(string indexName)
    {
        var parts = indexName.Split('/');
        var at = Array.IndexOf(parts, "collectionGroups");
        return at >= 0 && at + 1 < parts.Length ? parts[at + 1] : "";
    }
}
