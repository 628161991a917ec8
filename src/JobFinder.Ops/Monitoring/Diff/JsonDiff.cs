using System.Text.Json.Nodes;

namespace JobFinder.Ops.Monitoring.Diff;

/// <summary>A leaf-level difference between two canonical JSON values, one line per change:
/// <c>~ path: old -> new</c>, <c>+ path: new</c>, <c>- path: old</c>. Lists are compared by position.</summary>
internal static class JsonDiff
{
    public static IReadOnlyList<string> Lines(JsonNode? before, JsonNode? after, string path = "")
    {
        var lines = new List<string>();
        Walk(JsonCanonical.Clean(before), JsonCanonical.Clean(after), path, lines);
        return lines;
    }

    /// <summary>The top-level fields whose canonical values differ: an update mask.</summary>
    public static IReadOnlyList<string> ChangedFields(JsonObject before, JsonObject after, IEnumerable<string> fields) =>
        fields.Where(f => !JsonNode.DeepEquals(JsonCanonical.Clean(before[f]), JsonCanonical.Clean(after[f]))).ToArray();

    private static void Walk(JsonNode? before, JsonNode? after, string path, List<string> lines)
    {
        if (JsonNode.DeepEquals(before, after))
        {
            return;
        }

        switch (before, after)
        {
            // A whole new or removed object or list is shown leaf by leaf, like any other change.
            case (null, JsonObject or JsonArray):
                Walk(after is JsonObject ? new JsonObject() : new JsonArray(), after, path, lines);
                break;
            case (JsonObject or JsonArray, null):
                Walk(before, before is JsonObject ? new JsonObject() : new JsonArray(), path, lines);
                break;
            case (JsonObject a, JsonObject b):
                foreach (var key in a.Select(p => p.Key).Union(b.Select(p => p.Key)).Order(StringComparer.Ordinal))
                {
                    Walk(a[key], b[key], Join(path, key), lines);
                }

                break;
            case (JsonArray a, JsonArray b):
                for (var i = 0; i < Math.Max(a.Count, b.Count); i++)
                {
                    Walk(i < a.Count ? a[i] : null, i < b.Count ? b[i] : null, $"{path}[{i}]", lines);
                }

                break;
            case (null, _):
                lines.Add($"+ {path}: {JsonCanonical.Show(after)}");
                break;
            case (_, null):
                lines.Add($"- {path}: {JsonCanonical.Show(before)}");
                break;
            default:
                lines.Add($"~ {path}: {JsonCanonical.Show(before)} -> {JsonCanonical.Show(after)}");
                break;
        }
    }

    private static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";
}
