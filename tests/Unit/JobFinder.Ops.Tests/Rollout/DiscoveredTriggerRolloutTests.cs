using JobFinder.Ops.Errors;
using JobFinder.Ops.Events;
using JobFinder.Ops.Google.Errors;
using JobFinder.Ops.Google.Functions;
using JobFinder.Ops.Model;
using JobFinder.Ops.Rollout;
using Xunit;

namespace JobFinder.Ops.Tests.Rollout;

/// <summary>What the fuller function model changes for a deployment: event triggers go out with their
/// filters, path patterns and retry policy, and a function the module cannot deploy stops the deployment
/// before any change instead of being deployed without its trigger.</summary>
public sealed class DiscoveredTriggerRolloutTests(RolloutFixture fixture) : IClassFixture<RolloutFixture>
{
    [Fact]
    public async Task AnEventTriggerIsDeployedWithItsFiltersPathPatternsAndRetry()
    {
        var id = fixture.NewId("event");
        using var repo = WithEndpoint(id, """
                eventTrigger:
                  eventType: google.cloud.firestore.document.v1.written
                  eventFilters: { database: "(default)", namespace: "(default)" }
                  eventFilterPathPatterns: { document: "jobs/{jobId}" }
                  retry: true
            """);

        var record = await new RolloutEngine(fixture.Client()).DeployAsync(RolloutEngineTests.Options(repo.Load()), default);

        Assert.Equal(DeploymentOutcome.Succeeded, record.Outcome);
        var live = await new CloudFunctionsApi(fixture.Client()).GetAsync(new FunctionName(RolloutFixture.Project, RolloutFixture.Region, id));
        Assert.Equal("google.cloud.firestore.document.v1.written", live.EventTrigger?.EventType);
        Assert.Equal("RETRY_POLICY_RETRY", live.EventTrigger?.RetryPolicy);
        Assert.Contains(live.EventTrigger!.EventFilters!, f => f is { Attribute: "document", Value: "jobs/{jobId}", Operator: "match-path-pattern" });
        Assert.Contains(live.EventTrigger.EventFilters!, f => f is { Attribute: "database", Value: "(default)", Operator: null });
    }

    [Fact]
    public async Task AFunctionTheModuleCannotDeployStopsTheDeploymentBeforeAnyChange()
    {
        var id = fixture.NewId("queue");
        using var repo = WithEndpoint(id, """
                taskQueueTrigger: { retryConfig: { maxAttempts: 2 } }
            """);
        var project = repo.Load();
        Assert.StartsWith("taskQueueTrigger:", Assert.Single(project.Functions[0].NotDeployable));
        await fixture.ClearRequestLogAsync();

        var error = await Assert.ThrowsAsync<JobFinderException>(() => new RolloutEngine(fixture.Client()).PlanAsync(RolloutEngineTests.Options(project), default));

        Assert.Equal("FunctionNotDeployable", error.ErrorId);
        Assert.Contains(id, error.Message);
        Assert.Contains("taskQueueTrigger", error.Message);
        Assert.Empty(await fixture.MutatingCallsAsync());
        await Assert.ThrowsAsync<GoogleApiException>(() => new CloudFunctionsApi(fixture.Client()).GetAsync(new FunctionName(RolloutFixture.Project, RolloutFixture.Region, id)));
    }

    // One endpoint on the emulator's health entry point with the given trigger lines.
    private static RolloutRepository WithEndpoint(string id, string trigger) =>
        new RolloutRepository([id]).Write("functions/functions.yaml", $"specVersion: v1alpha1\nendpoints:\n  {id}:\n    entryPoint: health\n{trigger}\n");
}
