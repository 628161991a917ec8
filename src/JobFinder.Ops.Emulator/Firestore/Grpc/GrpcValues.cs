using System.Globalization;
using System.Text.Json.Nodes;
using Google.Cloud.Firestore.V1;
using Google.Protobuf;
using Google.Protobuf.Collections;
using Google.Protobuf.WellKnownTypes;
using Value = Google.Cloud.Firestore.V1.Value;
using JobFinder.Ops.Emulator.Infrastructure;

namespace JobFinder.Ops.Emulator.Firestore.Grpc;

/// <summary>Converts between the proto <see cref="Value"/> the gRPC API speaks and the typed JSON value the
/// store keeps (the REST <c>Value</c> schema of firestore-v1.json), so both APIs share one data store and a
/// document written over one reads back identically over the other.</summary>
internal static class GrpcValues
{
    public static void CopyFields(JsonObject fields, MapField<string, Value> target)
    {
        foreach (var (name, value) in fields)
        {
            target[name] = ToProto(value as JsonObject);
        }
    }

    public static Value ToProto(JsonObject? typed)
    {
        if (typed is null || typed.Count == 0)
        {
            return new Value { NullValue = NullValue.NullValue };
        }
        var (kind, inner) = typed.First();
        switch (kind)
        {
            case "nullValue":
                return new Value { NullValue = NullValue.NullValue };
            case "booleanValue":
                return new Value { BooleanValue = inner!.GetValue<bool>() };
            case "integerValue":
                return new Value { IntegerValue = long.Parse(inner!.ToString(), CultureInfo.InvariantCulture) };
            case "doubleValue":
                return new Value { DoubleValue = ReadDouble(inner!) };
            case "timestampValue":
                return new Value { TimestampValue = ParseTimestamp((string)inner!) };
            case "stringValue":
                return new Value { StringValue = (string)inner! };
            case "bytesValue":
                return new Value { BytesValue = ByteString.FromBase64((string)inner!) };
            case "referenceValue":
                return new Value { ReferenceValue = (string)inner! };
            case "geoPointValue":
                return new Value
                {
                    GeoPointValue = new Google.Type.LatLng
                    {
                        Latitude = inner?["latitude"] is { } lat ? ReadDouble(lat) : 0,
                        Longitude = inner?["longitude"] is { } lng ? ReadDouble(lng) : 0,
                    },
                };
            case "arrayValue":
                var array = new ArrayValue();
                array.Values.AddRange((inner?["values"] as JsonArray ?? []).Select(v => ToProto(v as JsonObject)));
                return new Value { ArrayValue = array };
            case "mapValue":
                var map = new MapValue();
                CopyFields(inner?["fields"] as JsonObject ?? [], map.Fields);
                return new Value { MapValue = map };
            default:
                throw GoogleErrors.InvalidArgument($"Unknown Firestore value type '{kind}'.");
        }
    }

    public static JsonObject ToJsonFields(IEnumerable<KeyValuePair<string, Value>> fields) =>
        new(fields.Select(f => KeyValuePair.Create(f.Key, (JsonNode?)ToJson(f.Value))));

    public static JsonObject ToJson(Value value) => value.ValueTypeCase switch
    {
        Value.ValueTypeOneofCase.NullValue => FirestoreValues.Null(),
        Value.ValueTypeOneofCase.BooleanValue => FirestoreValues.Boolean(value.BooleanValue),
        Value.ValueTypeOneofCase.IntegerValue => FirestoreValues.Integer(value.IntegerValue),
        // JSON has no NaN or infinities; the REST API writes them as the strings proto3 JSON uses.
        Value.ValueTypeOneofCase.DoubleValue => double.IsFinite(value.DoubleValue)
            ? FirestoreValues.Double(value.DoubleValue)
            : new JsonObject { ["doubleValue"] = NonFinite(value.DoubleValue) },
        Value.ValueTypeOneofCase.TimestampValue => new JsonObject { ["timestampValue"] = FormatTimestamp(value.TimestampValue) },
        Value.ValueTypeOneofCase.StringValue => FirestoreValues.String(value.StringValue),
        Value.ValueTypeOneofCase.BytesValue => new JsonObject { ["bytesValue"] = value.BytesValue.ToBase64() },
        Value.ValueTypeOneofCase.ReferenceValue => new JsonObject { ["referenceValue"] = value.ReferenceValue },
        Value.ValueTypeOneofCase.GeoPointValue => new JsonObject
        {
            ["geoPointValue"] = new JsonObject { ["latitude"] = value.GeoPointValue.Latitude, ["longitude"] = value.GeoPointValue.Longitude },
        },
        Value.ValueTypeOneofCase.ArrayValue => FirestoreValues.Array(value.ArrayValue.Values.Select(ToJson)),
        Value.ValueTypeOneofCase.MapValue => FirestoreValues.Map(ToJsonFields(value.MapValue.Fields)),
        _ => throw GoogleErrors.InvalidArgument($"Value type {value.ValueTypeCase} is not supported by the emulator's Firestore."),
    };

    /// <summary>Firestore keeps microseconds ("Timestamp ... precise only to microseconds", Firestore data
    /// types); finer nanoseconds are truncated, as Google does.</summary>
    public static string FormatTimestamp(Timestamp timestamp)
    {
        var instant = DateTimeOffset.FromUnixTimeSeconds(timestamp.Seconds).AddTicks(timestamp.Nanos / 1000 * 10);
        return FirestoreValues.FormatTimestamp(instant);
    }

    public static Timestamp ParseTimestamp(string text) =>
        GoogleJson.TryParseTimestamp(text, out var instant)
            ? ToTimestamp(instant)
            : throw GoogleErrors.InvalidArgument($"Invalid timestamp '{text}'.");

    /// <summary>An instant as a proto timestamp truncated to the microsecond the store keeps.</summary>
    public static Timestamp ToTimestamp(DateTimeOffset instant)
    {
        var ticks = instant.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        var seconds = Math.DivRem(ticks, TimeSpan.TicksPerSecond, out var remainder);
        if (remainder < 0)
        {
            seconds--;
            remainder += TimeSpan.TicksPerSecond;
        }
        return new Timestamp { Seconds = seconds, Nanos = (int)(remainder / 10 * 1000) };
    }

    private static double ReadDouble(JsonNode node) => node.GetValueKind() == System.Text.Json.JsonValueKind.String
        ? (string)node! switch
        {
            "NaN" => double.NaN,
            "Infinity" => double.PositiveInfinity,
            "-Infinity" => double.NegativeInfinity,
            var text => double.Parse(text, CultureInfo.InvariantCulture),
        }
        : node.GetValue<double>();

    private static string NonFinite(double value) =>
        double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity";
}
