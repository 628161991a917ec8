using System.Text.Json.Nodes;
using JobFinder.Ops.Emulator.Auth;
using JobFinder.Ops.Emulator.Hosting;
using JobFinder.Ops.Emulator.Infrastructure;

namespace JobFinder.Ops.Emulator.Scheduler;

/// <summary>Fires due jobs: every background tick, each ENABLED job whose <c>scheduleTime</c> has come (on
/// the <see cref="SchedulerClock"/>) gets its next run set and its HTTP target called as Cloud Scheduler
/// calls it — the job's method, headers and body, <c>User-Agent: Google-Cloud-Scheduler</c>, and for an
/// <c>oidcToken</c> a Google-signed ID token of that service account with the audience the token names or
/// else the target URI (cloudscheduler-v1 HttpTarget, OidcToken). The outcome is the job's <c>status</c>
/// (empty on a 2xx, else the google.rpc code of the HTTP status) and <c>lastAttemptTime</c>. A missed run
/// is not caught up and failed attempts are not retried (retryConfig is stored, not applied).</summary>
public sealed class SchedulerDispatcher(SchedulerStore store, SchedulerClock clock, AccessTokens tokens, EmulatorContext context, ILogger<SchedulerDispatcher> logger) : BackgroundService
{
    private static readonly HttpClient Http = new(new SocketsHttpHandler { UseProxy = false }) { Timeout = Timeout.InfiniteTimeSpan };

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(context.Timings.BackgroundTick);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                foreach (var job in TakeDue())
                {
                    _ = AttemptAsync(job, stoppingToken);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Dispatching due scheduler jobs failed");
            }
        }
    }

    /// <summary>The due jobs, each with its next run already moved on (so a slow target is not called twice).</summary>
    private List<(JsonObject Job, DateTimeOffset ScheduledFor)> TakeDue()
    {
        var now = clock.Now;
        var due = new List<(JsonObject, DateTimeOffset)>();
        foreach (var job in store.All())
        {
            if (job["state"]?.GetValue<string>() != "ENABLED" || job["httpTarget"] is not JsonObject
                || !GoogleJson.TryParseTimestamp(job["scheduleTime"]?.GetValue<string>(), out var scheduled) || scheduled > now)
            {
                continue;
            }

            var name = job["name"]!.GetValue<string>();
            var next = JobSchedule.Parse(job["schedule"]?.GetValue<string>()).NextAfter(now, JobSchedule.Zone(job["timeZone"]?.GetValue<string>()));
            store.Jobs.Update(name, "Job", j =>
            {
                j["scheduleTime"] = GoogleJson.Timestamp(next);
                j["lastAttemptTime"] = GoogleJson.Timestamp(now);
                return j;
            });
            due.Add((job, scheduled));
        }

        if (due.Count > 0)
        {
            store.MarkChanged();
        }

        return due;
    }

    private async Task AttemptAsync((JsonObject Job, DateTimeOffset ScheduledFor) due, CancellationToken cancellationToken)
    {
        var (job, scheduledFor) = due;
        var name = job["name"]!.GetValue<string>();
        JsonObject status;
        try
        {
            using var request = BuildRequest(job, scheduledFor);
            var deadline = GoogleJson.TryParseDuration(job["attemptDeadline"]?.GetValue<string>(), out var d) ? d : TimeSpan.FromMinutes(3);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(deadline);
            using var response = await Http.SendAsync(request, timeout.Token).ConfigureAwait(false);
            var code = (int)response.StatusCode;
            status = code is >= 200 and < 300
                ? []
                : new JsonObject { ["code"] = RpcCode.FromHttpStatus(code).Number, ["message"] = $"The target answered HTTP {code}." };
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            status = new JsonObject { ["code"] = RpcCode.DeadlineExceeded.Number, ["message"] = "The attempt deadline passed." };
        }
        catch (HttpRequestException ex)
        {
            status = new JsonObject { ["code"] = RpcCode.Unavailable.Number, ["message"] = ex.Message };
        }

        try
        {
            store.Jobs.Update(name, "Job", j =>
            {
                j["status"] = status;
                return j;
            });
            store.MarkChanged();
        }
        catch (GoogleApiException)
        {
            // The job was deleted while its attempt ran.
        }
    }

    private HttpRequestMessage BuildRequest(JsonObject job, DateTimeOffset scheduledFor)
    {
        var target = (JsonObject)job["httpTarget"]!;
        var uri = target["uri"]!.GetValue<string>();
        var request = new HttpRequestMessage(new HttpMethod(target["httpMethod"]?.GetValue<string>() ?? "POST"), uri);
        var body = target["body"]?.GetValue<string>() is { Length: > 0 } encoded ? Convert.FromBase64String(encoded) : [];
        request.Content = new ByteArrayContent(body);
        foreach (var (header, value) in target["headers"] as JsonObject ?? [])
        {
            if (!request.Headers.TryAddWithoutValidation(header, value?.ToString()))
            {
                request.Content.Headers.TryAddWithoutValidation(header, value?.ToString());
            }
        }

        request.Headers.UserAgent.ParseAdd("Google-Cloud-Scheduler");
        request.Headers.TryAddWithoutValidation("X-CloudScheduler", "true");
        request.Headers.TryAddWithoutValidation("X-CloudScheduler-JobName", job["name"]!.GetValue<string>().Split('/')[^1]);
        request.Headers.TryAddWithoutValidation("X-CloudScheduler-ScheduleTime", GoogleJson.Timestamp(scheduledFor));
        if (target["oidcToken"] is JsonObject oidc && oidc["serviceAccountEmail"]?.GetValue<string>() is { Length: > 0 } account)
        {
            var audience = oidc["audience"]?.GetValue<string>() is { Length: > 0 } a ? a : new Uri(uri).GetLeftPart(UriPartial.Path);
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", tokens.IssueIdToken(account, audience));
        }

        return request;
    }
}
