using System.Collections.Concurrent;
using System.Diagnostics;
using JobFinder.Ops.Errors;
using JobFinder.Ops.Events;
using JobFinder.Ops.Google;
using JobFinder.Ops.Google.Functions;
using JobFinder.Ops.Google.Run;
using JobFinder.Ops.Model;

namespace JobFinder.Ops.Smoke;

/// <summary>Runs smoke checks against a project's functions — their live URLs, or one revision's Cloud
/// Run tag URL (the deployment checks the <c>canary</c> tag before any user traffic moves to it) — with
/// at most <c>concurrency</c> checks in flight, retries and a timeout per check, and returns a
/// <see cref="SmokeReport"/> with p50/p95 against the SLA. Tokens (Firebase ID tokens, OIDC identity
/// tokens) are minted on demand, cached until shortly before expiry, and kept out of every result and
/// event. One runner may be reused (Watch calls it periodically): the token cache lives with it.</summary>
public sealed class SmokeRunner
{
    private readonly GoogleRestClient _client;
    private readonly TimeProvider _time;
    private readonly ExpiringTokenCache _tokens;
    private readonly SecretRedactor _secrets = new();

    public SmokeRunner(GoogleRestClient client, TimeProvider? time = null)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _time = time ?? TimeProvider.System;
        _tokens = new ExpiringTokenCache(_time);
    }

    /// <summary>Pause before a retry, multiplied by the attempt number. Default 500 ms.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Tokens minted so far by this runner (diagnostics and tests; never the tokens themselves).</summary>
    public int TokensMinted => _tokens.MintCount;

    /// <summary>Runs the project's checks (or <see cref="SmokeRunOptions.Checks"/>) with its smoke settings.</summary>
    public Task<SmokeReport> RunAsync(JobFinderProject project, SmokeRunOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(project);
        var regions = project.Functions.GroupBy(f => f.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Region, StringComparer.Ordinal);
        return RunAsync(
            new SmokeScope(project.ProjectId, project.Environment, id => regions.GetValueOrDefault(id, project.Region), project.Settings.Smoke),
            options,
            cancellationToken);
    }

    /// <summary>Runs checks for a project id without a loaded repository (every function in <paramref name="region"/>).</summary>
    public Task<SmokeReport> RunAsync(string projectId, string region, SmokeSettings settings, SmokeRunOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(projectId);
        ArgumentException.ThrowIfNullOrWhiteSpace(region);
        ArgumentNullException.ThrowIfNull(settings);
        return RunAsync(new SmokeScope(projectId, null, _ => region, settings), options, cancellationToken);
    }

    private async Task<SmokeReport> RunAsync(SmokeScope scope, SmokeRunOptions? options, CancellationToken cancellationToken)
    {
        options ??= new SmokeRunOptions();
        var checks = options.Checks ?? scope.Settings.Checks;
        var concurrency = options.Concurrency ?? scope.Settings.Concurrency;
        if (concurrency < 1)
        {
            throw new JobFinderException("SmokeConcurrencyInvalid", ErrorKind.InvalidArgument, $"Concurrency must be at least 1, not {concurrency}.", concurrency);
        }

        var resolver = new SmokeEndpointResolver(new CloudFunctionsApi(_client), new CloudRunApi(_client), scope.ProjectId, scope.RegionOf);
        var firebase = FirebaseTokens(_client, scope, options);
        var oidc = new OidcTokenSource(_client.Connection, _tokens, _secrets, _time);
        var executor = new SmokeCheckExecutor(_client.Connection.HttpClient, _secrets, RetryDelay);

        _client.Events.Verbose($"Running {checks.Count} smoke check(s) against {options.Target} of {scope.ProjectId}, {concurrency} at a time.");
        var started = _time.GetUtcNow();
        var stopwatch = Stopwatch.StartNew();
        var results = new SmokeCheckResult[checks.Count];
        var problems = new ConcurrentBag<SmokeCredentialProblem>();
        var done = 0;
        await Parallel.ForEachAsync(
            Enumerable.Range(0, checks.Count),
            new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken },
            async (index, ct) =>
            {
                results[index] = await RunOneAsync(checks[index], options.Target, resolver, firebase, oidc, executor, problems, ct).ConfigureAwait(false);
                var finished = Interlocked.Increment(ref done);
                _client.Events.Progress(new ProgressInfo(ProgressIds.Smoke, "Smoke checks", $"{finished} of {checks.Count}: {checks[index].Name}", finished * 100 / Math.Max(1, checks.Count)));
            }).ConfigureAwait(false);
        _client.Events.Progress(new ProgressInfo(ProgressIds.Smoke, "Smoke checks", "done", 100, Completed: true));

        var latencies = results.Select(r => r.LatencyMs).ToArray();
        var report = new SmokeReport
        {
            ProjectId = scope.ProjectId,
            Environment = scope.Environment,
            Target = options.Target.ToString(),
            StartTime = started,
            Duration = stopwatch.Elapsed,
            Checks = results,
            P50Ms = LatencyPercentiles.NearestRank(latencies, 50),
            P95Ms = LatencyPercentiles.NearestRank(latencies, 95),
            P95SlaMs = scope.Settings.P95SlaMs,
            CredentialProblem = CredentialProblemOf(results, problems),
        };
        _client.Events.Verbose($"Smoke checks against {report.Target}: {report.Summary}");
        return report;
    }

    /// <summary>Signs the smoke-test user in when any of <paramref name="checks"/> needs a Firebase ID
    /// token, and checks the token is <paramref name="project"/>'s, without calling any function: the
    /// deployment asks this before it changes anything, so wrong credentials stop it with nothing to undo.
    /// The token stays cached for the checks. Throws <see cref="SmokeCredentialsException"/> naming them.</summary>
    public async Task VerifySignInAsync(JobFinderProject project, IReadOnlyList<SmokeCheckDefinition> checks, SmokeRunOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(checks);
        options ??= new SmokeRunOptions();
        var signedIn = checks.Where(c => c.Auth == SmokeCheckAuth.FirebaseIdToken).Select(c => c.Name).ToArray();
        if (signedIn.Length == 0)
        {
            return;
        }

        var scope = new SmokeScope(project.ProjectId, project.Environment, _ => project.Region, project.Settings.Smoke);
        try
        {
            await FirebaseTokens(_client, scope, options).GetTokenAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (SmokeCredentialsException ex)
        {
            throw ex.For(signedIn);
        }
    }

    private FirebaseIdTokenSource FirebaseTokens(GoogleRestClient client, SmokeScope scope, SmokeRunOptions options) => new(
        client,
        scope.ProjectId,
        () => SmokeUserCredential.Resolve(scope.Settings.Auth, options.User, options.Environment, scope.ProjectId),
        _tokens,
        _secrets,
        _time);

    /// <summary>The first credential problem, naming every check that failed for that reason.</summary>
    private static SmokeCredentialProblem? CredentialProblemOf(IReadOnlyList<SmokeCheckResult> results, IEnumerable<SmokeCredentialProblem> problems) =>
        problems.FirstOrDefault() is { } problem
            ? problem with { Checks = [.. results.Where(r => r.ErrorId == problem.ErrorId).Select(r => r.Name)] }
            : null;

    private async Task<SmokeCheckResult> RunOneAsync(
        SmokeCheckDefinition check,
        SmokeTarget target,
        SmokeEndpointResolver resolver,
        FirebaseIdTokenSource firebase,
        OidcTokenSource oidc,
        SmokeCheckExecutor executor,
        ConcurrentBag<SmokeCredentialProblem> problems,
        CancellationToken cancellationToken)
    {
        var label = check.Url is null ? target.ToString() : "url";
        try
        {
            ResolvedEndpoint endpoint = check.Url is { } url
                ? new(url, null)
                : await resolver.ResolveAsync(check.Function!, target, cancellationToken).ConfigureAwait(false);
            var token = check.Auth switch
            {
                SmokeCheckAuth.FirebaseIdToken => await firebase.GetTokenAsync(cancellationToken).ConfigureAwait(false),
                SmokeCheckAuth.Oidc => await oidc.GetTokenAsync(Audience(endpoint.BaseUrl), _client.Events, cancellationToken).ConfigureAwait(false),
                _ => null,
            };
            var prepared = new PreparedRequest(Combine(endpoint.BaseUrl, check.Path), label, endpoint.Revision, token);
            return await executor.RunAsync(check, prepared, _client.Events, cancellationToken).ConfigureAwait(false);
        }
        catch (JobFinderException ex)
        {
            // The check cannot run (function missing, tag unknown, no credentials): it fails with the reason,
            // and the other checks still run. Credential problems are collected for the report: the
            // caller must not read these failures as the release's.
            if (ex is SmokeCredentialsException credentials)
            {
                problems.Add(credentials.Problem);
            }

            _client.Events.Warning($"Smoke check '{check.Name}' could not run: {_secrets.Redact(ex.Message)}");
            return new SmokeCheckResult
            {
                Name = check.Name,
                Function = check.Function,
                Url = check.Url,
                Target = label,
                Method = check.Method,
                Auth = check.Auth,
                Passed = false,
                ErrorId = ex.ErrorId,
                Reason = _secrets.Redact($"{ex.ErrorId}: {ex.Message}"),
            };
        }
    }

    /// <summary>Cloud Run accepts an identity token whose audience is the service's URL (scheme, host and,
    /// on the emulator, the service's path prefix), so the audience is the base URL without the check's path.</summary>
    private static string Audience(string baseUrl) => baseUrl.TrimEnd('/');

    private static string Combine(string baseUrl, string path) =>
        path.Length == 0 ? baseUrl : baseUrl.TrimEnd('/') + path;

    private sealed record SmokeScope(string ProjectId, string? Environment, Func<string, string> RegionOf, SmokeSettings Settings);
}
