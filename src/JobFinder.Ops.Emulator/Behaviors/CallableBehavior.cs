using System.Text.Json;
using System.Text.Json.Nodes;
using JobFinder.Ops.Emulator.Auth;
using JobFinder.Ops.Emulator.Firestore;
using JobFinder.Ops.Emulator.Infrastructure;
using JobFinder.Ops.Emulator.Runtime;

namespace JobFinder.Ops.Emulator.Behaviors;

/// <summary>A callable-protocol failure: the Firebase status name (INVALID_ARGUMENT, UNAUTHENTICATED...)
/// and a message for the caller.</summary>
internal sealed class CallableException(string status, string message) : Exception(message)
{
    public string Status { get; } = status;

    public static CallableException InvalidArgument(string message) => new("INVALID_ARGUMENT", message);
}

/// <summary>One callable request: the plain-JSON <c>data</c>, who called, and the project's
/// <c>(default)</c> Firestore database.</summary>
internal sealed record CallableRequest(FunctionInvocation Invocation, JsonNode? Data, IdTokenClaims? User, FirestoreDatabase Database)
{
    public IdTokenClaims RequireUser() => User ?? throw new CallableException("UNAUTHENTICATED", "The function must be called while authenticated.");

    public string RequiredString(string key, int maxLength = 2000)
    {
        var value = Data?[key] is JsonValue v && v.TryGetValue<string>(out var s) ? s.Trim() : null;
        if (string.IsNullOrEmpty(value))
        {
            throw CallableException.InvalidArgument($"'{key}' is required.");
        }
        return value.Length <= maxLength ? value : throw CallableException.InvalidArgument($"'{key}' is longer than {maxLength} characters.");
    }

    public string? OptionalString(string key) => Data?[key] is JsonValue v && v.TryGetValue<string>(out var s) && s.Trim().Length > 0 ? s.Trim() : null;
}

/// <summary>The Firebase callable protocol (<c>POST {"data":...}</c> → <c>{"result":...}</c> or
/// <c>{"error":{"status","message"}}</c> with the matching HTTP status), as the firebase-functions SDK
/// serves it: an <c>Authorization: Bearer</c> ID token, when present, must be valid.</summary>
internal abstract class CallableBehavior(FirestoreStore firestore) : IFunctionBehavior
{
    private static readonly Dictionary<string, int> HttpStatusByCode = new(StringComparer.Ordinal)
    {
        ["INVALID_ARGUMENT"] = 400,
        ["FAILED_PRECONDITION"] = 400,
        ["OUT_OF_RANGE"] = 400,
        ["UNAUTHENTICATED"] = 401,
        ["PERMISSION_DENIED"] = 403,
        ["NOT_FOUND"] = 404,
        ["ALREADY_EXISTS"] = 409,
        ["ABORTED"] = 409,
        ["RESOURCE_EXHAUSTED"] = 429,
        ["CANCELLED"] = 499,
        ["INTERNAL"] = 500,
        ["UNIMPLEMENTED"] = 501,
        ["UNAVAILABLE"] = 503,
        ["DEADLINE_EXCEEDED"] = 504,
    };

    public abstract string EntryPoint { get; }

    protected FirestoreStore Firestore => firestore;

    public async Task HandleAsync(FunctionInvocation invocation)
    {
        JsonNode result;
        try
        {
            var request = await ReadAsync(invocation);
            result = await CallAsync(request);
        }
        catch (CallableException error)
        {
            await WriteAsync(invocation, HttpStatusByCode.GetValueOrDefault(error.Status, 500),
                new JsonObject { ["error"] = new JsonObject { ["status"] = error.Status, ["message"] = error.Message } });
            return;
        }
        catch (GoogleApiException error)
        {
            // A Firestore failure inside the function (e.g. a missing document) surfaces as the callable error of the same code.
            await WriteAsync(invocation, error.Code.HttpStatus,
                new JsonObject { ["error"] = new JsonObject { ["status"] = error.Code.Name, ["message"] = error.Message } });
            return;
        }
        await WriteAsync(invocation, 200, new JsonObject { ["result"] = result });
    }

    protected abstract Task<JsonNode> CallAsync(CallableRequest request);

    /// <summary>A plain-JSON view of a stored document with its id.</summary>
    protected static JsonObject Plain(FirestoreDocument document)
    {
        var plain = FirestoreValues.PlainFields(document.Fields());
        plain.Insert(0, "id", document.Path[(document.Path.LastIndexOf('/') + 1)..]);
        return plain;
    }

    private async Task<CallableRequest> ReadAsync(FunctionInvocation invocation)
    {
        if (!HttpMethods.IsPost(invocation.Request.Method))
        {
            throw CallableException.InvalidArgument($"Callable functions accept POST only, not {invocation.Request.Method}.");
        }
        JsonNode? body;
        try
        {
            body = await JsonNode.ParseAsync(invocation.Request.Body, cancellationToken: invocation.HttpContext.RequestAborted);
        }
        catch (JsonException)
        {
            throw CallableException.InvalidArgument("Bad Request: the body is not JSON.");
        }
        if (body is not JsonObject envelope || !envelope.ContainsKey("data"))
        {
            throw CallableException.InvalidArgument("Bad Request: the body must be {\"data\": ...}.");
        }
        IdTokenClaims? user = null;
        var authorization = invocation.Request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            user = invocation.IdTokens.Validate(authorization["Bearer ".Length..].Trim(), invocation.ProjectId)
                ?? throw new CallableException("UNAUTHENTICATED", "Unauthenticated: the ID token is invalid or expired.");
        }
        var database = firestore.GetDatabase(invocation.ProjectId, FirestoreStore.DefaultDatabase);
        return new CallableRequest(invocation, envelope["data"], user, database);
    }

    private static Task WriteAsync(FunctionInvocation invocation, int status, JsonObject body)
    {
        invocation.Response.StatusCode = status;
        return GoogleJson.WriteAsync(invocation.Response, body);
    }
}
