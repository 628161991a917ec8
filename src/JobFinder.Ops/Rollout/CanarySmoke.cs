using JobFinder.Ops.Errors;
using JobFinder.Ops.Events;
using JobFinder.Ops.Google;
using JobFinder.Ops.Model;
using JobFinder.Ops.Smoke;

namespace JobFinder.Ops.Rollout;

/// <summary>The deployment's smoke checks: those of the functions it deploys, against the canary tag URL
/// of updated ones (no user traffic yet) and the URL of created ones. Their verdict is a failed release
/// (<c>CanarySmokeFailed</c>: roll back), or wrong smoke credentials (<see cref="SmokeCredentialsException"/>:
/// stop, never call the release bad). The sign-in is verified before the deployment changes anything,
/// and one runner serves both, so the token minted then is the one the checks carry.</summary>
internal sealed class CanarySmoke(GoogleRestClient client, DeploymentOptions options)
{
    private readonly SmokeRunner _runner = new(client);

    private JobFinderProject Project => options.Project;

    /// <summary>The project's checks that call one of <paramref name="functionIds"/>.</summary>
    public IReadOnlyList<SmokeCheckDefinition> ChecksOf(IReadOnlySet<string> functionIds) =>
        Project.Settings.Smoke.Checks.Where(c => c.Function is { } f && functionIds.Contains(f)).ToArray();

    /// <summary>Signs the test user in when a check of <paramref name="functionIds"/> needs it: a refused
    /// sign-in, an API key of another project or a missing variable stops the deployment here, before the
    /// lock and before any change (<see cref="SmokeCredentialsException"/>).</summary>
    public Task VerifySignInAsync(IReadOnlySet<string> functionIds, CancellationToken cancellationToken) =>
        _runner.VerifySignInAsync(Project, ChecksOf(functionIds), Options(SmokeTarget.Live, []), cancellationToken);

    /// <summary>Runs the checks; returns the summary when they pass.</summary>
    public async Task<string> RunAsync(IReadOnlyList<SmokeCheckDefinition> canaryChecks, IReadOnlyList<SmokeCheckDefinition> createdChecks, CancellationToken cancellationToken)
    {
        var canary = canaryChecks.Count == 0 ? null : await RunAsync(SmokeTarget.Tag(TrafficController.CanaryTag), canaryChecks, cancellationToken).ConfigureAwait(false);
        var created = createdChecks.Count == 0 ? null : await RunAsync(SmokeTarget.Live, createdChecks, cancellationToken).ConfigureAwait(false);
        var reports = new[] { canary, created }.OfType<SmokeReport>().ToArray();
        var credentials = SignInProblem(reports) ?? await RefusedByStableAsync(canary, canaryChecks, cancellationToken).ConfigureAwait(false);
        if (reports.FirstOrDefault(r => SmokeCredentialTriage.FailedBeyond(r, credentials)) is { } failed)
        {
            // Something the credentials do not explain failed: that is the release's.
            if (credentials is not null)
            {
                client.Events.Warning(credentials.Summary);
            }

            throw new JobFinderException("CanarySmokeFailed", ErrorKind.InvalidData, $"Smoke checks against {failed.Target} failed before any user traffic moved: {failed.Summary}", failed.Target);
        }

        if (credentials is not null)
        {
            throw new SmokeCredentialsException(credentials);
        }

        return string.Join("; ", reports.Select(r => $"{r.Target}: {r.Summary}"));
    }

    private Task<SmokeReport> RunAsync(SmokeTarget target, IReadOnlyList<SmokeCheckDefinition> checks, CancellationToken cancellationToken) =>
        _runner.RunAsync(Project, Options(target, checks), cancellationToken);

    private SmokeRunOptions Options(SmokeTarget target, IReadOnlyList<SmokeCheckDefinition> checks) =>
        new() { Target = target, Checks = checks, User = options.SmokeUser, Environment = options.SmokeEnvironment };

    /// <summary>The sign-in failed (during a resume, or the token expired and the user changed since):
    /// one problem naming every check of every report it kept from running.</summary>
    private static SmokeCredentialProblem? SignInProblem(IReadOnlyList<SmokeReport> reports) =>
        reports.Select(r => r.CredentialProblem).OfType<SmokeCredentialProblem>().FirstOrDefault() is { } first
            ? first with { Checks = [.. reports.SelectMany(r => r.CredentialProblem?.Checks ?? [])] }
            : null;

    /// <summary>The canary refused the token of some checks: the same checks go to the stable tag (the
    /// revision users are on, pinned before the deploy). Refused there too, the credentials are wrong;
    /// accepted there, the release rejects what the old code accepts.</summary>
    private async Task<SmokeCredentialProblem?> RefusedByStableAsync(SmokeReport? canary, IReadOnlyList<SmokeCheckDefinition> canaryChecks, CancellationToken cancellationToken)
    {
        var refused = canary is null ? [] : SmokeCredentialTriage.Refused(canary);
        if (refused.Count == 0)
        {
            return null;
        }

        client.Events.Verbose($"The canary refused the token of {string.Join(", ", refused.Select(r => $"'{r.Name}' (HTTP {r.StatusCode})"))}; asking the stable revision the same.");
        var again = canaryChecks.Where(c => refused.Any(r => r.Name == c.Name)).ToArray();
        var onStable = await RunAsync(SmokeTarget.Tag(TrafficController.StableTag), again, cancellationToken).ConfigureAwait(false);
        var problem = SmokeCredentialTriage.RefusedByBoth(canary!, onStable, Project.Settings.Smoke.Auth, options.SmokeUser is not null);
        if (problem is null)
        {
            client.Events.Verbose("The stable revision accepts what the canary refused: the release rejects the user.");
        }

        return problem;
    }
}
