using JobFinder.Ops.Emulator.Auth;

namespace JobFinder.Ops.Emulator.Runtime;

/// <summary>One request to a deployed revision.</summary>
public sealed class FunctionInvocation
{
    public required HttpContext HttpContext { get; init; }

    public required string ProjectId { get; init; }

    public required string Location { get; init; }

    /// <summary>The Cloud Functions id (e.g. <c>submitJob</c>); the Run service id is its lower-case form.</summary>
    public required string FunctionId { get; init; }

    public required string ServiceId { get; init; }

    /// <summary>Short revision id, e.g. <c>submitjob-00002-abc</c>.</summary>
    public required string RevisionName { get; init; }

    public required string EntryPoint { get; init; }

    /// <summary>The revision's <c>serviceConfig.environmentVariables</c>.</summary>
    public required IReadOnlyDictionary<string, string> EnvironmentVariables { get; init; }

    /// <summary>The function's own path: what follows the service prefix (<c>/</c> when nothing).</summary>
    public required string FunctionPath { get; init; }

    public required IIdTokenValidator IdTokens { get; init; }

    public IServiceProvider Services => HttpContext.RequestServices;

    public HttpRequest Request => HttpContext.Request;

    public HttpResponse Response => HttpContext.Response;
}
