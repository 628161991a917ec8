using JobFinder.Ops.Errors;
using JobFinder.Ops.Events;
using JobFinder.Ops.Frontend;
using JobFinder.Ops.Model;
using JobFinder.Ops.Tests.Portfolio;
using Xunit;

namespace JobFinder.Ops.Tests.Frontend;

/// <summary>The frontend env check: parsing, each kind of setting against Google-shaped URLs, and the
/// whole check over HTTP against functions deployed in the emulator.</summary>
public sealed class FrontendConfigTests(FunctionsEmulatorFixture fixture) : IClassFixture<FunctionsEmulatorFixture>
{
    private static readonly DeployedFunctionUrl[] s_google =
    [
        new("submitJob", "us-central1", "https://us-central1-jobfinder-prod.cloudfunctions.net/submitJob", "https://submitjob-x7k2p9q4aa-uc.a.run.app"),
        new("getStopList", "us-central1", "https://us-central1-jobfinder-prod.cloudfunctions.net/getStopList", "https://getstoplist-x7k2p9q4aa-uc.a.run.app"),
    ];

    [Fact]
    public void Env_files_parse_like_dotenv()
    {
        var entries = FrontendEnvFile.Parse("# comment\nexport VITE_A=\"x # not a comment\"\nVITE_B='y'\nVITE_C=z # comment\n\nPORT=3000\n", ".env");

        Assert.Equal([("VITE_A", "x # not a comment", 2), ("VITE_B", "y", 3), ("VITE_C", "z", 4), ("PORT", "3000", 6)], entries.Select(e => (e.Key, e.Value, e.Line)).ToArray());
        var error = Assert.Throws<JobFinderConfigurationException>(() => FrontendEnvFile.Parse("VITE_OK=1\nnot a setting\n", ".env.production"));
        Assert.Equal("FrontendEnvFileMalformed", error.ErrorId);
        Assert.Equal(2, error.Line);
    }

    [Fact]
    public void Each_kind_of_setting_is_compared_with_what_is_deployed()
    {
        var env = """
            VITE_FIREBASE_API_KEY=AIzaNotChecked
            VITE_FIREBASE_PROJECT_ID=jobfinder-prod
            VITE_FUNCTIONS_REGION=us-central1
            VITE_FUNCTIONS_BASE_URL=https://us-central1-jobfinder-prod.cloudfunctions.net/
            VITE_SUBMIT_JOB_URL=https://us-central1-jobfinder-prod.cloudfunctions.net/submitJob
            REACT_APP_GET_STOP_LIST_ENDPOINT=https://getstoplist-x7k2p9q4aa-uc.a.run.app
            VITE_SENTRY_URL=https://o1.ingest.sentry.io/42
            """;

        var checks = FrontendConfigChecker.Check(FrontendEnvFile.Parse(env, ".env.production"), ".env.production", "jobfinder-prod", s_google);

        Assert.Equal(
            ["VITE_FIREBASE_PROJECT_ID", "VITE_FUNCTIONS_REGION", "VITE_FUNCTIONS_BASE_URL", "VITE_SUBMIT_JOB_URL", "REACT_APP_GET_STOP_LIST_ENDPOINT"],
            checks.Select(c => c.Key).ToArray());
        Assert.All(checks, c => Assert.Equal(FrontendCheckStatus.Pass, c.Status));
        Assert.Equal("submitJob", checks.Single(c => c.Key == "VITE_SUBMIT_JOB_URL").Function);
        Assert.Equal("https://us-central1-jobfinder-prod.cloudfunctions.net", checks.Single(c => c.Key == "VITE_FUNCTIONS_BASE_URL").Expected);
    }

    [Fact]
    public void Settings_that_still_point_at_the_portfolio_project_fail_with_the_expected_value()
    {
        var env = """
            VITE_FIREBASE_PROJECT_ID=portfolio-site
            VITE_FUNCTIONS_REGION=europe-west1
            VITE_FUNCTIONS_BASE_URL=https://us-central1-portfolio-site.cloudfunctions.net
            VITE_SUBMIT_JOB_URL=https://us-central1-portfolio-site.cloudfunctions.net/submitJob
            VITE_SCRAPE_URL=https://us-central1-portfolio-site.cloudfunctions.net/scrapeCompany
            """;

        var checks = FrontendConfigChecker.Check(FrontendEnvFile.Parse(env, ".env.production"), ".env.production", "jobfinder-prod", s_google);

        Assert.All(checks, c => Assert.Equal(FrontendCheckStatus.Fail, c.Status));
        Assert.Equal(5, checks.Count);
        Assert.Equal("jobfinder-prod", checks[0].Expected);
        Assert.Equal("no function is deployed in europe-west1", checks[1].Reason);
        Assert.Equal("https://us-central1-jobfinder-prod.cloudfunctions.net/submitJob", checks[3].Expected);
        Assert.Equal(4, checks[3].Line);
        Assert.Equal("no deployed function answers at this URL", checks[4].Reason);
    }

    [Fact]
    public async Task The_check_reads_the_deployed_urls_from_the_functions_api()
    {
        var submitJob = await fixture.DeployAsync("jobfinder-prod", "submitJob");
        var folder = Directory.CreateTempSubdirectory("frontend-");
        try
        {
            var path = Path.Combine(folder.FullName, ".env.production");
            await File.WriteAllTextAsync(path, $"VITE_SUBMIT_JOB_URL={submitJob.Url}\nVITE_HEALTH_URL=https://us-central1-portfolio-site.cloudfunctions.net/health\nVITE_FIREBASE_PROJECT_ID=jobfinder-prod\n");

            var checks = await new FrontendConfigService(fixture.Client()).CheckAsync(path, "jobfinder-prod", CancellationToken.None);

            Assert.Equal([FrontendCheckStatus.Pass, FrontendCheckStatus.Fail, FrontendCheckStatus.Pass], checks.Select(c => c.Status).ToArray());
            Assert.StartsWith(fixture.Emulator.BaseAddress.ToString(), checks[0].Expected, StringComparison.Ordinal);
            Assert.Equal(path, checks[0].File);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
