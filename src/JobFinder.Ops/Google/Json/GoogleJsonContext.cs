using System.Text.Json.Serialization;
using JobFinder.Ops.Google.Operations;

namespace JobFinder.Ops.Google.Json;

/// <summary>Source-generated (reflection-free) JSON metadata for every wire type, with Google's
/// conventions: lowerCamelCase names, nulls omitted, int64 read from strings (and written as strings
/// where the model says so), durations as <c>"60s"</c>, timestamps as RFC 3339 UTC. Enums carry their
/// own <see cref="GoogleEnumConverter{TEnum}"/>.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowReadingFromString,
    Converters = [typeof(GoogleDurationConverter), typeof(GoogleNullableDurationConverter), typeof(GoogleTimestampConverter), typeof(GoogleNullableTimestampConverter)])]
[JsonSerializable(typeof(Operation))]
[JsonSerializable(typeof(ListOperationsResponse))]
[JsonSerializable(typeof(Empty))]
public sealed partial class GoogleJsonContext : JsonSerializerContext;
