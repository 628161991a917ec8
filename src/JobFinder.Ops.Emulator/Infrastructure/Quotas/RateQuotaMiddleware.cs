using System.Globalization;
using JobFinder.Ops.Emulator.Hosting;

namespace JobFinder.Ops.Emulator.Infrastructure.Quotas;

/// <summary>Refuses a Cloud Functions or Cloud Run admin call over its <see cref="RateQuota"/> with Google's
/// 429: status RESOURCE_EXHAUSTED, the message "Quota exceeded for quota metric '...' and limit '...' of
/// service '...' for consumer 'project_number:...'." (as in the 429s quoted in firebase/firebase-tools#5474 and
/// googleapis/repo-automation-bots#4469), a google.rpc.ErrorInfo with reason RATE_LIMIT_EXCEEDED, domain
/// googleapis.com and the quota's metadata (the keys of Google's own ErrorInfo, e.g. n8n-io/n8n#32869), and a
/// google.rpc.RetryInfo whose retryDelay is the time until the window frees. Runs after authentication (an
/// unauthenticated call is refused before it costs quota) and after injected faults.</summary>
public sealed class RateQuotaMiddleware(RequestDelegate next, RateQuotaLedger ledger, EmulatorContext emulator)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (context.GetApiMetadata() is not { } api
            || context.Request.RouteValues["project"] is not string project
            || RateQuotaCatalog.For(api.Label, context.Request.Path.Value ?? string.Empty, MutationClassifier.IsMutating(context)) is not { } quota)
        {
            return next(context);
        }

        var projectId = ProjectNumbers.Resolve(emulator.ProjectIds, project);
        var region = context.Request.RouteValues["location"] as string ?? "global";
        if (ledger.TryAcquire(quota, projectId, region) is not { } retryDelay)
        {
            return next(context);
        }

        throw Exceeded(quota, projectId, region, retryDelay);
    }

    public static GoogleApiException Exceeded(RateQuota quota, string projectId, string region, TimeSpan retryDelay)
    {
        var number = ProjectNumbers.Of(projectId).ToString(CultureInfo.InvariantCulture);
        var message = $"Quota exceeded for quota metric '{quota.MetricDisplayName}' and limit '{quota.LimitDisplayName}' of service '{quota.Service}' for consumer 'project_number:{number}'.";
        var metadata = new Dictionary<string, string>
        {
            ["quota_metric"] = quota.QuotaMetric,
            ["quota_limit"] = quota.QuotaLimit,
            ["quota_limit_value"] = quota.Limit.ToString(CultureInfo.InvariantCulture),
            ["quota_location"] = quota.PerRegion ? region : "global",
            ["service"] = quota.Service,
            ["consumer"] = "projects/" + number,
        };
        return GoogleErrors.ResourceExhausted(message, retryDelay, metadata);
    }
}
