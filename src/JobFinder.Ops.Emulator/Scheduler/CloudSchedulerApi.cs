using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using JobFinder.Ops.Emulator.Infrastructure;

namespace JobFinder.Ops.Emulator.Scheduler;

/// <summary>Cloud Scheduler v1 (cloudscheduler-v1 projects.locations.jobs): create, get, list, patch,
/// delete, pause, resume and run. Jobs with an <c>httpTarget</c> really fire (see
/// <see cref="SchedulerDispatcher"/>); Pub/Sub and App Engine targets are accepted and stored but not
/// delivered, since the emulator has neither.</summary>
public sealed partial class CloudSchedulerApi(SchedulerStore store, SchedulerClock clock, TimeProvider time) : IEmulatorApi
{
    private const string Jobs = "v1/projects/{project}/locations/{location}/jobs";
    private const string Job = Jobs + "/{job}";
    private const string Kind = "Job";

    /// <summary>Fields a caller may set (Job minus its output-only fields).</summary>
    private static readonly string[] WritableFields =
        ["name", "description", "pubsubTarget", "appEngineHttpTarget", "httpTarget", "schedule", "timeZone", "retryConfig", "attemptDeadline"];

    public string Label => "cloudscheduler";

    public void Map(IEndpointRouteBuilder routes)
    {
        routes.MapPost(Jobs, (Delegate)CreateAsync);
        routes.MapGet(Jobs, (HttpContext http) =>
            Paging.ListResult("jobs", store.Jobs.List(Parent(http) + "/jobs/"), http.Request, 500));
        routes.MapGet(Job, (HttpContext http) => GoogleJson.Result(store.Jobs.Get(NameOf(http), Kind)));
        routes.MapPatch(Job, (Delegate)PatchAsync);
        routes.MapDelete(Job, (HttpContext http) =>
        {
            store.Jobs.Remove(NameOf(http), Kind);
            store.MarkChanged();
            return GoogleJson.Result(new JsonObject());
        });
        routes.MapPost(Job + ":pause", (HttpContext http) => SetState(http, "PAUSED"));
        routes.MapPost(Job + ":resume", (HttpContext http) => SetState(http, "ENABLED"));
        // jobs.run: "Forces a job to run now" — the dispatcher picks it up on its next tick.
        routes.MapPost(Job + ":run", (HttpContext http) => GoogleJson.Result(Update(NameOf(http), job =>
        {
            job["scheduleTime"] = GoogleJson.Timestamp(clock.Now);
            return job;
        })));
    }

    private async Task<IResult> CreateAsync(HttpContext http)
    {
        var body = await http.Request.ReadJsonObjectAsync().ConfigureAwait(false);
        var parent = Parent(http);
        var name = body["name"]?.GetValue<string>();
        if (string.IsNullOrEmpty(name))
        {
            // Without a name Cloud Scheduler makes one up.
            name = parent + "/jobs/" + Guid.NewGuid().ToString("N");
        }

        var match = JobNamePattern().Match(name);
        if (!match.Success || match.Groups[1].Value != parent)
        {
            throw GoogleErrors.InvalidArgument($"Job name \"{name}\" must be {parent}/jobs/JOB_ID (letters, digits, '-' and '_', at most 500 characters).", [("job.name", "invalid")]);
        }

        var job = Writable(body);
        job["name"] = name;
        Validate(job);
        job["state"] = "ENABLED";
        job["userUpdateTime"] = GoogleJson.Timestamp(time.GetUtcNow());
        job["scheduleTime"] = GoogleJson.Timestamp(NextRun(job));
        store.Jobs.Add(name, job);
        store.MarkChanged();
        return GoogleJson.Result(job);
    }

    private async Task<IResult> PatchAsync(HttpContext http)
    {
        var body = await http.Request.ReadJsonObjectAsync().ConfigureAwait(false);
        var mask = FieldMask.Parse(http.Request.Query["updateMask"]);
        return GoogleJson.Result(Update(NameOf(http), job =>
        {
            if (mask.IsEmpty)
            {
                // No mask: every writable field of the request replaces the job's (AIP-134 full replacement).
                foreach (var field in WritableFields.Where(f => f != "name"))
                {
                    job.Remove(field);
                }

                foreach (var (field, value) in Writable(body).Where(f => f.Key != "name"))
                {
                    job[field] = value?.DeepClone();
                }
            }
            else
            {
                mask.Apply(job, body, ignored: ["name"], allowedRoots: WritableFields);
            }

            Validate(job);
            job["userUpdateTime"] = GoogleJson.Timestamp(time.GetUtcNow());
            job["scheduleTime"] = GoogleJson.Timestamp(NextRun(job));
            return job;
        }));
    }

    private IResult SetState(HttpContext http, string state) => GoogleJson.Result(Update(NameOf(http), job =>
    {
        job["state"] = state;
        job["userUpdateTime"] = GoogleJson.Timestamp(time.GetUtcNow());
        if (state == "ENABLED")
        {
            job["scheduleTime"] = GoogleJson.Timestamp(NextRun(job));
        }

        return job;
    }));

    private JsonObject Update(string name, Func<JsonObject, JsonObject> change)
    {
        var updated = store.Jobs.Update(name, Kind, change);
        store.MarkChanged();
        return updated;
    }

    private DateTimeOffset NextRun(JsonObject job) =>
        JobSchedule.Parse(job["schedule"]?.GetValue<string>()).NextAfter(clock.Now, JobSchedule.Zone(job["timeZone"]?.GetValue<string>()));

    /// <summary>Job's documented constraints: a schedule, exactly one target, an absolute http(s) URI and a
    /// known method for an HTTP target, an attempt deadline within [15 s, 30 min] for HTTP targets.</summary>
    private static void Validate(JsonObject job)
    {
        JobSchedule.Parse(job["schedule"]?.GetValue<string>());
        JobSchedule.Zone(job["timeZone"]?.GetValue<string>());
        var targets = new[] { "httpTarget", "pubsubTarget", "appEngineHttpTarget" }.Count(t => job[t] is JsonObject);
        if (targets != 1)
        {
            throw GoogleErrors.InvalidArgument("A job needs exactly one target: httpTarget, pubsubTarget or appEngineHttpTarget.", [("job.target", "exactly one required")]);
        }

        if (job["httpTarget"] is JsonObject http)
        {
            var uri = http["uri"]?.GetValue<string>();
            if (!Uri.TryCreate(uri, UriKind.Absolute, out var parsed) || parsed.Scheme is not ("http" or "https"))
            {
                throw GoogleErrors.InvalidArgument($"httpTarget.uri \"{uri}\" must be an absolute http or https URL.", [("job.http_target.uri", "invalid")]);
            }

            if (http["httpMethod"]?.GetValue<string>() is { } method && method is not ("POST" or "GET" or "HEAD" or "PUT" or "DELETE" or "PATCH" or "OPTIONS"))
            {
                throw GoogleErrors.InvalidArgument($"httpTarget.httpMethod \"{method}\" is not an HTTP method.", [("job.http_target.http_method", "invalid")]);
            }

            if (http["oidcToken"] is JsonObject && http["oauthToken"] is JsonObject)
            {
                throw GoogleErrors.InvalidArgument("httpTarget takes oidcToken or oauthToken, not both.", [("job.http_target.authorization_header", "one of")]);
            }

            if (job["attemptDeadline"]?.GetValue<string>() is { } deadline
                && (!GoogleJson.TryParseDuration(deadline, out var d) || d < TimeSpan.FromSeconds(15) || d > TimeSpan.FromMinutes(30)))
            {
                throw GoogleErrors.InvalidArgument($"attemptDeadline {deadline} must be between 15s and 1800s for HTTP targets.", [("job.attempt_deadline", "out of range")]);
            }
        }
    }

    private static JsonObject Writable(JsonObject body)
    {
        var job = new JsonObject();
        foreach (var field in WritableFields)
        {
            if (body[field] is { } value)
            {
                job[field] = value.DeepClone();
            }
        }

        job["attemptDeadline"] ??= job["httpTarget"] is JsonObject ? "180s" : null;
        if (job["attemptDeadline"] is null)
        {
            job.Remove("attemptDeadline");
        }

        return job;
    }

    private static string Parent(HttpContext http) => $"projects/{http.RouteString("project")}/locations/{http.RouteString("location")}";

    private static string NameOf(HttpContext http) => Parent(http) + "/jobs/" + http.RouteString("job");

    [GeneratedRegex("^(projects/[^/]+/locations/[^/]+)/jobs/[A-Za-z0-9_-]{1,500}$")]
    private static partial Regex JobNamePattern();
}
