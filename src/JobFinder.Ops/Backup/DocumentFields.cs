using System.Text.Json;

namespace JobFinder.Ops.Backup;

/// <summary>Field-by-field comparison of two Firestore REST documents (<c>fields</c> maps of typed
/// values), reporting the first field that differs.</summary>
internal static class DocumentFields
{
    public static string? FirstDifference(JsonElement expected, JsonElement actual)
    {
        var left = Fields(expected);
        var right = Fields(actual);
        foreach (var (name, value) in left)
        {
            if (!right.TryGetValue(name, out var other))
            {
                return $"field '{name}' is missing";
            }

            if (!JsonElement.DeepEquals(value, other))
            {
                return $"field '{name}' is {Short(other)} instead of {Short(value)}";
            }
        }

        return right.Keys.FirstOrDefault(k => !left.ContainsKey(k)) is { } extra ? $"field '{extra}' was added" : null;
    }

    private static Dictionary<string, JsonElement> Fields(JsonElement document) =>
        document.TryGetProperty("fields", out var fields) && fields.ValueKind == JsonValueKind.Object
            ? fields.EnumerateObject().ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal)
            : [];

    private static string Short(JsonElement value)
    {
        var text = value.GetRawText();
        return text.Length <= 80 ? text : text[..77] + "...";
    }
}
