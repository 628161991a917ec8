using System.Net;
using System.Text.Json;
using JobFinder.Ops.Google.Json;

namespace JobFinder.Ops.Google.Errors;

/// <summary>Turns an error response body (or an LRO's <c>error</c>) into <see cref="GoogleErrorDetails"/>.
/// Reads with <see cref="JsonDocument"/> rather than a bound type because the shapes differ by API and a
/// proxy may answer with HTML; whatever arrives, the caller gets a status and a readable message.</summary>
public static class GoogleErrorParser
{
    private const int MaxRawMessageLength = 300;
    private const string TypePrefix = "type.googleapis.com/google.rpc.";

    public static GoogleErrorDetails FromHttpBody(HttpStatusCode statusCode, string? body)
    {
        var http = (int)statusCode;
        if (!string.IsNullOrWhiteSpace(body))
        {
            try
            {
                using var document = JsonDocument.Parse(body);
                if (document.RootElement.ValueKind == JsonValueKind.Object
                    && document.RootElement.TryGetProperty("error", out var error)
                    && error.ValueKind == JsonValueKind.Object)
                {
                    var status = GetString(error, "status") ?? GoogleStatusCodes.NameOfHttpStatus(http);
                    return Build(http, status, GetString(error, "message"), error);
                }
            }
            catch (JsonException)
            {
                // Not JSON (a load balancer's HTML page): fall through to the raw text.
            }
        }

        return new GoogleErrorDetails
        {
            HttpStatus = http,
            Status = GoogleStatusCodes.NameOfHttpStatus(http),
            Message = RawMessage(statusCode, body),
        };
    }

    /// <summary>An LRO's google.rpc.Status: <c>code</c> is the gRPC number, not HTTP.</summary>
    public static GoogleErrorDetails FromRpcStatus(int grpcCode, string? message, IReadOnlyList<JsonElement>? details)
    {
        var status = GoogleStatusCodes.NameOfGrpcCode(grpcCode);
        var builder = new DetailsReader();
        foreach (var detail in details ?? [])
        {
            builder.Read(detail);
        }

        return builder.ToDetails(GoogleStatusCodes.HttpOfGrpcCode(grpcCode), status, message);
    }

    private static GoogleErrorDetails Build(int http, string status, string? message, JsonElement error)
    {
        var reader = new DetailsReader();
        if (error.TryGetProperty("details", out var details) && details.ValueKind == JsonValueKind.Array)
        {
            foreach (var detail in details.EnumerateArray())
            {
                reader.Read(detail);
            }
        }

        // Storage (and other older APIs): errors[] {domain, reason, message}.
        if (reader.Reason is null && error.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in errors.EnumerateArray())
            {
                reader.Reason ??= GetString(item, "reason");
                reader.Domain ??= GetString(item, "domain");
                message ??= GetString(item, "message");
            }
        }

        return reader.ToDetails(http, status, message);
    }

    private static string RawMessage(HttpStatusCode statusCode, string? body)
    {
        var text = (body ?? string.Empty).Trim().ReplaceLineEndings(" ");
        if (text.Length == 0)
        {
            return $"HTTP {(int)statusCode} {statusCode}";
        }

        return text.Length > MaxRawMessageLength ? text[..MaxRawMessageLength] + "…" : text;
    }

    private static string? GetString(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    /// <summary>Accumulates the google.rpc detail messages we act on.</summary>
    private sealed class DetailsReader
    {
        private readonly Dictionary<string, string> _metadata = new(StringComparer.Ordinal);
        private readonly List<string> _violations = [];
        private TimeSpan? _retryDelay;

        public string? Reason { get; set; }

        public string? Domain { get; set; }

        public void Read(JsonElement detail)
        {
            switch (GetString(detail, "@type"))
            {
                case TypePrefix + "ErrorInfo":
                    Reason ??= GetString(detail, "reason");
                    Domain ??= GetString(detail, "domain");
                    if (detail.TryGetProperty("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object)
                    {
                        foreach (var pair in metadata.EnumerateObject())
                        {
                            _metadata[pair.Name] = pair.Value.ToString();
                        }
                    }

                    break;
                case TypePrefix + "RetryInfo":
                    if (GoogleDurationConverter.TryParse(GetString(detail, "retryDelay"), out var delay))
                    {
                        _retryDelay = delay;
                    }

                    break;
                case TypePrefix + "BadRequest":
                    if (detail.TryGetProperty("fieldViolations", out var violations) && violations.ValueKind == JsonValueKind.Array)
                    {
                        foreach (var violation in violations.EnumerateArray())
                        {
                            _violations.Add($"{GetString(violation, "field")}: {GetString(violation, "description")}");
                        }
                    }

                    break;
            }
        }

        public GoogleErrorDetails ToDetails(int http, string status, string? message) => new()
        {
            HttpStatus = http,
            Status = status,
            Message = string.IsNullOrEmpty(message) ? status : message,
            Reason = Reason,
            Domain = Domain,
            Metadata = _metadata,
            RetryDelay = _retryDelay,
            FieldViolations = _violations,
        };
    }
}
