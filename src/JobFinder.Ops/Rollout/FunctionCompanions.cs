using System.Globalization;
using System.Text.Json;
using JobFinder.Ops.Events;
using JobFinder.Ops.Google;
using JobFinder.Ops.Google.Functions;
using JobFinder.Ops.Google.Iam;
using JobFinder.Ops.Google.Json;
using JobFinder.Ops.Google.Scheduler;
using JobFinder.Ops.Model;
using JobFinder.Ops.Undo;

namespace JobFinder.Ops.Rollout;

/// <summary>The Google resources a function needs besides itself, set as firebase-tools' fabricator sets
/// them after creating or updating it (release/fabricator.ts createV2Function/updateV2Function,
/// upsertScheduleV2, deleteScheduleV2): the invoker binding on its Cloud Run service and the Cloud Scheduler
/// job of a scheduled function. What each change replaced is put in the function's journal record first
/// (<see cref="FunctionDeploymentRecord.InvokerBefore"/>, <see cref="FunctionDeploymentRecord.ScheduleBeforeJson"/>),
/// so the automatic rollback and Undo put it back.</summary>
internal sealed class FunctionCompanions(GoogleRestClient client)
{
    private readonly RunInvokerApi _iam = new(client);
    private readonly CloudSchedulerApi _scheduler = new(client);
    private readonly CloudFunctionsApi _functions = new(client);

    /// <summary>The invoker members after a create or an update, null when firebase-tools leaves the policy
    /// alone: HTTPS functions get their <c>invoker</c> (public at creation when none is named; on update only
    /// when one is named), callables are public at creation, scheduled functions are invoked by their own
    /// service account (the job's OIDC identity); event functions get none.</summary>
    public static IReadOnlyList<string>? InvokersFor(ProjectFunction function, bool created, string projectId, string serviceAccount)
    {
        IReadOnlyList<string>? invoker = function.TriggerKind switch
        {
            FunctionTriggerKind.Https when function.Invoker.Count > 0 => function.Invoker,
            FunctionTriggerKind.Https or FunctionTriggerKind.Callable when created => ["public"],
            FunctionTriggerKind.Schedule => [serviceAccount],
            _ => null,
        };
        if (invoker is null || (created && invoker.Contains("private")))
        {
            return null;
        }

        // proto.ts getInvokerMembers: public → allUsers, private → nobody, an email as it is, a bare account id in the project.
        return [.. invoker.Where(i => i != "private").Select(i => i == "public" ? "allUsers"
            : i.Contains('@', StringComparison.Ordinal) ? "serviceAccount:" + i
            : $"serviceAccount:{i}@{projectId}.iam.gserviceaccount.com")];
    }

    /// <summary>cloudscheduler.ts jobNameForEndpoint: <c>firebase-schedule-{id}-{region}</c>.</summary>
    public static string JobName(string projectId, string region, string functionId) =>
        $"projects/{projectId}/locations/{region}/jobs/firebase-schedule-{functionId}-{region}";

    /// <summary>cloudscheduler.ts jobFromEndpoint for a v2 function: POST to the function's URL with an OIDC
    /// token of its service account, time zone UTC unless set, the attempt deadline from the timeout
    /// (clamped to 180–1800 s), the retry config in durations.</summary>
    public static SchedulerJob JobFor(ProjectFunction function, string projectId, string region, string uri, string serviceAccount) => new()
    {
        Name = JobName(projectId, region, function.Id),
        Schedule = function.TriggerDetail,
        TimeZone = function.ScheduleTimeZone ?? "UTC",
        HttpTarget = new SchedulerHttpTarget { Uri = uri, HttpMethod = "POST", OidcToken = new SchedulerOidcToken { ServiceAccountEmail = serviceAccount } },
        AttemptDeadline = function.TimeoutSeconds is { } timeout ? Seconds(Math.Clamp(timeout, 180, 1800)) : null,
        RetryConfig = function.ScheduleRetry is not { } retry ? null : new SchedulerRetryConfig
        {
            RetryCount = retry.RetryCount,
            MaxDoublings = retry.MaxDoublings,
            MaxRetryDuration = retry.MaxRetrySeconds is { } a ? Seconds(a) : null,
            MinBackoffDuration = retry.MinBackoffSeconds is { } b ? Seconds(b) : null,
            MaxBackoffDuration = retry.MaxBackoffSeconds is { } c ? Seconds(c) : null,
        },
    };

    /// <summary>After the function's create or update: its invoker binding and, for a scheduled function, its
    /// job (created, or updated when it differs: cloudscheduler.ts createOrReplaceJob).</summary>
    public async Task<FunctionDeploymentRecord> ApplyAsync(FunctionDeploymentRecord record, ProjectFunction desired, Func<FunctionDeploymentRecord, Task> journal, CancellationToken cancellationToken)
    {
        var name = FunctionName.Parse(record.FunctionName);
        var live = await _functions.GetAsync(name, cancellationToken).ConfigureAwait(false);
        var serviceAccount = live.ServiceConfig?.ServiceAccountEmail ?? desired.ServiceAccount
            ?? throw new JobFinderDeploymentException($"Function {record.FunctionId} reports no service account.", record.FunctionName);
        var serviceName = live.ServiceConfig?.Service ?? record.ServiceName;
        if (serviceName is not null && InvokersFor(desired, record.Created, name.Project, serviceAccount) is { } members)
        {
            var before = RunInvokerApi.Invokers(await _iam.GetAsync(serviceName, cancellationToken).ConfigureAwait(false));
            if (!before.SequenceEqual(members.Order(StringComparer.Ordinal), StringComparer.Ordinal))
            {
                // Journal what is replaced before replacing it (kept from a first attempt on resume).
                record = record with { InvokerBefore = record.InvokerBefore ?? before, InvokerAfter = members };
                await journal(record).ConfigureAwait(false);
                client.Events.Verbose($"{record.FunctionId}: roles/run.invoker on {serviceName}: [{string.Join(", ", before)}] -> [{string.Join(", ", members)}].");
                await _iam.SetInvokersAsync(serviceName, members, cancellationToken).ConfigureAwait(false);
            }
        }

        if (desired.TriggerKind == FunctionTriggerKind.Schedule)
        {
            var uri = live.ServiceConfig?.Uri ?? live.Url ?? throw new JobFinderDeploymentException($"Function {record.FunctionId} has no URL for its schedule to call.", record.FunctionName);
            record = await UpsertJobAsync(record, JobFor(desired, name.Project, name.Location, uri, serviceAccount), journal, cancellationToken).ConfigureAwait(false);
        }

        return record;
    }

    /// <summary>A pruned scheduled function's job goes with it (fabricator deleteScheduleV2).</summary>
    public async Task<FunctionDeploymentRecord> DeleteJobAsync(FunctionDeploymentRecord record, Func<FunctionDeploymentRecord, Task> journal, CancellationToken cancellationToken)
    {
        var name = FunctionName.Parse(record.FunctionName);
        var jobName = JobName(name.Project, name.Location, name.Function);
        var existing = await _scheduler.FindAsync(jobName, cancellationToken).ConfigureAwait(false);
        if (existing is null)
        {
            return record;
        }

        record = record with { ScheduleJobName = jobName, ScheduleBeforeJson = record.ScheduleBeforeJson ?? Serialize(existing) };
        await journal(record).ConfigureAwait(false);
        await _scheduler.DeleteAsync(jobName, cancellationToken).ConfigureAwait(false);
        return record;
    }

    /// <summary>Puts the invoker and the job back as the record says they were before.</summary>
    public async Task RestoreAsync(UndoCompanionChange change, CancellationToken cancellationToken)
    {
        if (change.InvokerBefore is { } members && change.ServiceName is not null)
        {
            await _iam.SetInvokersAsync(change.ServiceName, members, cancellationToken).ConfigureAwait(false);
        }

        if (change.ScheduleJobName is { } jobName)
        {
            if (change.ScheduleBeforeJson is not { Length: > 0 } json)
            {
                await _scheduler.DeleteAsync(jobName, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                var before = JsonSerializer.Deserialize(json, GoogleJsonContext.Default.SchedulerJob)!;
                var live = await _scheduler.FindAsync(jobName, cancellationToken).ConfigureAwait(false);
                _ = live is null
                    ? await _scheduler.CreateAsync(before with { State = null }, cancellationToken).ConfigureAwait(false)
                    : await _scheduler.PatchAsync(before with { State = null }, MaskOf(before), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Whether the live invoker and job differ from what the record says they were before.</summary>
    public async Task<bool> DiffersAsync(UndoCompanionChange change, CancellationToken cancellationToken)
    {
        if (change.InvokerBefore is { } members && change.ServiceName is not null
            && !RunInvokerApi.Invokers(await _iam.GetAsync(change.ServiceName, cancellationToken).ConfigureAwait(false)).SequenceEqual(members.Order(StringComparer.Ordinal), StringComparer.Ordinal))
        {
            return true;
        }

        if (change.ScheduleJobName is { } jobName)
        {
            var live = await _scheduler.FindAsync(jobName, cancellationToken).ConfigureAwait(false);
            var before = change.ScheduleBeforeJson is { Length: > 0 } json ? JsonSerializer.Deserialize(json, GoogleJsonContext.Default.SchedulerJob) : null;
            return before is null ? live is not null : live is null || NeedsUpdate(live, before);
        }

        return false;
    }

    private async Task<FunctionDeploymentRecord> UpsertJobAsync(FunctionDeploymentRecord record, SchedulerJob job, Func<FunctionDeploymentRecord, Task> journal, CancellationToken cancellationToken)
    {
        var existing = await _scheduler.FindAsync(job.Name!, cancellationToken).ConfigureAwait(false);
        if (existing is null)
        {
            record = record with { ScheduleJobName = job.Name, ScheduleBeforeJson = record.ScheduleJobName is null ? string.Empty : record.ScheduleBeforeJson };
            await journal(record).ConfigureAwait(false);
            client.Events.Verbose($"{record.FunctionId}: creating Cloud Scheduler job {job.Name} ({job.Schedule}, {job.TimeZone}).");
            await _scheduler.CreateAsync(job, cancellationToken).ConfigureAwait(false);
        }
        else if (NeedsUpdate(existing, job))
        {
            record = record with { ScheduleJobName = job.Name, ScheduleBeforeJson = record.ScheduleJobName is null ? Serialize(existing) : record.ScheduleBeforeJson };
            await journal(record).ConfigureAwait(false);
            client.Events.Verbose($"{record.FunctionId}: updating Cloud Scheduler job {job.Name}: {existing.Schedule} ({existing.TimeZone}) -> {job.Schedule} ({job.TimeZone}).");
            await _scheduler.PatchAsync(job, MaskOf(job), cancellationToken).ConfigureAwait(false);
        }

        return record;
    }

    /// <summary>cloudscheduler.ts needUpdate (schedule, time zone, attempt deadline, retry config), plus the
    /// target: a job still calling another URL or identity is out of date too.</summary>
    private static bool NeedsUpdate(SchedulerJob live, SchedulerJob wanted) =>
        live.Schedule != wanted.Schedule
        || live.TimeZone != wanted.TimeZone
        || (wanted.AttemptDeadline is not null && live.AttemptDeadline != wanted.AttemptDeadline)
        || (wanted.RetryConfig is not null && live.RetryConfig != wanted.RetryConfig)
        || live.HttpTarget?.Uri != wanted.HttpTarget?.Uri
        || live.HttpTarget?.OidcToken?.ServiceAccountEmail != wanted.HttpTarget?.OidcToken?.ServiceAccountEmail;

    /// <summary>proto.fieldMasks(job, "httpTarget"): the job's set fields, the target as a whole.</summary>
    private static List<string> MaskOf(SchedulerJob job)
    {
        var mask = new List<string> { "schedule", "timeZone", "httpTarget" };
        if (job.AttemptDeadline is not null)
        {
            mask.Add("attemptDeadline");
        }

        if (job.RetryConfig is not null)
        {
            mask.Add("retryConfig");
        }

        return mask;
    }

    private static string Serialize(SchedulerJob job) => JsonSerializer.Serialize(job with { State = null }, GoogleJsonContext.Default.SchedulerJob);

    private static string Seconds(int seconds) => string.Create(CultureInfo.InvariantCulture, $"{seconds}s");
}
