using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using JobFinder.Ops.Google.Json;

namespace JobFinder.Ops.Monitoring.Diff;

/// <summary>Brings a resource's JSON to a canonical form so "what we declared" and "what the API
/// returned" compare equal when they mean the same thing. proto3 JSON omits default values, so absent,
/// null, empty lists, empty maps, empty strings, zero numbers and enum defaults (<c>*_UNSPECIFIED</c>,
/// <c>ALIGN_NONE</c>, <c>REDUCE_NONE</c>) all read as "unset" and are dropped; durations are re-written
/// the way the API writes them (<c>"300.000s"</c> → <c>"300s"</c>); numbers compare as doubles.</summary>
internal static partial class JsonCanonical
{
    public static JsonObject Normalize(JsonObject value) => (JsonObject?)Clean(value) ?? [];

    public static JsonNode? Clean(JsonNode? node)
    {
        switch (node)
        {
            case null:
                return null;
            case JsonObject obj:
                var result = new JsonObject();
                foreach (var (key, child) in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    if (Clean(child) is { } cleaned)
                    {
                        result[key] = cleaned;
                    }
                }

                return result.Count == 0 ? null : result;
            case JsonArray array:
                var items = new JsonArray();
                foreach (var item in array)
                {
                    // Keep list positions: an item that cleans to nothing is still an (empty) item.
                    items.Add(Clean(item) ?? new JsonObject());
                }

                return items.Count == 0 ? null : items;
            case JsonValue value:
                return CleanValue(value);
            default:
                return node.DeepClone();
        }
    }

    /// <summary>Equality after <see cref="Clean"/> (numbers by value).</summary>
    public static bool Equal(JsonNode? a, JsonNode? b) => JsonNode.DeepEquals(Clean(a), Clean(b));

    /// <summary>Short one-line rendering of a value for diffs.</summary>
    public static string Show(JsonNode? node)
    {
        var text = node?.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) ?? "(unset)";
        return text.Length > 120 ? text[..117] + "..." : text;
    }

    private static JsonNode? CleanValue(JsonValue value)
    {
        switch (value.GetValueKind())
        {
            case JsonValueKind.String:
                var text = value.GetValue<string>();
                if (text.Length == 0 || text.EndsWith("_UNSPECIFIED", StringComparison.Ordinal) || text is "ALIGN_NONE" or "REDUCE_NONE")
                {
                    return null;
                }

                if (DurationText().IsMatch(text) && GoogleDurationConverter.TryParse(text, out var duration))
                {
                    return duration == TimeSpan.Zero ? null : JsonValue.Create(GoogleDurationConverter.Format(duration));
                }

                return JsonValue.Create(text);
            case JsonValueKind.Number:
                var number = double.Parse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);
                return number == 0 ? null : JsonValue.Create(number);
            case JsonValueKind.True:
                return JsonValue.Create(true);
            case JsonValueKind.False:
                return JsonValue.Create(false);
            case JsonValueKind.Null:
                return null;
            default:
                return value.DeepClone();
        }
    }

    [GeneratedRegex(@"^-?\d+(\.\d+)?s$")]
    private static partial Regex DurationText();
}
