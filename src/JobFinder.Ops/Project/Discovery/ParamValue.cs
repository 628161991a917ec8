using System.Globalization;
using System.Text.Json;

namespace JobFinder.Ops.Project.Discovery;

/// <summary>The value of one param as text, with the kinds it may be read as: a param the code declares
/// with a type is read only as that type; a dotenv value no param declares may be read as anything
/// (firebase-tools' <c>ParamValue</c> and <c>envWithTypes</c>).</summary>
internal sealed record ParamValue(string Raw, bool IsString, bool IsNumber, bool IsBoolean, bool IsList)
{
    public static ParamValue Untyped(string raw) => new(raw, true, true, true, true);

    public static ParamValue OfType(string raw, string type) => type switch
    {
        "int" => new(raw, false, true, false, false),
        "boolean" => new(raw, false, false, true, false),
        "list" => new(raw, false, false, false, true),
        _ => new(raw, true, false, false, false),
    };

    // firebase-tools' ParamValue.asBoolean: only these spellings are true.
    public bool AsBoolean() => Raw is "true" or "y" or "yes" or "1";

    public double AsNumber() => double.TryParse(Raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) ? n : double.NaN;

    /// <summary>A JSON list (single quotes allowed) or comma-separated text, as firebase-tools reads it.</summary>
    public IReadOnlyList<string> AsList()
    {
        if (!Raw.Contains('[', StringComparison.Ordinal))
        {
            return Raw.Split(',');
        }

        using var document = JsonDocument.Parse(Raw.Replace('\'', '"'));
        return document.RootElement.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString()! : e.GetRawText()).ToArray();
    }
}
