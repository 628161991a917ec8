using System.Net.Http.Headers;
using System.Net.Http.Json;
using JobFinder.Ops.Backup;
using JobFinder.Ops.Errors;
using JobFinder.Ops.Events;
using JobFinder.Ops.Google.Run;
using JobFinder.Ops.Model;
using JobFinder.Ops.Undo;
using JobFinder.Ops.Rollout;
using JobFinder.Ops.Tests.Rollout;
using Xunit;

namespace JobFinder.Ops.Tests.Undo;

/// <summary>Undo-JobFinderDeployment's engine against the emulator: a finished deployment (updates,
/// a created function, rules) is undone exactly, a second undo makes no mutating call, a deployment
/// killed mid-step is undone from its journal, and rollback targets whose revision or image is gone are
/// reported and block the next deployment.</summary>
public sealed class UndoTests(RolloutFixture fixture) : IClassFixture<RolloutFixture>
{
    private const string ChangedRules = """
        rules_version = '2';
        service cloud.firestore {
          match /databases/{database}/documents {
            match /jobs/{job} {
              allow read: if request.auth != null;
            }
          }
        }
        """;

    [Fact]
    public async Task DeployThenUndoRestoresTrafficRulesAndFunctionsExactlyAndTheSecondUndoChangesNothing()
    {
        var a = fixture.NewId("undoa");
        var b = fixture.NewId("undob");
        var created = fixture.NewId("undonew");
        using var first = new RolloutRepository([a, b], trafficSteps: "[100]", withRules: true);
        await DeployAsync(first.Load());
        var before = await SnapshotAsync();

        using var second = new RolloutRepository([a, b, created], trafficSteps: "[100]", withRules: true);
        second.SetSource("v2").Write("firestore.rules", ChangedRules);
        var deployment = await DeployAsync(second.Load());
        Assert.Equal(DeploymentOutcome.Succeeded, deployment.Outcome);
        Assert.NotEmpty(RollbackStateComparer.Compare(before, await SnapshotAsync()));

        var undo = new DeploymentUndo(fixture.Client());
        var plan = await undo.PlanAsync(deployment, default);
        Assert.Equal(2, plan.Traffic.Count);
        Assert.Single(plan.Rules);
        Assert.Equal(created, Assert.Single(plan.Deletes).FunctionId);

        var rollback = await undo.ExecuteAsync(plan, new UndoOptions { Project = second.Load() }, default);

        Assert.Equal(DeploymentOutcome.Succeeded, rollback.Outcome);
        Assert.Equal("Rollback", rollback.Kind);
        Assert.Equal(deployment.Id, rollback.UndoOf);
        // Traffic of every function and the rules move in ONE step.
        var restore = Assert.Single(rollback.Steps, s => s.Kind == DeploymentStepKind.Rollback);
        Assert.Equal(DeploymentStepState.Completed, restore.State);
        Assert.Contains(rollback.Functions, f => f.FunctionId == created && f.Deleted);
        Assert.Empty(RollbackStateComparer.Compare(before, await SnapshotAsync()));
        var journal = new DeploymentJournal(second.Root, fixture.Client(), "jobfinder-staging-backups");
        Assert.Equal("Rollback", (await journal.ReadAsync(rollback.Id))!.Kind);

        await fixture.ClearRequestLogAsync();
        var again = await undo.UndoAsync(deployment, new UndoOptions { Project = second.Load() }, default);

        Assert.Empty(await fixture.MutatingCallsAsync());
        Assert.Equal(rollback.Id, again.Id);
    }

    [Fact]
    public async Task ADeploymentKilledMidStepIsUndoneFromItsJournal()
    {
        var id = fixture.NewId("killed");
        using var repo = new RolloutRepository([id], trafficSteps: "[10, 50, 100]");
        await DeployAsync(repo.Load());
        var before = await SnapshotAsync();
        repo.SetSource("v2");
        using var stop = new CancellationTokenSource();
        var sink = new StopAtSink("Traffic 50%", stop);
        var stopped = await new RolloutEngine(fixture.Client(sink)).DeployAsync(RolloutEngineTests.Options(repo.Load()), stop.Token);

        // What a killed process leaves: the journal InProgress with its last step Started, and the lock held.
        var killed = stopped with
        {
            Outcome = DeploymentOutcome.InProgress,
            Reason = null,
            EndedAt = null,
            Steps = [.. stopped.Steps.Where(s => s.Kind != DeploymentStepKind.Unlock).Select((s, i) => i == stopped.Steps.Count - 2 ? s with { State = DeploymentStepState.Started, EndedAt = null } : s)],
        };
        var journal = new DeploymentJournal(repo.Root, fixture.Client(), "jobfinder-staging-backups");
        await journal.WriteAsync(killed);
        var deadLock = new DeploymentLock(fixture.Client(), "jobfinder-staging-backups", RolloutFixture.Project);
        await deadLock.AcquireAsync(LockOwner.Current(killed.Id, RolloutFixture.Project) with { ProcessId = 999_999 }, TimeSpan.FromMinutes(30), _ => false, default);
        Assert.NotEmpty(RollbackStateComparer.Compare(before, await SnapshotAsync()));

        var undo = new DeploymentUndo(fixture.Client());
        var record = await undo.FindAsync(repo.Load(), killed.Id, default);
        Assert.False(record.IsFinished);
        var rollback = await undo.UndoAsync(record, new UndoOptions { Project = repo.Load() }, default);

        Assert.Equal(DeploymentOutcome.Succeeded, rollback.Outcome);
        Assert.Empty(RollbackStateComparer.Compare(before, await SnapshotAsync()));
        var (holder, _) = await deadLock.ReadAsync(default);
        Assert.Null(holder);
    }

    [Fact]
    public async Task AnUndoWhileTheStoppedDeploymentsUpdateStillRunsPinsTheOldRevisionByName()
    {
        var id = fixture.NewId("inflight");
        using var repo = new RolloutRepository([id], trafficSteps: "[100]");
        await DeployAsync(repo.Load());
        var before = await SnapshotAsync();
        var functions = new JobFinder.Ops.Google.Functions.CloudFunctionsApi(fixture.Client());
        var name = new JobFinder.Ops.Google.Functions.FunctionName(RolloutFixture.Project, "us-central1", id);

        // The update is held in the API for 4 s; the deployment is stopped while it runs (as a killed
        // process would leave it: the operation goes on without it).
        using (var hold = await fixture.Admin.PostAsJsonAsync("_emulator/operation-faults", new { api = "cloudfunctions", kind = "slow", count = 1, delayMs = 4000 }))
        {
            hold.EnsureSuccessStatusCode();
        }

        DeploymentRecord stopped;
        try
        {
            repo.SetSource("v2");
            using var stop = new CancellationTokenSource();
            var deploying = new RolloutEngine(fixture.Client()).DeployAsync(RolloutEngineTests.Options(repo.Load()), stop.Token);
            while ((await functions.GetAsync(name)).State != JobFinder.Ops.Google.Functions.FunctionState.Deploying)
            {
                await Task.Delay(20);
            }

            stop.Cancel();
            stopped = await deploying;
        }
        finally
        {
            using var clear = await fixture.Admin.DeleteAsync("_emulator/operation-faults");
        }

        Assert.Equal(JobFinder.Ops.Google.Functions.FunctionState.Deploying, (await functions.GetAsync(name)).State);
        var undo = new DeploymentUndo(fixture.Client());
        var plan = await undo.PlanAsync(stopped, default);

        // LATEST would follow the revision the running update is about to create: it is pinned by name.
        var target = Assert.Single(Assert.Single(plan.Traffic).Target);
        Assert.Equal((TrafficTargetAllocationType.Revision, Assert.Single(stopped.Functions).StableRevision, 100), (target.Type!.Value, target.Revision, target.Percent!.Value));

        await undo.ExecuteAsync(plan, new UndoOptions { Project = repo.Load() }, default);
        while ((await functions.GetAsync(name)).State == JobFinder.Ops.Google.Functions.FunctionState.Deploying)
        {
            await Task.Delay(50);
        }

        Assert.DoesNotContain(RollbackStateComparer.Compare(before, await SnapshotAsync()), d => d.Property == "ServedSplit");
    }

    [Fact]
    public async Task ATargetWhoseRevisionOrImageIsGoneIsNotViableAndBlocksTheNextDeployment()
    {
        var id = fixture.NewId("viable");
        using var repo = new RolloutRepository([id], trafficSteps: "[100]");
        await DeployAsync(repo.Load());
        repo.SetSource("v2");
        var deployment = await DeployAsync(repo.Load());
        var function = Assert.Single(deployment.Functions);
        var checker = new RollbackViabilityChecker(fixture.Client());
        var live = Assert.Single(await checker.CheckLiveAsync(RolloutFixture.Project, [id], default));
        Assert.True(live.Viable, live.Reason);
        Assert.True(live.ImageExists);
        Assert.True(Assert.Single(await checker.CheckRecordAsync(deployment, default)).Viable);

        // The old revision is cleaned up: undoing the deployment could no longer go back to it.
        var service = RunServiceName.Parse(function.ServiceName!);
        var run = new CloudRunApi(fixture.Client());
        await run.WaitAsync(await run.DeleteRevisionAsync(new RevisionName(service.Project, service.Location, service.Service, function.StableRevision!)));
        var gone = Assert.Single(await checker.CheckRecordAsync(deployment, default));
        Assert.False(gone.Viable);
        Assert.False(gone.RevisionExists);
        Assert.Contains("no longer exists", gone.Reason);

        // The serving revision's image is cleaned up: the next deployment must refuse to start.
        await DeleteImageAsync(service.Service, function.NewRevision!);
        var broken = Assert.Single(await new RollbackViabilityChecker(fixture.Client()).CheckLiveAsync(RolloutFixture.Project, [id], default));
        Assert.False(broken.Viable);
        Assert.False(broken.ImageExists);
        repo.SetSource("v3");
        await fixture.ClearRequestLogAsync();
        var error = await Assert.ThrowsAsync<JobFinderException>(() => DeployAsync(repo.Load()));
        Assert.Equal("RollbackTargetNotViable", error.ErrorId);
        Assert.DoesNotContain(await fixture.MutatingCallsAsync(), c => c.Contains("/functions", StringComparison.Ordinal) || c.Contains("/services/", StringComparison.Ordinal));

        var overridden = await DeployAsync(repo.Load(), o => o with { SkipRollbackCheck = true });
        Assert.Equal(DeploymentOutcome.Succeeded, overridden.Outcome);
    }

    [Fact]
    public async Task TheRehearsalDeploysUndoesComparesAndTimesEachPhase()
    {
        var id = fixture.NewId("rehearse");
        using var repo = new RolloutRepository([id], trafficSteps: "[50, 100]", withRules: true);
        await DeployAsync(repo.Load());
        repo.SetSource("v2").Write("firestore.rules", ChangedRules);

        var report = await new RollbackRehearsal(fixture.Client()).RunAsync(new RehearsalOptions { Deployment = RolloutEngineTests.Options(repo.Load()) }, default);

        Assert.Equal(["Snapshot", "Deploy", "Undo", "Compare"], report.Phases.Select(p => p.Name));
        Assert.True(report.Passed, string.Join("; ", report.Phases));
        Assert.Empty(report.Differences);
        Assert.Equal(DeploymentOutcome.Succeeded, report.DeploymentOutcome);
        Assert.NotNull(report.RollbackId);
        Assert.All(report.Phases, p => Assert.True(p.Duration > TimeSpan.Zero));
    }

    private Task<LiveSnapshot> SnapshotAsync() => new LiveStateReader(fixture.Client()).ReadAsync(RolloutFixture.Project, RollbackStateComparer.Areas);

    private async Task DeleteImageAsync(string serviceId, string revisionId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, $"artifactregistry/v1/projects/{RolloutFixture.Project}/locations/{RolloutFixture.Region}/repositories/gcf-artifacts/packages/{serviceId}/tags/{revisionId}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "owner");
        using var response = await fixture.Admin.SendAsync(request);
        response.EnsureSuccessStatusCode();
    }

    private Task<DeploymentRecord> DeployAsync(JobFinderProject project, Func<DeploymentOptions, DeploymentOptions>? change = null)
    {
        var options = RolloutEngineTests.Options(project);
        return new RolloutEngine(fixture.Client()).DeployAsync(change is null ? options : change(options), default);
    }
}
