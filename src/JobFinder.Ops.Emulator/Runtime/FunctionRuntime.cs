using System.Diagnostics;
using System.Text.Json.Nodes;
using JobFinder.Ops.Emulator.Auth;
using JobFinder.Ops.Emulator.Hosting;
using JobFinder.Ops.Emulator.Infrastructure;
using JobFinder.Ops.Emulator.Metrics;
using JobFinder.Ops.Emulator.Run;

namespace JobFinder.Ops.Emulator.Runtime;

/// <summary>Serves deployed functions at <c>/_run/{project}/{location}/{service}/...</c> (split per request
/// by the serving traffic weights, LATEST = latest Ready revision) and <c>/_run/{project}/{location}/{tag}---{service}/...</c>
/// (the tagged revision). Applies the revision's fault knobs, runs its behavior, and records a metric sample.
/// A request that "times out" waits min(timeoutSeconds, profile cap) — 200 ms in the fast profile — before its
/// 504, but is recorded with the full timeout as its latency, as Cloud Run would.</summary>
public sealed class FunctionRuntime(RunStore run, MetricStore metrics, IEnumerable<IFunctionBehavior> behaviors, IIdTokenValidator idTokens, InvokerCheck invokers, EmulatorContext context, TimeProvider time)
{
    private readonly IReadOnlyDictionary<string, IFunctionBehavior> byEntryPoint =
        behaviors.GroupBy(b => b.EntryPoint, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);

    public static void Map(IEndpointRouteBuilder routes) =>
        routes.Map("/_run/{project}/{location}/{target}/{**path}", (HttpContext http, FunctionRuntime runtime) => runtime.ServeAsync(http));

    public async Task ServeAsync(HttpContext http)
    {
        var project = http.RouteString("project");
        var location = http.RouteString("location");
        var target = http.RouteString("target");
        var separator = target.IndexOf("---", StringComparison.Ordinal);
        var tag = separator > 0 ? target[..separator] : null;
        var serviceId = separator > 0 ? target[(separator + 3)..] : target;
        var now = time.GetUtcNow();
        var revision = run.TryRead(RunStore.ServiceName(project, location, serviceId), s => new Box(Choose(s, tag, now)));
        if (revision is null)
        {
            await WriteErrorAsync(http, 404, "NOT_FOUND", $"Service {serviceId} was not found in {project}/{location}.").ConfigureAwait(false);
            return;
        }

        if (!invokers.Allows(http, RunStore.ServiceName(project, location, serviceId)))
        {
            await WriteForbiddenAsync(http, serviceId).ConfigureAwait(false);
            return;
        }

        if (revision.Value is null)
        {
            await WriteErrorAsync(http, 503, "UNAVAILABLE", tag is null ? "No Ready revision serves this service." : $"Tag {tag} does not route to a Ready revision.").ConfigureAwait(false);
            return;
        }

        await InvokeAsync(http, project, location, serviceId, revision.Value).ConfigureAwait(false);
    }

    private async Task InvokeAsync(HttpContext http, string project, string location, string serviceId, RunRevision revision)
    {
        var stopwatch = Stopwatch.StartNew();
        // Every answer of a revision names it, its injected 500s and 504s too (the contract), so a load
        // test can tell a canary's own errors from downtime.
        http.Response.Headers["x-emulator-revision"] = revision.Id;
        var knobs = FaultKnobs.From(revision.Environment);
        double? recordedLatency = null;
        if (knobs.AddedLatency > TimeSpan.Zero)
        {
            await Task.Delay(knobs.AddedLatency, http.RequestAborted).ConfigureAwait(false);
        }

        if (knobs.TimeoutRate > 0 && Random.Shared.NextDouble() < knobs.TimeoutRate)
        {
            var timeout = TimeSpan.FromSeconds(revision.TimeoutSeconds);
            await Task.Delay(timeout < context.Timings.RuntimeTimeoutCap ? timeout : context.Timings.RuntimeTimeoutCap, http.RequestAborted).ConfigureAwait(false);
            recordedLatency = knobs.AddedLatency.TotalMilliseconds + timeout.TotalMilliseconds;
            await WriteErrorAsync(http, 504, "DEADLINE_EXCEEDED", "upstream request timeout").ConfigureAwait(false);
        }
        else if (knobs.ErrorRate > 0 && Random.Shared.NextDouble() < knobs.ErrorRate)
        {
            await WriteErrorAsync(http, 500, "INTERNAL", "Internal Server Error").ConfigureAwait(false);
        }
        else if (knobs.RejectTokenStatus is { } rejected && http.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            // The callable protocol's codes for a refused caller and their HTTP statuses
            // (https://firebase.google.com/docs/functions/callable-reference#response_body).
            await WriteErrorAsync(http, rejected, rejected == 401 ? "UNAUTHENTICATED" : "PERMISSION_DENIED",
                rejected == 401 ? "The ID token was rejected." : "The caller lacks the permission this function requires.").ConfigureAwait(false);
        }
        else
        {
            var invocation = new FunctionInvocation
            {
                HttpContext = http,
                ProjectId = project,
                Location = location,
                FunctionId = revision.FunctionId,
                ServiceId = serviceId,
                RevisionName = revision.Id,
                EntryPoint = revision.EntryPoint,
                EnvironmentVariables = revision.Environment,
                FunctionPath = "/" + http.RouteString("path"),
                IdTokens = idTokens,
            };
            if (byEntryPoint.TryGetValue(revision.EntryPoint, out var behavior))
            {
                await behavior.HandleAsync(invocation).ConfigureAwait(false);
            }
            else
            {
                await DefaultFunctionBehavior.HandleAsync(invocation).ConfigureAwait(false);
            }
        }

        metrics.Record(new RequestSample(
            time.GetUtcNow(), project, location, serviceId, revision.Id, http.Response.StatusCode,
            recordedLatency ?? stopwatch.Elapsed.TotalMilliseconds));
    }

    /// <summary>Weighted random pick over the serving split (or the tagged revision).</summary>
    private static RunRevision? Choose(RunService service, string? tag, DateTimeOffset now)
    {
        if (tag is not null)
        {
            var tagged = service.TaggedRevision(tag, now);
            return tagged?.IsReady(now) == true ? tagged : null;
        }

        var split = service.ServingSplit(now);
        var total = split.Sum(s => s.Percent);
        if (total == 0)
        {
            return null;
        }

        var roll = Random.Shared.Next(total);
        foreach (var (revision, percent) in split)
        {
            if (roll < percent)
            {
                return revision;
            }

            roll -= percent;
        }

        return split[^1].Revision;
    }

    private static Task WriteErrorAsync(HttpContext http, int status, string code, string message)
    {
        http.Response.StatusCode = status;
        return GoogleJson.WriteAsync(http.Response, new JsonObject
        {
            ["error"] = new JsonObject { ["code"] = status, ["status"] = code, ["message"] = message },
        });
    }

    /// <summary>Cloud Run's own 403 page (the Google Front End's, not a JSON error of the function).</summary>
    private static Task WriteForbiddenAsync(HttpContext http, string serviceId)
    {
        http.Response.StatusCode = 403;
        http.Response.ContentType = "text/html; charset=UTF-8";
        return http.Response.WriteAsync(
            "<html><head><title>403 Forbidden</title></head><body><h1>Error: Forbidden</h1>" +
            $"<h2>Your client does not have permission to get URL <code>{System.Net.WebUtility.HtmlEncode(http.Request.Path)}</code> from this server (service {System.Net.WebUtility.HtmlEncode(serviceId)}).</h2></body></html>");
    }

    private sealed record Box(RunRevision? Value);
}
