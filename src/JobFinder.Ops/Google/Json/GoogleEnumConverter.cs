using System.Collections.Frozen;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace JobFinder.Ops.Google.Json;

/// <summary>Reads and writes an enum as Google's name for it (<c>TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST</c>).
/// The wire name is the member name in UPPER_SNAKE_CASE, with an underscore before each digit run
/// (<c>Gen2</c> → <c>GEN_2</c>), unless the member carries <see cref="JsonStringEnumMemberNameAttribute"/>.
/// Unknown names read as the enum's zero value (every Google enum's <c>*_UNSPECIFIED</c>): Google adds
/// enum values without a version bump, and one new state must not make a whole list unreadable.</summary>
public sealed class GoogleEnumConverter<TEnum> : JsonConverter<TEnum>
    where TEnum : struct, Enum
{
    private static readonly FrozenDictionary<TEnum, string> s_toWire = BuildNames();
    private static readonly FrozenDictionary<string, TEnum> s_fromWire =
        s_toWire.ToFrozenDictionary(pair => pair.Value, pair => pair.Key, StringComparer.Ordinal);

    public override TEnum Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var number))
        {
            // Only seen when a client asks for enum-encoding=int; we never do, but reading it costs nothing.
            return (TEnum)Enum.ToObject(typeof(TEnum), number);
        }

        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"Expected a string for {typeof(TEnum).Name}, got {reader.TokenType}.");
        }

        return s_fromWire.TryGetValue(reader.GetString()!, out var value) ? value : default;
    }

    public override void Write(Utf8JsonWriter writer, TEnum value, JsonSerializerOptions options) =>
        writer.WriteStringValue(s_toWire.TryGetValue(value, out var name) ? name : value.ToString());

    /// <summary>The wire name of <paramref name="value"/>; used for query parameters too.</summary>
    public static string ToWire(TEnum value) => s_toWire.TryGetValue(value, out var name) ? name : value.ToString();

    private static FrozenDictionary<TEnum, string> BuildNames()
    {
        var names = new Dictionary<TEnum, string>();
        foreach (var field in typeof(TEnum).GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            var value = (TEnum)field.GetValue(null)!;
            var custom = field.GetCustomAttribute<JsonStringEnumMemberNameAttribute>();
            names.TryAdd(value, custom?.Name ?? ToUpperSnake(field.Name));
        }

        return names.ToFrozenDictionary();
    }

    internal static string ToUpperSnake(string pascal)
    {
        var builder = new StringBuilder(pascal.Length + 8);
        for (var i = 0; i < pascal.Length; i++)
        {
            var c = pascal[i];
            if (i > 0)
            {
                var previous = pascal[i - 1];
                var wordStart = char.IsUpper(c) && (char.IsLower(previous) || char.IsDigit(previous)
                    || (char.IsUpper(previous) && i + 1 < pascal.Length && char.IsLower(pascal[i + 1])));
                var digitStart = char.IsDigit(c) && !char.IsDigit(previous);
                if (wordStart || digitStart)
                {
                    builder.Append('_');
                }
            }

            builder.Append(char.ToUpperInvariant(c));
        }

        return builder.ToString();
    }
}
