using JobFinder.Ops.Frontend;
using JobFinder.Ops.Model;
using Xunit;

namespace JobFinder.Ops.Tests.Frontend;

/// <summary>Rewriting a frontend env file: only the failing settings' values change, in the line's own form,
/// with Google-shaped URLs; the docs table between its markers.</summary>
public sealed class FrontendEnvWriterTests
{
    private static readonly DeployedFunctionUrl[] s_google =
    [
        new("submitJob", "us-central1", "https://us-central1-jobfinder-prod.cloudfunctions.net/submitJob", "https://submitjob-x7k2p9q4aa-uc.a.run.app"),
        new("getStopList", "europe-west1", "https://europe-west1-jobfinder-prod.cloudfunctions.net/getStopList", null),
    ];

    [Theory]
    [InlineData("VITE_A=old", "VITE_A=new")]
    [InlineData("VITE_A='old' # why", "VITE_A='new' # why")]
    [InlineData("export VITE_A = \"old\"", "export VITE_A = \"new\"")]
    [InlineData("VITE_A=old # note", "VITE_A=new # note")]
    public void KeepsTheLineForm(string line, string expected) =>
        Assert.Equal(expected, FrontendEnvWriter.WithValue(line, "new"));

    [Fact]
    public void ChangesOnlyFailingSettingsWithOneRightValueAndKeepsCrLf()
    {
        const string text = "# prod\r\nVITE_FIREBASE_PROJECT_ID=portfolio-site\r\nVITE_FUNCTIONS_REGION=us-east1\r\nVITE_SUBMIT_JOB_URL=https://us-central1-jobfinder-prod.cloudfunctions.net/submitJob\r\n";
        var checks = FrontendConfigChecker.Check(FrontendEnvFile.Parse(text, ".env"), ".env", "jobfinder-prod", s_google);

        var (updated, changes, unfixable) = FrontendEnvWriter.Apply(text, ".env", checks);

        Assert.Equal("# prod\r\nVITE_FIREBASE_PROJECT_ID=jobfinder-prod\r\nVITE_FUNCTIONS_REGION=us-east1\r\nVITE_SUBMIT_JOB_URL=https://us-central1-jobfinder-prod.cloudfunctions.net/submitJob\r\n", updated);
        Assert.Equal("VITE_FIREBASE_PROJECT_ID: portfolio-site -> jobfinder-prod", Assert.Single(changes).ToString());
        Assert.Equal("VITE_FUNCTIONS_REGION", Assert.Single(unfixable).Key);
    }

    [Fact]
    public void EndpointsTableReplacesOnlyBetweenMarkersAndReportsChangedRows()
    {
        var (first, added) = EndpointsTable.Apply("# Endpoints\n", "E.md", "jobfinder-prod", s_google);
        var edited = first + "after\n";
        var moved = new[] { s_google[0] with { Url = "https://us-central1-jobfinder-prod.cloudfunctions.net/submitJobV2" } };

        var (second, changes) = EndpointsTable.Apply(edited, "E.md", "jobfinder-prod", moved);

        Assert.Equal(2, added.Count);
        Assert.StartsWith("# Endpoints\n\n" + EndpointsTable.StartMarker, second, StringComparison.Ordinal);
        Assert.EndsWith(EndpointsTable.EndMarker + "\nafter\n", second, StringComparison.Ordinal);
        Assert.Equal(
            ["getStopList (europe-west1): https://europe-west1-jobfinder-prod.cloudfunctions.net/getStopList -> (removed)",
             "submitJob (us-central1): https://us-central1-jobfinder-prod.cloudfunctions.net/submitJob -> https://us-central1-jobfinder-prod.cloudfunctions.net/submitJobV2"],
            changes.Select(c => c.ToString()));
    }
}
