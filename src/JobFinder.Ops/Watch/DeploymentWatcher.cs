using JobFinder.Ops.Errors;
using JobFinder.Ops.Events;
using JobFinder.Ops.Google;
using JobFinder.Ops.Model;
using JobFinder.Ops.Rollout;
using JobFinder.Ops.Smoke;

namespace JobFinder.Ops.Watch;

/// <summary>The plan's post-deployment watch: every interval, each deployed function's requests, 5xx
/// and timeouts since the previous poll from Cloud Monitoring (all revisions of its service: what users
/// see), read as the canary verdict reads them (complete, visible buckets: <see cref="MonitoringDelay"/>),
/// with the plan's success criterion "&lt; 1% errors" over all visible requests since the watch began and the project's smoke checks, judged by <see cref="WatchTriggers"/>. <see cref="PollAsync"/>
/// is one poll (the cmdlet loops over it to stream samples); <see cref="WatchAsync"/> is the whole watch.
/// Checks the smoke credentials kept from running (sign-in refused, an API key of another project) judge
/// nothing: a setup mistake must never fire a trigger and roll production back (docs/ROLLBACK.md).</summary>
public sealed class DeploymentWatcher(GoogleRestClient client)
{
    /// <summary>The plan's success criterion after a deployment: under 1% errors.</summary>
    public const double SuccessErrorRate = 0.01;

    private readonly RevisionMetricsReader _metrics = new(client);
    private MonitoringDelay? _delay;

    /// <summary>Functions a deployment left serving (not deleted, nor removed by its rollback, with a service).</summary>
    public static IReadOnlyList<FunctionDeploymentRecord> Watched(DeploymentRecord deployment) =>
        deployment.Functions.Where(f => !f.Deleted && !f.RemovedByRollback && f.ServiceName is not null && f.Action != PlannedChangeAction.Delete).ToArray();

    /// <summary>One poll: a sample per watched function over [<paramref name="windowStart"/>, now].</summary>
    public async Task<WatchPoll> PollAsync(WatchOptions options, int poll, DateTimeOffset watchStart, DateTimeOffset windowStart, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var deployment = options.Deployment;
        var functions = Watched(deployment);
        if (functions.Count == 0)
        {
            throw new JobFinderException("WatchNothingToWatch", ErrorKind.InvalidArgument, $"Deployment {deployment.Id} left no function serving to watch.", deployment.Id);
        }

        var now = DateTimeOffset.UtcNow;
        // The canary verdict's reading of Monitoring: complete, visible buckets only. The data watched
        // starts when the deployment ended (users on the release), or when the watch began if it began
        // first; this poll's window starts where the previous poll's visible data ended.
        _delay ??= await MonitoringDelay.OfAsync(client, cancellationToken).ConfigureAwait(false);
        var visibleThrough = _delay.VisibleThrough(now);
        var watchFrom = _delay.Floor(deployment.EndedAt is { } ended && ended < watchStart ? ended : watchStart);
        var windowFrom = Max(watchFrom, _delay.Floor(windowStart - _delay.VisibilityDelay));
        var smoke = await SmokeAsync(options, cancellationToken).ConfigureAwait(false);
        var credentials = smoke?.CredentialProblem;
        var unjudged = credentials?.Checks.ToHashSet(StringComparer.Ordinal) ?? [];
        var samples = new WatchSample[functions.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, functions.Count), cancellationToken, async (i, token) =>
        {
            var function = functions[i];
            var serviceId = function.ServiceName![(function.ServiceName!.LastIndexOf('/') + 1)..];
            var all = visibleThrough > watchFrom
                ? await _metrics.ReadBucketsAsync(deployment.ProjectId, serviceId, watchFrom, visibleThrough, _delay.SamplePeriod, token).ConfigureAwait(false)
                : new Dictionary<string, IReadOnlyList<MetricBucket>>();
            var window = all.ToDictionary(r => r.Key, r => r.Value.Where(b => b.Start >= windowFrom).ToArray());
            var requests = window.Values.Sum(r => r.Sum(b => b.Requests));
            var errors = window.Values.Sum(r => r.Sum(b => b.Errors));
            var timeouts = window.Values.Sum(r => r.Sum(b => b.Timeouts));
            var totalRequests = all.Values.Sum(r => r.Sum(b => b.Requests));
            var totalErrors = all.Values.Sum(r => r.Sum(b => b.Errors));
            var ofFunction = smoke?.Checks.Where(c => c.Function == function.FunctionId).ToArray() ?? [];
            var checks = ofFunction.Where(c => !unjudged.Contains(c.Name)).ToArray();
            bool? smokePassed = checks.Length == 0 ? null : checks.All(c => c.Passed);
            var (trigger, reason) = options.Triggers.Evaluate(requests, errors, timeouts, smokePassed, checks.Length);
            if (checks.Length < ofFunction.Length)
            {
                reason += $"; {ofFunction.Length - checks.Length} smoke check(s) not judged: {credentials!.ErrorId}";
            }
            samples[i] = new WatchSample
            {
                DeploymentId = deployment.Id,
                Poll = poll,
                SampledAt = now,
                Elapsed = now - watchStart,
                FunctionId = function.FunctionId,
                Revisions = string.Join(",", window.Where(r => r.Value.Sum(b => b.Requests) > 0).Select(r => r.Key).Order(StringComparer.Ordinal)),
                Requests = requests,
                Errors = errors,
                Timeouts = timeouts,
                P95Ms = window.Values.SelectMany(r => r).Select(b => b.P95Ms).Where(p => p is not null).DefaultIfEmpty(null).Max(),
                VisibleThrough = visibleThrough,
                TotalRequests = totalRequests,
                TotalErrors = totalErrors,
                SuccessCriterionMet = totalRequests == 0 ? null : (double)totalErrors / totalRequests < SuccessErrorRate,
                SmokePassed = smokePassed,
                Trigger = trigger,
                Reason = reason,
            };
        }).ConfigureAwait(false);

        foreach (var fired in samples.Where(s => s.Triggered))
        {
            client.Events.Warning($"Rollback trigger {fired.Trigger} on {fired.FunctionId} at poll {poll}: {fired.Reason}.");
        }

        return new WatchPoll(samples, credentials);
    }

    /// <summary>Polls until <see cref="WatchOptions.Duration"/> ends or a trigger fires; every poll's
    /// samples go to <paramref name="onPoll"/> as they come. Returns every sample.</summary>
    public async Task<IReadOnlyList<WatchSample>> WatchAsync(WatchOptions options, Action<IReadOnlyList<WatchSample>>? onPoll, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var all = new List<WatchSample>();
        var start = DateTimeOffset.UtcNow;
        var windowStart = start;
        for (var poll = 1; ; poll++)
        {
            var polledAt = DateTimeOffset.UtcNow;
            var (samples, credentials) = await PollAsync(options, poll, start, windowStart, cancellationToken).ConfigureAwait(false);
            windowStart = polledAt;
            if (credentials is not null)
            {
                // Signing in again every poll would only lock the test user out; the metrics still judge.
                client.Events.Warning($"{credentials.Summary} The watch goes on with the metrics only.");
                options = options with { Smoke = false };
            }

            all.AddRange(samples);
            onPoll?.Invoke(samples);
            if (samples.Any(s => s.Triggered) || !MorePolls(start, options))
            {
                return all;
            }

            await Task.Delay(options.Interval, cancellationToken).ConfigureAwait(false);
        }
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    /// <summary>True while another poll still fits in the duration.</summary>
    public static bool MorePolls(DateTimeOffset start, WatchOptions options) =>
        DateTimeOffset.UtcNow - start + options.Interval <= options.Duration;

    private async Task<SmokeReport?> SmokeAsync(WatchOptions options, CancellationToken cancellationToken)
    {
        if (!options.Smoke || options.Project is not { } project || project.Settings.Smoke.Checks.Count == 0)
        {
            return null;
        }

        var watched = Watched(options.Deployment).Select(f => f.FunctionId).ToHashSet(StringComparer.Ordinal);
        var checks = project.Settings.Smoke.Checks.Where(c => c.Function is { } f && watched.Contains(f)).ToArray();
        if (checks.Length == 0)
        {
            return null;
        }

        return await new SmokeRunner(client).RunAsync(project, new SmokeRunOptions { Target = SmokeTarget.Live, Checks = checks, User = options.SmokeUser, Environment = options.SmokeEnvironment }, cancellationToken).ConfigureAwait(false);
    }
}
