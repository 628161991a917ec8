using System.Globalization;
using System.Text.Json.Nodes;

namespace JobFinder.Ops.Emulator.Firestore;

/// <summary>Builders and readers for Firestore's typed JSON values (the <c>Value</c> schema).</summary>
internal static class FirestoreValues
{
    public static JsonObject String(string value) => new() { ["stringValue"] = value };

    /// <summary>int64 travels as a JSON string.</summary>
    public static JsonObject Integer(long value) => new() { ["integerValue"] = value.ToString(CultureInfo.InvariantCulture) };

    public static JsonObject Double(double value) => new() { ["doubleValue"] = value };

    public static JsonObject Boolean(bool value) => new() { ["booleanValue"] = value };

    public static JsonObject Null() => new() { ["nullValue"] = "NULL_VALUE" };

    public static JsonObject Timestamp(DateTimeOffset value) => new() { ["timestampValue"] = FormatTimestamp(value) };

    public static JsonObject Array(IEnumerable<JsonObject> values) => new() { ["arrayValue"] = new JsonObject { ["values"] = new JsonArray([.. values]) } };

    public static JsonObject Map(JsonObject fields) => new() { ["mapValue"] = new JsonObject { ["fields"] = fields } };

    public static string FormatTimestamp(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary>Plain JSON → Firestore value (callable functions receive plain JSON).</summary>
    public static JsonObject FromPlain(JsonNode? node) => node switch
    {
        null => Null(),
        JsonObject obj => Map(new JsonObject(obj.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)FromPlain(p.Value))))),
        JsonArray array => Array(array.Select(FromPlain)),
        JsonValue value when value.TryGetValue<bool>(out var b) => Boolean(b),
        JsonValue value when value.TryGetValue<long>(out var l) => Integer(l),
        JsonValue value when value.TryGetValue<double>(out var d) => Double(d),
        _ => String(node.ToString()),
    };

    /// <summary>Firestore value → plain JSON (what callable functions return).</summary>
    public static JsonNode? ToPlain(JsonNode? value)
    {
        if (value is not JsonObject typed || typed.Count == 0)
        {
            return null;
        }
        var (kind, inner) = typed.First();
        return kind switch
        {
            "stringValue" or "timestampValue" or "referenceValue" or "bytesValue" => JsonValue.Create((string?)inner),
            "integerValue" => JsonValue.Create(long.Parse((string)inner!, CultureInfo.InvariantCulture)),
            "doubleValue" => JsonValue.Create(inner!.GetValue<double>()),
            "booleanValue" => JsonValue.Create(inner!.GetValue<bool>()),
            "mapValue" => PlainFields(inner?["fields"] as JsonObject),
            "arrayValue" => new JsonArray([.. (inner?["values"] as JsonArray ?? []).Select(v => ToPlain(v))]),
            "geoPointValue" => inner?.DeepClone(),
            _ => null,
        };
    }

    public static JsonObject PlainFields(JsonObject? fields) =>
        new((fields ?? []).Select(p => KeyValuePair.Create(p.Key, ToPlain(p.Value))));

    public static JsonObject TypedFields(JsonObject plain) =>
        new(plain.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)FromPlain(p.Value))));
}
