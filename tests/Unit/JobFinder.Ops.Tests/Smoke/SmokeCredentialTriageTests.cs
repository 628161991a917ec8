using JobFinder.Ops.Errors;
using JobFinder.Ops.Model;
using JobFinder.Ops.Smoke;
using Xunit;

namespace JobFinder.Ops.Tests.Smoke;

/// <summary>The rule that tells wrong credentials from a release that rejects users: a check the new
/// revision refused is the credentials' fault only when the revision users are on refuses it too.</summary>
public sealed class SmokeCredentialTriageTests
{
    private static SmokeCheckResult Check(string name, int status, SmokeCheckAuth auth = SmokeCheckAuth.FirebaseIdToken) =>
        new() { Name = name, Target = "t", Auth = auth, StatusCode = status, Passed = status == 200 };

    private static SmokeReport Report(string target, params SmokeCheckResult[] checks) =>
        new() { ProjectId = "jobfinder-prod", Target = target, Checks = checks, P95SlaMs = 5000 };

    [Fact]
    public void RefusedByBothIsACredentialProblemNamingTheChecks()
    {
        var canary = Report("canary", Check("Job submission", 403), Check("Configuration retrieval", 403), Check("Health", 200, SmokeCheckAuth.None));
        var stable = Report("stable", Check("Job submission", 403), Check("Configuration retrieval", 403));

        var problem = SmokeCredentialTriage.RefusedByBoth(canary, stable, new SmokeAuthSettings(), explicitUser: false);

        Assert.NotNull(problem);
        Assert.Equal("SmokeCredentialsRejected", problem.ErrorId);
        Assert.Equal(ErrorKind.PermissionDenied, problem.Category);
        Assert.Equal("test user", problem.Credential);
        Assert.Equal("JOBFINDER_SMOKE_EMAIL", problem.Source);
        Assert.Equal(["Job submission", "Configuration retrieval"], problem.Checks);
        Assert.Contains("jobfinder-prod", problem.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void ARefusedCheckTheCurrentRevisionAcceptsIsTheRelease()
    {
        var canary = Report("canary", Check("Job submission", 401), Check("Configuration retrieval", 401));
        var stable = Report("stable", Check("Job submission", 401), Check("Configuration retrieval", 200));

        Assert.Null(SmokeCredentialTriage.RefusedByBoth(canary, stable, new SmokeAuthSettings(), explicitUser: false));
    }

    [Fact]
    public void OnlyChecksThatCarriedATokenAndGot401Or403CountAsRefused()
    {
        var report = Report("canary", Check("anonymous 401", 401, SmokeCheckAuth.None), Check("server error", 500), Check("refused", 401), Check("forbidden", 403, SmokeCheckAuth.Oidc));

        Assert.Equal(["refused", "forbidden"], SmokeCredentialTriage.Refused(report).Select(c => c.Name));
        Assert.Null(SmokeCredentialTriage.RefusedByBoth(Report("canary", Check("server error", 500)), Report("stable", Check("server error", 500)), new SmokeAuthSettings(), explicitUser: false));
    }
}
