using System.Text.Json.Nodes;

namespace JobFinder.Ops.Emulator.Infrastructure;

/// <summary>A Google API error. Handlers either <c>throw</c> it (the error middleware writes it) or
/// <c>return</c> it (it is also an <see cref="IResult"/>); either way the body follows the endpoint's
/// <see cref="ErrorStyle"/>. Build instances with <see cref="GoogleErrors"/>.</summary>
public sealed class GoogleApiException : Exception, IResult
{
    public GoogleApiException(RpcCode code, string message, JsonArray? details = null, int? httpStatus = null, string? legacyReason = null)
        : base(message)
    {
        Code = code;
        HttpStatus = httpStatus ?? code.HttpStatus;
        Details = details ?? [];
        LegacyReason = legacyReason;
    }

    public RpcCode Code { get; }

    public int HttpStatus { get; }

    /// <summary>google.rpc detail messages, each with <c>@type</c>.</summary>
    public JsonArray Details { get; }

    /// <summary>Reason for the older error shape (<c>notFound</c>, <c>conditionNotMet</c>...); derived when null.</summary>
    public string? LegacyReason { get; }

    /// <summary>Sent as <c>Retry-After</c> (seconds) when set.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>The HTTP error body.</summary>
    public JsonObject ToEnvelope(ErrorStyle style)
    {
        var error = new JsonObject { ["code"] = HttpStatus, ["message"] = Message };
        if (style == ErrorStyle.Legacy)
        {
            error["errors"] = new JsonArray(new JsonObject
            {
                ["message"] = Message,
                ["domain"] = "global",
                ["reason"] = LegacyReason ?? DeriveLegacyReason(),
            });
        }
        else
        {
            error["status"] = Code.Name;
            if (Details.Count > 0)
            {
                error["details"] = Details.DeepClone();
            }
        }

        return new JsonObject { ["error"] = error };
    }

    /// <summary>The google.rpc.Status used inside a long-running operation: gRPC number, no status name.</summary>
    public JsonObject ToRpcStatus()
    {
        var status = new JsonObject { ["code"] = Code.Number, ["message"] = Message };
        if (Details.Count > 0)
        {
            status["details"] = Details.DeepClone();
        }

        return status;
    }

    public Task ExecuteAsync(HttpContext httpContext)
    {
        var style = httpContext.GetApiMetadata()?.ErrorStyle ?? ErrorStyle.Google;
        httpContext.Response.StatusCode = HttpStatus;
        if (RetryAfter is { } delay)
        {
            httpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(delay.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return GoogleJson.WriteAsync(httpContext.Response, ToEnvelope(style));
    }

    private string DeriveLegacyReason() => HttpStatus switch
    {
        400 => "invalid",
        401 => "required",
        403 => "forbidden",
        404 => "notFound",
        409 => "conflict",
        412 => "conditionNotMet",
        429 => "rateLimitExceeded",
        503 => "backendError",
        _ => "backendError",
    };
}
