using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace JobFinder.Ops.Emulator.Infrastructure;

/// <summary>JSON per Google's REST conventions: lowerCamelCase, nulls omitted, enums as names,
/// int64 as strings, RFC3339 UTC timestamps with 'Z', durations as <c>"1.5s"</c>.</summary>
public static class GoogleJson
{
    public static readonly JsonSerializerOptions Options = CreateOptions(indented: false);

    public static readonly JsonSerializerOptions Indented = CreateOptions(indented: true);

    private const string JsonContentType = "application/json; charset=UTF-8";

    /// <summary>int64/uint64 fields are JSON strings on the wire.</summary>
    public static string Int64(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>RFC3339 in UTC with fractional seconds trimmed to what is needed (like Google: up to 9 digits).</summary>
    public static string Timestamp(DateTimeOffset value)
    {
        var utc = value.UtcDateTime;
        var text = utc.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff", CultureInfo.InvariantCulture).TrimEnd('0').TrimEnd('.');
        return text + "Z";
    }

    public static bool TryParseTimestamp(string? text, out DateTimeOffset value) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value);

    /// <summary>google.protobuf.Duration: seconds with up to 9 fractional digits and an 's' suffix.</summary>
    public static string Duration(TimeSpan value)
    {
        var seconds = (decimal)value.Ticks / TimeSpan.TicksPerSecond;
        return seconds.ToString("0.#########", CultureInfo.InvariantCulture) + "s";
    }

    public static bool TryParseDuration(string? text, out TimeSpan value)
    {
        value = default;
        if (string.IsNullOrEmpty(text) || !text.EndsWith('s'))
        {
            return false;
        }

        if (!decimal.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seconds))
        {
            return false;
        }

        value = TimeSpan.FromTicks((long)(seconds * TimeSpan.TicksPerSecond));
        return true;
    }

    /// <summary>Reads an int64 that may arrive as a JSON string (the wire form) or a number.</summary>
    public static long? ReadInt64(JsonNode? node) => node switch
    {
        null => null,
        JsonValue v when v.TryGetValue<long>(out var number) => number,
        JsonValue v when v.TryGetValue<string>(out var text) && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => null,
    };

    public static IResult Result(JsonNode body, int statusCode = StatusCodes.Status200OK) => new JsonNodeResult(body, statusCode);

    public static async Task WriteAsync(HttpResponse response, JsonNode body)
    {
        response.ContentType = JsonContentType;
        await using var writer = new Utf8JsonWriter(response.Body);
        body.WriteTo(writer, Options);
        await writer.FlushAsync(response.HttpContext.RequestAborted).ConfigureAwait(false);
    }

    private static JsonSerializerOptions CreateOptions(bool indented)
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            WriteIndented = indented,
        };
        options.Converters.Add(new JsonStringEnumConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    private sealed class JsonNodeResult(JsonNode body, int statusCode) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = statusCode;
            return WriteAsync(httpContext.Response, body);
        }
    }
}

public static class HttpContextJsonExtensions
{
    /// <summary>The request body as a JSON object; an empty body is <c>{}</c>; anything else → 400.</summary>
    public static async Task<JsonObject> ReadJsonObjectAsync(this HttpRequest request)
    {
        using var reader = new StreamReader(request.Body);
        var text = await reader.ReadToEndAsync(request.HttpContext.RequestAborted).ConfigureAwait(false);
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }

        try
        {
            return JsonNode.Parse(text) as JsonObject
                ?? throw GoogleErrors.InvalidArgument("Invalid JSON payload received. Expected an object.");
        }
        catch (JsonException ex)
        {
            throw GoogleErrors.InvalidArgument($"Invalid JSON payload received. {ex.Message}");
        }
    }

    /// <summary>Route value as string ("" when absent). Percent-encoded ids like <c>%28default%29</c> arrive decoded.</summary>
    public static string RouteString(this HttpContext context, string key) =>
        context.Request.RouteValues.TryGetValue(key, out var value) ? Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty : string.Empty;
}
