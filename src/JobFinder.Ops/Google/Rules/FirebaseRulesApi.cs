using JobFinder.Ops.Google.Json;
using JobFinder.Ops.Google.Transport;

namespace JobFinder.Ops.Google.Rules;

/// <summary>Firebase Rules v1 (<c>firebaserules.googleapis.com/v1</c>). <c>:test</c> compiles without
/// side effects (a read). A ruleset create gets a server-assigned name, so a blind repeat would leave
/// a duplicate: <see cref="RetryPolicy.NonIdempotentWrite"/>. Releases are named by us and a patch sets
/// the ruleset name outright: <see cref="RetryPolicy.IdempotentWrite"/>.</summary>
public sealed class FirebaseRulesApi(GoogleRestClient client) : GoogleApiBase(client, GoogleService.FirebaseRules, "v1")
{
    private static GoogleJsonContext Types => GoogleJsonContext.Default;

    /// <summary>Compiles the source and returns every issue (a create stops at the first).</summary>
    public Task<TestRulesetResponse> TestAsync(string project, RulesSource source, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, PathOf($"projects/{project}", ":test"), RetryPolicy.Read, Types.TestRulesetResponse, $"projects/{project}", cancellationToken,
            body: Json(new TestRulesetRequest { Source = source }, Types.TestRulesetRequest));

    /// <summary>Creates an immutable ruleset. Retried like an idempotent write although the id is the
    /// server's: a repeat can only leave one more unreleased ruleset, which serves nothing (the release
    /// names the one this call returns), while not retrying a 429 without RetryInfo rolled a whole
    /// deployment back (docs/RELIABILITY.md).</summary>
    public Task<Ruleset> CreateRulesetAsync(string project, Ruleset ruleset, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, PathOf($"projects/{project}", "/rulesets"), RetryPolicy.IdempotentWrite, Types.Ruleset, $"projects/{project}", cancellationToken,
            body: Json(ruleset, Types.Ruleset));

    public Task<Ruleset> GetRulesetAsync(string rulesetName, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, PathOf(rulesetName), RetryPolicy.Read, Types.Ruleset, rulesetName, cancellationToken);

    /// <summary>Rulesets (metadata only: name and createTime).</summary>
    public IAsyncEnumerable<Ruleset> ListRulesetsAsync(string project, string? filter = null, int? pageSize = null, CancellationToken cancellationToken = default) =>
        Paging.ReadAllAsync(
            (token, ct) => SendAsync(HttpMethod.Get, PathOf($"projects/{project}", "/rulesets"), RetryPolicy.Read, Types.ListRulesetsResponse, $"projects/{project}", ct,
                new QueryBuilder().Add("filter", filter).Add("pageSize", pageSize).Add("pageToken", token)),
            page => page.Rulesets,
            page => page.NextPageToken,
            cancellationToken);

    public Task DeleteRulesetAsync(string rulesetName, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Delete, PathOf(rulesetName), RetryPolicy.IdempotentWrite, EmptyType, rulesetName, cancellationToken);

    public Task<Release> GetReleaseAsync(ReleaseName name, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, PathOf(name.ToString()), RetryPolicy.Read, Types.Release, name.ToString(), cancellationToken);

    public IAsyncEnumerable<Release> ListReleasesAsync(string project, string? filter = null, int? pageSize = null, CancellationToken cancellationToken = default) =>
        Paging.ReadAllAsync(
            (token, ct) => SendAsync(HttpMethod.Get, PathOf($"projects/{project}", "/releases"), RetryPolicy.Read, Types.ListReleasesResponse, $"projects/{project}", ct,
                new QueryBuilder().Add("filter", filter).Add("pageSize", pageSize).Add("pageToken", token)),
            page => page.Releases,
            page => page.NextPageToken,
            cancellationToken);

    public Task<Release> CreateReleaseAsync(ReleaseName name, string rulesetName, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, PathOf($"projects/{name.Project}", "/releases"), RetryPolicy.IdempotentWrite, Types.Release, name.ToString(), cancellationToken,
            body: Json(new Release { Name = name.ToString(), RulesetName = rulesetName }, Types.Release));

    /// <summary>Points a release at another ruleset (only <c>rulesetName</c> is honoured by the API).</summary>
    public Task<Release> PatchReleaseAsync(ReleaseName name, string rulesetName, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Patch, PathOf(name.ToString()), RetryPolicy.IdempotentWrite, Types.Release, name.ToString(), cancellationToken,
            body: Json(new UpdateReleaseRequest { Release = new Release { Name = name.ToString(), RulesetName = rulesetName } }, Types.UpdateReleaseRequest));
}
