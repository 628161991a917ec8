using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace JobFinder.Ops.Google.Json;

/// <summary>google.protobuf.Duration in JSON: seconds with an <c>s</c> suffix and up to nine fractional
/// digits (<c>"60s"</c>, <c>"0.250s"</c>, <c>"-1.5s"</c>).</summary>
public sealed class GoogleDurationConverter : JsonConverter<TimeSpan>
{
    public override TimeSpan Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString();
        return TryParse(text, out var value)
            ? value
            : throw new JsonException($"'{text}' is not a Google duration (expected e.g. \"60s\").");
    }

    public override void Write(Utf8JsonWriter writer, TimeSpan value, JsonSerializerOptions options) =>
        writer.WriteStringValue(Format(value));

    public static string Format(TimeSpan value)
    {
        var seconds = value.Ticks / (decimal)TimeSpan.TicksPerSecond;
        return seconds.ToString("0.#########", CultureInfo.InvariantCulture) + "s";
    }

    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = default;
        if (string.IsNullOrEmpty(text) || text[^1] != 's'
            || !decimal.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds))
        {
            return false;
        }

        value = TimeSpan.FromTicks((long)(seconds * TimeSpan.TicksPerSecond));
        return true;
    }
}

/// <summary>Nullable twin of <see cref="GoogleDurationConverter"/> (source generation needs one per type).</summary>
public sealed class GoogleNullableDurationConverter : JsonConverter<TimeSpan?>
{
    private static readonly GoogleDurationConverter s_inner = new();

    public override bool HandleNull => false;

    public override TimeSpan? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        s_inner.Read(ref reader, typeof(TimeSpan), options);

    public override void Write(Utf8JsonWriter writer, TimeSpan? value, JsonSerializerOptions options) =>
        s_inner.Write(writer, value!.Value, options);
}
