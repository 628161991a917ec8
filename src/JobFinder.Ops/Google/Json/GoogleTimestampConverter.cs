using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace JobFinder.Ops.Google.Json;

/// <summary>google.protobuf.Timestamp in JSON: RFC 3339 in UTC with a <c>Z</c> suffix and only as many
/// fractional digits as needed (<c>"2024-04-01T12:34:56.123456Z"</c>). Reads any RFC 3339 offset.</summary>
public sealed class GoogleTimestampConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString();
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value)
            ? value
            : throw new JsonException($"'{text}' is not an RFC 3339 timestamp.");
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(Format(value));

    public static string Format(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture) + "Z";
}

/// <summary>Nullable twin of <see cref="GoogleTimestampConverter"/>.</summary>
public sealed class GoogleNullableTimestampConverter : JsonConverter<DateTimeOffset?>
{
    private static readonly GoogleTimestampConverter s_inner = new();

    public override bool HandleNull => false;

    public override DateTimeOffset? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        s_inner.Read(ref reader, typeof(DateTimeOffset), options);

    public override void Write(Utf8JsonWriter writer, DateTimeOffset? value, JsonSerializerOptions options) =>
        s_inner.Write(writer, value!.Value, options);
}
