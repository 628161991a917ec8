using JobFinder.Ops.Errors;
using JobFinder.Ops.Model;

namespace JobFinder.Ops.Smoke;

/// <summary>Tells wrong smoke credentials from a release that rejects users (docs/SMOKE.md, "Wrong
/// credentials are not a failed release"). The credentials are wrong when the sign-in itself fails (the
/// runner reports that as <see cref="SmokeReport.CredentialProblem"/>), or when every signed-in check
/// the new revision refused with 401/403 is refused the same way by the revision users are on: what
/// the old code does too, the release did not cause. One refused check that the old revision accepts
/// makes it the release's failure.</summary>
public static class SmokeCredentialTriage
{
    /// <summary>A check that carried a token and was refused it (401 Unauthorized, 403 Forbidden).</summary>
    public static bool IsRefused(SmokeCheckResult check)
    {
        ArgumentNullException.ThrowIfNull(check);
        return check.Auth != SmokeCheckAuth.None && check.StatusCode is 401 or 403;
    }

    /// <summary>The checks of <paramref name="report"/> that were refused their token.</summary>
    public static IReadOnlyList<SmokeCheckResult> Refused(SmokeReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return report.Checks.Where(IsRefused).ToArray();
    }

    /// <summary>True when something other than <paramref name="credentials"/> failed in <paramref name="report"/>:
    /// a check it does not name, or the latency SLA. Only that says anything about the release.</summary>
    public static bool FailedBeyond(SmokeReport report, SmokeCredentialProblem? credentials)
    {
        ArgumentNullException.ThrowIfNull(report);
        return !report.SlaMet || report.Checks.Any(c => !c.Passed && !(credentials?.Checks.Contains(c.Name, StringComparer.Ordinal) ?? false));
    }

    /// <summary>The credential problem when every check <paramref name="onNew"/> refused is refused by
    /// <paramref name="onCurrent"/> (the same checks against the revision users are on), else null.</summary>
    public static SmokeCredentialProblem? RefusedByBoth(SmokeReport onNew, SmokeReport onCurrent, SmokeAuthSettings auth, bool explicitUser)
    {
        ArgumentNullException.ThrowIfNull(onNew);
        ArgumentNullException.ThrowIfNull(onCurrent);
        ArgumentNullException.ThrowIfNull(auth);
        var refused = Refused(onNew);
        if (refused.Count == 0 || !refused.All(n => onCurrent.Checks.Any(c => c.Name == n.Name && IsRefused(c))))
        {
            return null;
        }

        var forbidden = refused.All(r => r.StatusCode == 403);
        var oidc = refused.All(r => r.Auth == SmokeCheckAuth.Oidc);
        var statuses = string.Join("/", refused.Select(r => r.StatusCode).Distinct().Order());
        return new SmokeCredentialProblem
        {
            ErrorId = SmokeCredentialProblem.RejectedErrorId,
            Category = forbidden ? ErrorKind.PermissionDenied : ErrorKind.AuthenticationError,
            ProjectId = onNew.ProjectId,
            Credential = oidc ? "OIDC identity token" : SmokeUserCredential.UserCredential,
            Source = oidc ? "the session's service account" : explicitUser ? "-Credential" : auth.EmailEnvVar,
            Message = $"the new revision ({onNew.Target}) and the revision users are on ({onCurrent.Target}) both answer HTTP {statuses}: "
                + (oidc
                    ? "the deploy credentials' identity token is not allowed to invoke the functions"
                    : forbidden
                        ? "the functions refuse this user what it asks for (a role or custom claim it lacks)"
                        : "the functions do not accept the test user's ID token"),
            Fix = oidc
                ? "Grant the session's service account roles/run.invoker on the services, or connect with one that has it (Connect-JobFinderProject -KeyFile). See docs/SMOKE.md."
                : "Give the smoke-test user what the functions require of a signed-in user (as production users have it), or name another user in the smoke.auth variables. See docs/SMOKE.md.",
            Checks = [.. refused.Select(r => r.Name)],
        };
    }
}
