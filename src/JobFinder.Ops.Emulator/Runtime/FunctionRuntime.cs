using System.Diagnostics;
using JobFinder.Ops.Emulator.Hosting;
using JobFinder.Ops.Emulator.Infrastructure;
using JobFinder.Ops.Emulator.Metrics;
using JobFinder.Ops.Emulator.Run;
using JobFinder.Ops.Emulator.Runtime.Workers;

namespace JobFinder.Ops.Emulator.Runtime;

/// <summary>Serves deployed functions at <c>/_run/{project}/{location}/{service}/...</c> (split per request
/// by the serving traffic weights, LATEST = latest Ready revision) and <c>/_run/{project}/{location}/{tag}---{service}/...</c>
/// (the tagged revision). Applies the revision's fault knobs, forwards the request to the revision's own
/// code (its Node.js worker, see <see cref="RevisionWorkers"/>), and records a metric sample of the real
/// status and time. A fault-knob "timeout" waits min(timeoutSeconds, profile cap) — 200 ms in the fast
/// profile — before its 504, but is recorded with the full timeout as its latency, as Cloud Run would.</summary>
internal sealed class FunctionRuntime(RunStore run, MetricStore metrics, RevisionWorkers workers, WorkerProxy proxy, InvokerCheck invokers, EmulatorContext context, TimeProvider time)
{

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
            await ServeFromCodeAsync(http, WorkerLaunch.Of(project, location, serviceId, revision)).ConfigureAwait(false);
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

    private static Task WriteErrorAsync(HttpContext http, int status, string code, string message) =>
        RuntimeErrors.WriteAsync(http, status, code, message);

    private async Task ServeFromCodeAsync(HttpContext http, WorkerLaunch launch)
    {
        WorkerLease lease;
        try
        {
            lease = await workers.AcquireAsync(launch).ConfigureAwait(false);
        }
        catch (WorkerUnavailableException ex)
        {
            await WriteErrorAsync(http, ex.Status, ex.Status == 429 ? "RESOURCE_EXHAUSTED" : "UNAVAILABLE", ex.Message).ConfigureAwait(false);
            return;
        }
        catch (WorkerStartException ex)
        {
            // A cold start that fails: Cloud Run answers 503 and the reason is in the revision's logs.
            await WriteErrorAsync(http, 503, "UNAVAILABLE", "The revision's instance failed to start: " + ex.Message.Split('\n')[0]).ConfigureAwait(false);
            return;
        }

        using (lease)
        {
            var (_, answered) = await proxy.ForwardAsync(http, lease.Worker, "/" + http.RouteString("path"), launch.Timeout).ConfigureAwait(false);
            lease.Answered = answered;
        }
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
