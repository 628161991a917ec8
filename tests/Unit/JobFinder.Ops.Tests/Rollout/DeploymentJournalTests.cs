using System.Text;
using JobFinder.Ops.Errors;
using JobFinder.Ops.Model;
using JobFinder.Ops.Rollout;
using Xunit;

namespace JobFinder.Ops.Tests.Rollout;

public sealed class DeploymentJournalTests
{
    [Fact]
    public async Task ARecordRoundTripsThroughTheLocalJournalWithEveryUndoFact()
    {
        var root = Path.Combine(Path.GetTempPath(), "jf-journal-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var journal = new DeploymentJournal(root, client: null, bucket: null);
            var verdict = new CanaryVerdict
            {
                FunctionId = "submitJob",
                Decision = CanaryDecision.Fail,
                Reason = "error rate 30.0% (18/60) is over the 10.0% limit",
                CanaryPercent = 10,
                Canary = new RevisionSample { Revision = "submitjob-00002-abc", Requests = 60, Errors = 18 },
                ProbesUsed = true,
                ProbeCount = 60,
                WindowStart = DateTimeOffset.UtcNow.AddSeconds(-1),
                WindowEnd = DateTimeOffset.UtcNow,
                Thresholds = new AnalysisThresholds(),
            };
            var record = new DeploymentRecord
            {
                Id = DeploymentIds.New(DateTimeOffset.UtcNow),
                ProjectId = "jobfinder-prod",
                Owner = "ci@runner (pid 42)",
                Strategy = RolloutStrategy.Custom,
                TrafficSteps = [10, 50, 100],
                BakeTime = TimeSpan.FromMinutes(2),
                Outcome = DeploymentOutcome.RolledBack,
                Reason = verdict.Reason,
                StartedAt = DateTimeOffset.UtcNow,
                Functions =
                [
                    new FunctionDeploymentRecord
                    {
                        FunctionId = "submitJob", Region = "us-central1", FunctionName = "projects/p/locations/us-central1/functions/submitJob",
                        Action = PlannedChangeAction.Update, ServiceName = "projects/p/locations/us-central1/services/submitjob",
                        StableRevision = "submitjob-00001-old", NewRevision = "submitjob-00002-abc",
                        PreviousTraffic = [new TrafficAllocation(null, 100, Latest: true)],
                    },
                ],
                Rules = [new RulesReleaseRecord { Service = "firestore", ReleaseName = "projects/p/releases/cloud.firestore", File = "firestore.rules", PreviousRuleset = "projects/p/rulesets/old", NewRuleset = "projects/p/rulesets/new", Released = true }],
                Steps = [new DeploymentStep { Sequence = 1, Kind = DeploymentStepKind.Analysis, Name = "Analyse at 10%", CanaryPercent = 10, State = DeploymentStepState.Failed, StartedAt = DateTimeOffset.UtcNow, Verdicts = [verdict] }],
            };

            await journal.WriteAsync(record);
            var read = await journal.ReadAsync(record.Id);

            Assert.NotNull(read);
            Assert.Equal(record.Id, read.DeploymentId);
            var function = Assert.Single(read.Functions);
            Assert.Equal("submitjob-00001-old", function.StableRevision);
            Assert.True(Assert.Single(function.PreviousTraffic).Latest);
            Assert.Equal("projects/p/rulesets/old", Assert.Single(read.Rules).PreviousRuleset);
            var stored = Assert.Single(read.Verdicts);
            Assert.Equal(18, stored.Canary.Errors);
            Assert.True(stored.ProbesUsed);
            Assert.Equal(TimeSpan.FromMinutes(2), read.BakeTime);
            var json = await File.ReadAllTextAsync(journal.LocalPath(record.Id));
            Assert.Contains("\"outcome\": \"RolledBack\"", json);
            Assert.Equal(read.Id, Assert.Single(await journal.ListAsync()).Id);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void AnUnreadableJournalHasItsOwnErrorId()
    {
        var error = Assert.Throws<JobFinderException>(() => DeploymentJournal.Deserialize(Encoding.UTF8.GetBytes("{ not json"), "x.json"));
        Assert.Equal("DeploymentJournalInvalid", error.ErrorId);
    }
}
