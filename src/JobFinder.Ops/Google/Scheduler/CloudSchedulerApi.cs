using JobFinder.Ops.Google.Errors;
using JobFinder.Ops.Google.Json;
using JobFinder.Ops.Google.Transport;

namespace JobFinder.Ops.Google.Scheduler;

/// <summary>Cloud Scheduler v1 jobs (<c>cloudscheduler.googleapis.com/v1</c>). A create names its job, so a
/// repeat can only say ALREADY_EXISTS; patch and delete state the end result: all
/// <see cref="RetryPolicy.IdempotentWrite"/>.</summary>
public sealed class CloudSchedulerApi(GoogleRestClient client) : GoogleApiBase(client, GoogleService.CloudScheduler, "v1")
{
    /// <summary>The job, or null when there is none.</summary>
    public async Task<SchedulerJob?> FindAsync(string jobName, CancellationToken cancellationToken = default)
    {
        try
        {
            return await SendAsync(HttpMethod.Get, PathOf(jobName), RetryPolicy.Read, GoogleJsonContext.Default.SchedulerJob, jobName, cancellationToken).ConfigureAwait(false);
        }
        catch (GoogleApiException ex) when (ex.HttpStatus == 404)
        {
            return null;
        }
    }

    public Task<SchedulerJob> CreateAsync(SchedulerJob job, CancellationToken cancellationToken = default)
    {
        var name = job.Name ?? throw new ArgumentException("The job has no name.", nameof(job));
        var parent = name[..name.LastIndexOf("/jobs/", StringComparison.Ordinal)];
        return SendAsync(HttpMethod.Post, PathOf(parent, "/jobs"), RetryPolicy.IdempotentWrite, GoogleJsonContext.Default.SchedulerJob, name, cancellationToken,
            body: Json(job, GoogleJsonContext.Default.SchedulerJob));
    }

    public Task<SchedulerJob> PatchAsync(SchedulerJob job, IEnumerable<string> updateMask, CancellationToken cancellationToken = default)
    {
        var name = job.Name ?? throw new ArgumentException("The job has no name.", nameof(job));
        return SendAsync(HttpMethod.Patch, PathOf(name), RetryPolicy.IdempotentWrite, GoogleJsonContext.Default.SchedulerJob, name, cancellationToken,
            new QueryBuilder().Add("updateMask", Mask(updateMask)), Json(job, GoogleJsonContext.Default.SchedulerJob));
    }

    /// <summary>Deletes the job; true when it existed.</summary>
    public async Task<bool> DeleteAsync(string jobName, CancellationToken cancellationToken = default)
    {
        try
        {
            await SendAsync(HttpMethod.Delete, PathOf(jobName), RetryPolicy.IdempotentWrite, EmptyType, jobName, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (GoogleApiException ex) when (ex.HttpStatus == 404)
        {
            return false;
        }
    }
}
