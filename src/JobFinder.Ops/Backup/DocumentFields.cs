using System.Text.Json;

namespace JobFinder.Ops.Backup;

/// <summary>Field hashes of Firestore REST documents (<c>fields</c> maps of typed values): a SHA-256
/// per field over the value's canonical JSON (object members in ordinal order, so the same value hashes
/// the same whichever order the API lists a map's keys in), and the first field two sets of hashes
/// disagree on.</summary>
internal static class DocumentFields
{
    public static Dictionary<string, string> Hashes(JsonElement document)
    {
        var hashes = new Dictionary<string, string>(StringComparer.Ordinal);
        if (document.TryGetProperty("fields", out var fields) && fields.ValueKind == JsonValueKind.Object)
        {
            foreach (var field in fields.EnumerateObject())
            {
                hashes[field.Name] = Sha256Streams.Hash(Canonical(field.Value));
            }
        }

        return hashes;
    }

    /// <summary>The first difference of <paramref name="actual"/> from <paramref name="expected"/>, in
    /// field-name order, or null when they are equal.</summary>
    public static string? FirstDifference(IReadOnlyDictionary<string, string> expected, IReadOnlyDictionary<string, string> actual)
    {
        foreach (var (name, hash) in expected.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            if (!actual.TryGetValue(name, out var other))
            {
                return $"field '{name}' is missing";
            }

            if (!string.Equals(hash, other, StringComparison.OrdinalIgnoreCase))
            {
                return $"field '{name}' has another value";
            }
        }

        return actual.Keys.Where(k => !expected.ContainsKey(k)).Order(StringComparer.Ordinal).FirstOrDefault() is { } extra ? $"field '{extra}' was added" : null;
    }

    private static byte[] Canonical(JsonElement value)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, value);
        }

        return buffer.ToArray();
    }

    private static void Write(Utf8JsonWriter writer, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var member in value.EnumerateObject().OrderBy(m => m.Name, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(member.Name);
                    Write(writer, member.Value);
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in value.EnumerateArray())
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            default:
                value.WriteTo(writer);
                break;
        }
    }
}
