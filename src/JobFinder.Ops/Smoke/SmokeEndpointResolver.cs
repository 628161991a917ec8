using System.Collections.Concurrent;
using JobFinder.Ops.Errors;
using JobFinder.Ops.Google.Functions;
using JobFinder.Ops.Google.Run;

namespace JobFinder.Ops.Smoke;

/// <summary>Finds the URL a function's checks go to. Live: the function's <c>url</c> (or
/// <c>serviceConfig.uri</c>) from the Functions API. A tag or revision: the function's Cloud Run service
/// (<c>serviceConfig.service</c>, never derived from the id) and its <c>trafficStatuses[]</c> entry with
/// that tag (or, for a revision name, the entry for that revision that has a tag), whose <c>uri</c> is
/// the tag URL. One lookup per function per run, shared by its checks.</summary>
internal sealed class SmokeEndpointResolver(CloudFunctionsApi functions, CloudRunApi run, string projectId, Func<string, string> regionOf)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<ResolvedEndpoint>>> _cache = new(StringComparer.Ordinal);

    public Task<ResolvedEndpoint> ResolveAsync(string function, SmokeTarget target, CancellationToken cancellationToken) =>
        _cache.GetOrAdd(function + "\n" + target, _ => new Lazy<Task<ResolvedEndpoint>>(() => LookUpAsync(function, target, cancellationToken))).Value;

    private async Task<ResolvedEndpoint> LookUpAsync(string functionId, SmokeTarget target, CancellationToken cancellationToken)
    {
        var name = new FunctionName(projectId, regionOf(functionId), functionId);
        var function = await functions.GetAsync(name, cancellationToken).ConfigureAwait(false);
        if (target.IsLive)
        {
            var url = function.Url ?? function.ServiceConfig?.Uri
                ?? throw new JobFinderException("SmokeFunctionUrlMissing", ErrorKind.ResourceUnavailable, $"Function {functionId} has no URL (is it an HTTPS function, and deployed?).", name.ToString());
            return new ResolvedEndpoint(url, null);
        }

        var serviceName = function.ServiceConfig?.Service
            ?? throw new JobFinderException("SmokeFunctionServiceMissing", ErrorKind.ResourceUnavailable, $"Function {functionId} reports no Cloud Run service (serviceConfig.service); only gen2 functions have tag URLs.", name.ToString());
        var service = await run.GetServiceAsync(RunServiceName.Parse(serviceName), cancellationToken).ConfigureAwait(false);
        return FindTag(service, target.TagOrRevision!, functionId);
    }

    internal static ResolvedEndpoint FindTag(RunService service, string tagOrRevision, string functionId)
    {
        var statuses = service.TrafficStatuses ?? [];
        var latest = service.LatestReadyRevision is { } full ? full[(full.LastIndexOf('/') + 1)..] : null;
        string? RevisionOf(TrafficTargetStatus s) => s.Type == TrafficTargetAllocationType.Latest ? latest : s.Revision;

        var status = statuses.FirstOrDefault(s => string.Equals(s.Tag, tagOrRevision, StringComparison.Ordinal))
            ?? statuses.FirstOrDefault(s => !string.IsNullOrEmpty(s.Tag) && string.Equals(RevisionOf(s), tagOrRevision, StringComparison.Ordinal));
        if (status is null)
        {
            var known = string.Join(", ", statuses.Where(s => !string.IsNullOrEmpty(s.Tag)).Select(s => $"{s.Tag} -> {RevisionOf(s)}"));
            throw new JobFinderException(
                "SmokeTagNotFound",
                ErrorKind.ObjectNotFound,
                $"Function {functionId}: no traffic tag or tagged revision '{tagOrRevision}' on service {service.Name} (tags: {(known.Length == 0 ? "none" : known)}). A revision needs a tag to have a URL of its own.",
                tagOrRevision);
        }

        var uri = status.Uri
            ?? throw new JobFinderException("SmokeTagUrlMissing", ErrorKind.ResourceUnavailable, $"Function {functionId}: tag '{status.Tag}' has no URL yet (the service may still be reconciling).", tagOrRevision);
        return new ResolvedEndpoint(uri, RevisionOf(status));
    }
}

/// <summary>The base URL checks append their path to, and the revision behind it when known.</summary>
internal sealed record ResolvedEndpoint(string BaseUrl, string? Revision);
