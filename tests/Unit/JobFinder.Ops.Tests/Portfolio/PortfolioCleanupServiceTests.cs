using JobFinder.Ops.Events;
using JobFinder.Ops.Google.Functions;
using JobFinder.Ops.Portfolio;
using Xunit;

namespace JobFinder.Ops.Tests.Portfolio;

/// <summary>The portfolio survey and delete over HTTP against the emulator's portfolio-site project.</summary>
public sealed class PortfolioCleanupServiceTests(FunctionsEmulatorFixture fixture) : IClassFixture<FunctionsEmulatorFixture>
{
    private const string Project = "portfolio-site";

    [Fact]
    public async Task The_survey_lists_every_function_with_the_requests_its_service_served_and_delete_removes_one()
    {
        var contactForm = await fixture.DeployAsync(Project, "contactForm");
        var submitJob = await fixture.DeployAsync(Project, "submitJob");
        await fixture.DeployAsync(Project, "getStopList");
        await FunctionsEmulatorFixture.CallAsync(submitJob, 3);
        await FunctionsEmulatorFixture.CallAsync(contactForm, 1);
        await fixture.WaitForVisibleMetricsAsync();
        var events = new CollectingEventSink();
        var service = new PortfolioCleanupService(fixture.Client().WithEvents(events));

        var survey = await service.SurveyAsync(Project, TimeSpan.FromHours(24), CancellationToken.None);

        Assert.Equal(["contactForm", "getStopList", "submitJob"], survey.Select(f => f.FunctionId).ToArray());
        Assert.Equal([1L, 0L, 3L], survey.Select(f => f.Requests).ToArray());
        Assert.All(survey, f => Assert.Equal("us-central1", f.Region));
        Assert.All(survey, f => Assert.False(f.IsGen1));
        Assert.Contains(events.Events, e => e.Message.Contains("run.googleapis.com/request_count", StringComparison.Ordinal));

        await service.DeleteAsync(survey.Single(f => f.FunctionId == "getStopList"), CancellationToken.None);

        var after = await service.SurveyAsync(Project, TimeSpan.FromHours(24), CancellationToken.None);
        Assert.Equal(["contactForm", "submitJob"], after.Select(f => f.FunctionId).ToArray());
        var left = new List<string>();
        await foreach (var function in new CloudFunctionsApi(fixture.Client()).ListAsync(Project, "-"))
        {
            left.Add(FunctionName.Parse(function.Name!).Function);
        }

        Assert.Equal(["contactForm", "submitJob"], left.Order(StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public async Task Traffic_older_than_the_window_does_not_count()
    {
        var service = new PortfolioCleanupService(fixture.Client());
        var function = await fixture.DeployAsync("jobfinder-staging", "scrapeCompany");
        await FunctionsEmulatorFixture.CallAsync(function, 2);
        await fixture.WaitForVisibleMetricsAsync();

        var now = await service.SurveyAsync("jobfinder-staging", TimeSpan.FromMinutes(5), CancellationToken.None);
        var later = await service.SurveyAsync("jobfinder-staging", TimeSpan.FromMinutes(5), CancellationToken.None, DateTimeOffset.UtcNow.AddHours(1));

        Assert.Equal(2, now.Single(f => f.FunctionId == "scrapeCompany").Requests);
        Assert.Equal(0, later.Single(f => f.FunctionId == "scrapeCompany").Requests);
    }
}
