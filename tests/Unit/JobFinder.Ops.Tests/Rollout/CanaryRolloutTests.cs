using System.Net;
using JobFinder.Ops.Errors;
using JobFinder.Ops.Events;
using JobFinder.Ops.Google.Rules;
using JobFinder.Ops.Google.Run;
using JobFinder.Ops.Model;
using JobFinder.Ops.Rollout;
using Xunit;

namespace JobFinder.Ops.Tests.Rollout;

/// <summary>Canary steps judged by Cloud Monitoring and probes: a good release walks 10→50→100, a
/// release with 30% errors is rolled back at the first step (rules included), and rules that do not
/// compile stop everything before any change.</summary>
public sealed class CanaryRolloutTests(RolloutFixture fixture) : IClassFixture<RolloutFixture>
{
    [Fact]
    public async Task AGoodReleaseGoesTenFiftyHundredAndRecordsEveryStep()
    {
        using var repo = new RolloutRepository([fixture.NewId("good"), fixture.NewId("good")]);
        await DeployAsync(repo);
        repo.SetSource("v2");

        var record = await DeployAsync(repo);

        Assert.True(record.Outcome == DeploymentOutcome.Succeeded, $"{record.Outcome}: {record.Reason}");
        Assert.Equal(
            [
                DeploymentStepKind.Lock, DeploymentStepKind.PinTraffic, DeploymentStepKind.DeployFunctions,
                DeploymentStepKind.Traffic, DeploymentStepKind.Analysis, DeploymentStepKind.Traffic, DeploymentStepKind.Analysis,
                DeploymentStepKind.Promote, DeploymentStepKind.Unlock,
            ],
            record.Steps.Select(s => s.Kind));
        Assert.Equal([10, 10, 50, 50, 100], record.Steps.Where(s => s.CanaryPercent is not null).Select(s => s.CanaryPercent!.Value));
        Assert.All(record.Steps, s => Assert.Equal(DeploymentStepState.Completed, s.State));
        Assert.Equal(4, record.Verdicts.Count);
        Assert.All(record.Verdicts, v =>
        {
            Assert.Equal(CanaryDecision.Pass, v.Decision);
            Assert.True(v.Canary.Requests >= v.Thresholds.MinRequests);
        });
        Assert.All(record.Verdicts.Where(v => v.CanaryPercent == 10), v => Assert.True(v.ProbesUsed && v.ProbeCount == 60));
        Assert.Equal("stable=90% canary=10%", record.Steps.First(s => s.Kind == DeploymentStepKind.Traffic).Split);
    }

    [Fact]
    public async Task AReleaseWithThirtyPercentErrorsIsRolledBackAtTheFirstStepWithItsNumbers()
    {
        using var repo = new RolloutRepository([fixture.NewId("bad")], withRules: true);
        var first = await DeployAsync(repo);
        var previousRuleset = Assert.Single(first.Rules).NewRuleset;
        repo.SetSource("v2")
            .SetEnvironment("EMULATOR_FAULT_ERROR_RATE=0.3\n")
            .Write("firestore.rules", RolloutRepository.ValidRules.Replace("if true", "if false", StringComparison.Ordinal));
        var function = first.Functions[0];
        using var load = new UserLoad(function.CanaryUrl!);

        var record = await DeployAsync(repo);
        var (requests, failures) = await load.StopAsync();

        Assert.Equal(DeploymentOutcome.RolledBack, record.Outcome);
        Assert.Contains("error rate", record.Reason);
        var analysis = Assert.Single(record.Steps, s => s.Kind == DeploymentStepKind.Analysis);
        Assert.Equal(DeploymentStepState.Failed, analysis.State);
        Assert.Equal(10, analysis.CanaryPercent);
        var verdict = Assert.Single(analysis.Verdicts);
        Assert.Equal(CanaryDecision.Fail, verdict.Decision);
        Assert.True(verdict.Canary.ErrorRate > 0.10, verdict.Canary.ToString());
        Assert.True(verdict.Canary.Requests >= 20);
        Assert.DoesNotContain(record.Steps, s => s.CanaryPercent == 50);
        Assert.Equal(DeploymentStepState.Completed, Assert.Single(record.Steps, s => s.Kind == DeploymentStepKind.Rollback).State);

        var updated = Assert.Single(record.Functions);
        var service = await new CloudRunApi(fixture.Client()).GetServiceAsync(RunServiceName.Parse(updated.ServiceName!));
        var traffic = Assert.Single(service.Traffic!);
        Assert.Equal((updated.StableRevision, 100), (traffic.Revision, traffic.Percent));
        var release = await new FirebaseRulesApi(fixture.Client()).GetReleaseAsync(new ReleaseName(RolloutFixture.Project, ReleaseName.Firestore));
        Assert.Equal(previousRuleset, release.RulesetName);
        Assert.Equal(previousRuleset, Assert.Single(record.Rules).PreviousRuleset);

        // Users saw at most the canary's share of its errors: 10% of traffic x 30% errors, never more than 10%.
        Assert.True(requests > 0);
        Assert.True(failures <= requests / 10, $"{failures} of {requests} user requests failed");

        // The function's configuration is still the rolled-back release, but it serves nothing: the same
        // release planned again is an update, not "unchanged".
        var again = await new RolloutEngine(fixture.Client()).PlanAsync(RolloutEngineTests.Options(repo.Load()), default);
        var change = Assert.Single(again.Functions);
        Assert.Equal(PlannedChangeAction.Update, change.Action);
        Assert.Contains(change.Differences, d => d.StartsWith("traffic: the latest revision does not serve 100%", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RulesThatDoNotCompileStopTheDeploymentBeforeAnyMutatingCall()
    {
        using var repo = new RolloutRepository([fixture.NewId("rules")], withRules: true);
        repo.Write("firestore.rules", "rules_version = '2';\nservice cloud.firestore {\n  match /databases/{database}/documents {\n    allow read: if ;\n  }\n}\n");
        await fixture.ClearRequestLogAsync();

        var error = await Assert.ThrowsAsync<JobFinderConfigurationException>(() => DeployAsync(repo));

        Assert.Equal("RulesCompilationFailed", error.ErrorId);
        Assert.EndsWith("firestore.rules", error.FilePath);
        Assert.NotNull(error.Line);
        Assert.Contains($"firestore.rules:{error.Line}:{error.Column}", error.Message);
        Assert.Empty(await fixture.MutatingCallsAsync());
    }

    private Task<DeploymentRecord> DeployAsync(RolloutRepository repo) =>
        new RolloutEngine(fixture.Client()).DeployAsync(RolloutEngineTests.Options(repo.Load()), default);

    /// <summary>Steady user traffic on a function's URL (what users hit, split by the service's weights).</summary>
    private sealed class UserLoad : IDisposable
    {
        private readonly HttpClient _http = new();
        private readonly CancellationTokenSource _stop = new();
        private readonly Task<(int, int)> _loop;

        public UserLoad(string url)
        {
            var userUrl = url.Replace("canary---", "", StringComparison.Ordinal);
            _loop = Task.Run(async () =>
            {
                int requests = 0, failures = 0;
                while (!_stop.IsCancellationRequested)
                {
                    try
                    {
                        using var response = await _http.GetAsync(userUrl, _stop.Token);
                        requests++;
                        failures += response.StatusCode >= HttpStatusCode.InternalServerError ? 1 : 0;
                        await Task.Delay(10, _stop.Token);
                    }
                    catch (OperationCanceledException)
                    {
                        break;
                    }
                }

                return (requests, failures);
            });
        }

        public async Task<(int Requests, int Failures)> StopAsync()
        {
            await _stop.CancelAsync();
            return await _loop;
        }

        public void Dispose()
        {
            _stop.Cancel();
            _http.Dispose();
            _stop.Dispose();
        }
    }
}
