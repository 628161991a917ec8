using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace JobFinder.Ops.Monitoring.Export;

/// <summary>Writes JSON values as block-style YAML that reads back to the same values: strings are
/// double-quoted (JSON escapes are valid YAML escapes) unless they are plainly safe words, numbers and
/// booleans are plain, empty lists and maps are flow-style.</summary>
internal static partial class YamlEmitter
{
    public static void Mapping(StringBuilder output, JsonObject mapping, int indent)
    {
        foreach (var (key, value) in mapping)
        {
            if (value is null)
            {
                continue;
            }

            output.Append(' ', indent).Append(Key(key)).Append(':');
            Value(output, value, indent);
        }
    }

    /// <summary>A list item: <c>- </c> then the item; mappings continue on the dash's line.</summary>
    public static void Item(StringBuilder output, JsonNode value, int indent)
    {
        output.Append(' ', indent).Append("- ");
        if (value is JsonObject { Count: > 0 } mapping)
        {
            var inner = new StringBuilder();
            Mapping(inner, mapping, indent + 2);
            output.Append(inner.ToString().TrimStart());
            return;
        }

        Scalar(output, value);
        output.Append('\n');
    }

    private static void Value(StringBuilder output, JsonNode value, int indent)
    {
        switch (value)
        {
            case JsonObject { Count: 0 }:
                output.Append(" {}\n");
                break;
            case JsonArray { Count: 0 }:
                output.Append(" []\n");
                break;
            case JsonObject mapping:
                output.Append('\n');
                Mapping(output, mapping, indent + 2);
                break;
            case JsonArray list:
                output.Append('\n');
                foreach (var item in list)
                {
                    Item(output, item ?? JsonValue.Create(""), indent + 2);
                }

                break;
            default:
                output.Append(' ');
                Scalar(output, value);
                output.Append('\n');
                break;
        }
    }

    private static void Scalar(StringBuilder output, JsonNode value)
    {
        switch (value.GetValueKind())
        {
            case JsonValueKind.String:
                var text = value.GetValue<string>();
                output.Append(PlainSafe().IsMatch(text) && !IsReserved(text) ? text : JsonSerializer.Serialize(text, ExportJson.Options));
                break;
            case JsonValueKind.Number:
                output.Append(double.Parse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture).ToString("R", CultureInfo.InvariantCulture));
                break;
            default:
                output.Append(value.ToJsonString());
                break;
        }
    }

    private static string Key(string key) => PlainSafe().IsMatch(key) && !IsReserved(key) ? key : JsonSerializer.Serialize(key, ExportJson.Options);

    private static bool IsReserved(string text) =>
        text is "true" or "false" or "True" or "False" or "TRUE" or "FALSE" or "null" or "Null" or "NULL" or "~" or "yes" or "no" or "on" or "off" or "y" or "n"
        || double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_./-]*$")]
    private static partial Regex PlainSafe();
}
