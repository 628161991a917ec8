using System.Globalization;
using System.Text.Json.Nodes;
using JobFinder.Ops.Google.Json;
using JobFinder.Ops.Project;

namespace JobFinder.Ops.Monitoring.Specs;

/// <summary>Turns a positioned YAML/JSON tree into the API's JSON for a discovery schema: field names
/// checked (snake_case spellings such as gcloud's accepted and mapped to lowerCamelCase), scalars typed
/// (YAML has no types, the API does), enum values and durations checked (durations written as
/// <c>5m</c> or <c>00:05:00</c> become <c>"300s"</c>), server-owned fields dropped. Every produced path
/// is recorded in <see cref="SourcePositions"/>.</summary>
internal sealed class SchemaJsonConverter(SourcePositions positions)
{
    public JsonObject ConvertObject(SpecNode node, string schema, string path)
    {
        var mapping = node as SpecMapping ?? throw positions.Error(MonitoringErrorIds.FieldInvalid, path, $"must be a mapping, not {node.KindName}.");
        positions.Add(path, node);
        var fields = AlertPolicySchema.Fields(schema);
        var result = new JsonObject();
        foreach (var entry in mapping.Entries)
        {
            var name = fields.ContainsKey(entry.Key) ? entry.Key : SnakeToCamel(entry.Key);
            if (!fields.TryGetValue(name, out var field))
            {
                throw UnknownField(entry, path, fields.Keys);
            }

            if (AlertPolicySchema.IsServerOwned(schema, name) || entry.Value is SpecScalar { IsNull: true })
            {
                continue;
            }

            if (result.ContainsKey(name))
            {
                throw positions.Error(MonitoringErrorIds.FieldInvalid, Join(path, name), $"is given twice ('{entry.Key}').");
            }

            result[name] = Convert(entry.Value, field, Join(path, name));
        }

        return result;
    }

    public JsonNode Convert(SpecNode node, SchemaField field, string path)
    {
        positions.Add(path, node);
        if (field.Ref is { } reference)
        {
            return ConvertObject(node, reference, path);
        }

        switch (field.Type)
        {
            case "array":
                var sequence = node as SpecSequence ?? throw WrongType(node, field, path);
                var array = new JsonArray();
                for (var i = 0; i < sequence.Items.Count; i++)
                {
                    array.Add(Convert(sequence.Items[i], field.Items!, $"{path}[{i}]"));
                }

                return array;
            case "object":
                var mapping = node as SpecMapping ?? throw WrongType(node, field, path);
                var map = new JsonObject();
                foreach (var entry in mapping.Entries)
                {
                    map[entry.Key] = field.Values is { Type: not "any" } values ? Convert(entry.Value, values, Join(path, entry.Key)) : Generic(entry.Value);
                }

                return map;
            case "any":
                return Generic(node);
        }

        var scalar = node as SpecScalar ?? throw WrongType(node, field, path);
        var text = scalar.Value ?? "";
        switch (field.Type)
        {
            case "boolean":
                return text switch
                {
                    "true" or "True" or "TRUE" => JsonValue.Create(true),
                    "false" or "False" or "FALSE" => JsonValue.Create(false),
                    _ => throw WrongType(node, field, path),
                };
            case "number":
                return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number)
                    ? JsonValue.Create(number)
                    : throw WrongType(node, field, path);
            case "integer" when field.Format == "int64":
                return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var big) ? JsonValue.Create(big.ToString(CultureInfo.InvariantCulture)) : throw WrongType(node, field, path);
            case "integer":
                return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var whole) ? JsonValue.Create(whole) : throw WrongType(node, field, path);
        }

        if (field.IsDuration)
        {
            return DurationParser.TryParse(text, out var duration)
                ? JsonValue.Create(GoogleDurationConverter.Format(duration))
                : throw positions.Error(MonitoringErrorIds.FieldInvalid, path, $"must be a duration such as \"300s\", not '{text}'.");
        }

        if (field.Enum is { } allowed && !allowed.Contains(text, StringComparer.Ordinal))
        {
            var hint = allowed.FirstOrDefault(a => string.Equals(a, text, StringComparison.OrdinalIgnoreCase));
            throw positions.Error(MonitoringErrorIds.FieldInvalid, path,
                hint is not null ? $"'{text}' must be written '{hint}'." : $"'{text}' is not one of {string.Join(", ", allowed)}.");
        }

        return JsonValue.Create(text);
    }

    private static JsonNode Generic(SpecNode node) => node switch
    {
        SpecMapping m => new JsonObject(m.Entries.Select(e => KeyValuePair.Create(e.Key, (JsonNode?)Generic(e.Value)))),
        SpecSequence s => new JsonArray(s.Items.Select(i => (JsonNode?)Generic(i)).ToArray()),
        SpecScalar sc => JsonValue.Create(sc.Value ?? ""),
        _ => JsonValue.Create(""),
    };

    private Exception WrongType(SpecNode node, SchemaField field, string path)
    {
        var shown = node is SpecScalar { Value: { } v } ? $"'{v}'" : node.KindName;
        return positions.Error(MonitoringErrorIds.FieldInvalid, path, $"must be {field.Describe()}, not {shown}.");
    }

    private Exception UnknownField(SpecEntry entry, string path, IEnumerable<string> known)
    {
        var suggestion = FieldSuggestion.Closest(entry.Key, known);
        var (_, field) = positions.Locate(path);
        var message = $"{Capitalize(positions.Subject)}: '{Join(path, entry.Key)}' is not a field the API knows" + (suggestion is null ? "." : $"; did you mean '{suggestion}'?");
        return positions.Document.Error(MonitoringErrorIds.FieldUnknown, entry, SpecDocumentLoader.Join(field, entry.Key), message);
    }

    internal static string SnakeToCamel(string name)
    {
        if (!name.Contains('_', StringComparison.Ordinal))
        {
            return name;
        }

        var parts = name.Split('_', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length == 0 ? name : parts[0] + string.Concat(parts.Skip(1).Select(p => char.ToUpperInvariant(p[0]) + p[1..]));
    }

    private static string Join(string parent, string name) => SpecDocumentLoader.Join(parent, name);

    private static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
