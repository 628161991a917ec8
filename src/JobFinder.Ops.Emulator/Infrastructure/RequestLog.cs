using System.Text.Json.Nodes;
using JobFinder.Ops.Emulator.Auth;

namespace JobFinder.Ops.Emulator.Infrastructure;

/// <summary>Every API request served (not admin, not the function runtime), newest last, bounded so a
/// long demo does not grow memory without limit. Tests use it to prove a rejected input made no mutating call.</summary>
public sealed class RequestLog
{
    public const int Capacity = 10_000;

    private readonly Lock gate = new();
    private readonly Queue<RequestLogEntry> entries = new();
    private long sequence;

    public void Add(RequestLogEntry entry)
    {
        lock (gate)
        {
            entries.Enqueue(entry with { Seq = ++sequence });
            while (entries.Count > Capacity)
            {
                entries.Dequeue();
            }
        }
    }

    public IReadOnlyList<RequestLogEntry> Snapshot()
    {
        lock (gate)
        {
            return entries.ToList();
        }
    }

    public void Clear()
    {
        lock (gate)
        {
            entries.Clear();
        }
    }
}

public sealed record RequestLogEntry(long Seq, DateTimeOffset Time, string Method, string Path, string Api, int Status, bool Mutating, string Principal)
{
    public JsonObject ToJson() => new()
    {
        ["seq"] = Seq,
        ["time"] = GoogleJson.Timestamp(Time),
        ["method"] = Method,
        ["path"] = Path,
        ["api"] = Api,
        ["status"] = Status,
        ["mutating"] = Mutating,
        ["principal"] = Principal,
    };
}

/// <summary>Records API requests in the <see cref="RequestLog"/> once the response status is known.</summary>
public sealed class RequestLogMiddleware(RequestDelegate next, RequestLog log, TimeProvider time)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path;
        if (path.StartsWithSegments("/_emulator") || path.StartsWithSegments("/_run"))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        var started = time.GetUtcNow();
        try
        {
            await next(context).ConfigureAwait(false);
        }
        finally
        {
            log.Add(new RequestLogEntry(
                0,
                started,
                context.Request.Method,
                path.Value ?? "/",
                context.GetApiMetadata()?.Label ?? context.GetEndpoint()?.Metadata.GetMetadata<GrpcApiMetadata>()?.Label ?? "unknown",
                context.Response.StatusCode,
                MutationClassifier.IsMutating(context),
                context.TryGetPrincipal()?.Id ?? "anonymous"));
        }
    }
}
