using JobFinder.Ops.Errors;
using JobFinder.Ops.Events;
using JobFinder.Ops.Google.Functions;
using JobFinder.Ops.Google.Run;
using JobFinder.Ops.Model;
using JobFinder.Ops.Rollout;
using Xunit;

namespace JobFinder.Ops.Tests.Rollout;

/// <summary>The rollout engine against the emulator: creates, canary updates through the stable/canary
/// tags, skipped unchanged functions, the lock, -WhatIf, deletes, and resume after a stop.</summary>
public sealed class RolloutEngineTests(RolloutFixture fixture) : IClassFixture<RolloutFixture>
{
    [Fact]
    public async Task FirstDeploymentCreatesTheFunctionsAndJournalsEveryStep()
    {
        using var repo = new RolloutRepository([fixture.NewId("create"), fixture.NewId("create")]);
        var record = await DeployAsync(repo.Load());

        Assert.Equal(DeploymentOutcome.Succeeded, record.Outcome);
        Assert.All(record.Functions, f =>
        {
            Assert.True(f.Created);
            Assert.NotNull(f.NewRevision);
            Assert.NotNull(f.ServiceName);
        });
        Assert.Equal([DeploymentStepKind.Lock, DeploymentStepKind.DeployFunctions, DeploymentStepKind.Unlock], record.Steps.Select(s => s.Kind));
        Assert.All(record.Steps, s => Assert.Equal(DeploymentStepState.Completed, s.State));

        var journal = new DeploymentJournal(repo.Root, fixture.Client(), "jobfinder-staging-backups");
        Assert.True(File.Exists(journal.LocalPath(record.Id)));
        var stored = await journal.ReadAsync(record.Id);
        Assert.Equal(record.Steps.Count, stored!.Steps.Count);
        Assert.Equal(DeploymentOutcome.Succeeded, stored.Outcome);
        var (holder, _) = await new DeploymentLock(fixture.Client(), "jobfinder-staging-backups", RolloutFixture.Project).ReadAsync(default);
        Assert.Null(holder);
    }

    [Fact]
    public async Task AnUpdatePinsStableDeploysTheCanaryAtZeroAndPromotesToLatest()
    {
        using var repo = new RolloutRepository([fixture.NewId("update")], trafficSteps: "[100]");
        var created = await DeployAsync(repo.Load());
        repo.SetSource("v2");
        var record = await DeployAsync(repo.Load());

        Assert.Equal(DeploymentOutcome.Succeeded, record.Outcome);
        var function = Assert.Single(record.Functions);
        Assert.Equal(PlannedChangeAction.Update, function.Action);
        Assert.Equal(created.Functions[0].NewRevision, function.StableRevision);
        Assert.NotEqual(function.StableRevision, function.NewRevision);
        Assert.Contains("canary---", function.CanaryUrl);
        Assert.Single(function.PreviousTraffic, t => t.Latest && t.Percent == 100);
        Assert.Equal(
            [DeploymentStepKind.Lock, DeploymentStepKind.PinTraffic, DeploymentStepKind.DeployFunctions, DeploymentStepKind.Promote, DeploymentStepKind.Unlock],
            record.Steps.Select(s => s.Kind));

        var service = await new CloudRunApi(fixture.Client()).GetServiceAsync(RunServiceName.Parse(function.ServiceName!));
        var traffic = Assert.Single(service.Traffic!);
        Assert.Equal(TrafficTargetAllocationType.Latest, traffic.Type);
        Assert.EndsWith("/" + function.NewRevision, service.LatestReadyRevision);
    }

    [Fact]
    public async Task UnchangedFunctionsAreSkippedWithoutAnyFunctionOrTrafficCall()
    {
        using var repo = new RolloutRepository([fixture.NewId("same")]);
        await DeployAsync(repo.Load());
        await fixture.ClearRequestLogAsync();

        var record = await DeployAsync(repo.Load());

        Assert.Equal(DeploymentOutcome.Succeeded, record.Outcome);
        Assert.Empty(record.Functions);
        var calls = await fixture.MutatingCallsAsync();
        Assert.DoesNotContain(calls, c => c.Contains("/functions", StringComparison.Ordinal) || c.Contains("/services/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ThePlanShowsTheDiffWithoutValuesAndMakesNoMutatingCall()
    {
        using var repo = new RolloutRepository([fixture.NewId("plan")]);
        await DeployAsync(repo.Load());
        repo.SetSource("v2").SetEnvironment("API_SECRET=hunter2-do-not-print\n");
        await fixture.ClearRequestLogAsync();

        var plan = await new RolloutEngine(fixture.Client()).PlanAsync(Options(repo.Load()), default);

        Assert.Empty(await fixture.MutatingCallsAsync());
        var change = Assert.Single(plan.Functions);
        Assert.Equal(PlannedChangeAction.Update, change.Action);
        Assert.Contains(change.Differences, d => d.StartsWith("source hash:", StringComparison.Ordinal));
        Assert.Contains("env API_SECRET: added (from .env.staging)", change.Differences);
        Assert.DoesNotContain("hunter2", plan.Diff, StringComparison.Ordinal);
        Assert.All(change.Environment, v => Assert.Equal(ProjectFunction.RedactedValue, v.Value));
        Assert.True(plan.HasChanges);
    }

    [Fact]
    public async Task ASecondDeploymentIsRefusedByTheLockAndChangesNothing()
    {
        using var repo = new RolloutRepository([fixture.NewId("lock")]);
        var project = repo.Load();
        var held = new DeploymentLock(fixture.Client(), "jobfinder-staging-backups", project.ProjectId);
        var other = LockOwner.Current("20260101T000000Z-other1", project.ProjectId) with { User = "alice@build-7" };
        await held.AcquireAsync(other, TimeSpan.FromMinutes(30), _ => false, default);
        try
        {
            await fixture.ClearRequestLogAsync();
            var error = await Assert.ThrowsAsync<JobFinderException>(() => DeployAsync(project));

            Assert.Equal("DeploymentLocked", error.ErrorId);
            Assert.Contains("alice@build-7", error.Message);
            // The preflight reads the lock and refuses before any write, even the lock's conditional create.
            Assert.Empty(await fixture.MutatingCallsAsync());
        }
        finally
        {
            await held.ReleaseAsync(other.DeploymentId, default);
        }
    }

    [Fact]
    public async Task ALockTakenBetweenThePreflightAndTheStartIsStillRefusedByTheConditionalCreate()
    {
        using var repo = new RolloutRepository([fixture.NewId("late")]);
        var options = Options(repo.Load());
        var engine = new RolloutEngine(fixture.Client());
        using var preflight = await engine.PreflightAsync(options, default);
        Assert.Null(preflight.StaleLock);
        var held = new DeploymentLock(fixture.Client(), "jobfinder-staging-backups", options.Project.ProjectId);
        var other = LockOwner.Current("20260101T000000Z-other2", options.Project.ProjectId) with { User = "bob@build-8" };
        await held.AcquireAsync(other, TimeSpan.FromMinutes(30), _ => false, default);
        try
        {
            await fixture.ClearRequestLogAsync();
            var error = await Assert.ThrowsAsync<JobFinderException>(() => engine.DeployAsync(preflight, options, default));

            Assert.Equal("DeploymentLocked", error.ErrorId);
            Assert.Contains("bob@build-8", error.Message);
            // The only write tried is the lock's conditional create (ifGenerationMatch=0, refused).
            var writes = await fixture.MutatingCallsAsync();
            Assert.NotEmpty(writes);
            Assert.All(writes, c => Assert.Contains("/b/jobfinder-staging-backups/o", c));
        }
        finally
        {
            await held.ReleaseAsync(other.DeploymentId, default);
        }
    }

    [Fact]
    public async Task FunctionsMissingFromTheSourceAreDeletedOnlyWhenConfirmedForPruning()
    {
        var keep = fixture.NewId("keep");
        var gone = fixture.NewId("gone");
        using var repo = new RolloutRepository([keep, gone]);
        await DeployAsync(repo.Load());
        using var smaller = new RolloutRepository([keep]);

        var plan = await new RolloutEngine(fixture.Client()).PlanAsync(Options(smaller.Load()), default);
        Assert.Equal(PlannedChangeAction.Extra, Assert.Single(plan.Functions, f => f.FunctionId == gone).Action);

        var record = await DeployAsync(smaller.Load(), o => o with { MayDeleteFunction = id => id == gone, Only = $"functions:{keep},functions:{gone}" });

        Assert.Equal(DeploymentOutcome.Succeeded, record.Outcome);
        Assert.Equal([gone], record.PruneFunctions);
        var deleted = Assert.Single(record.Functions, f => f.Action == PlannedChangeAction.Delete);
        Assert.Equal(gone, deleted.FunctionId);
        Assert.True(deleted.Deleted);
        Assert.Equal(DeploymentStepKind.DeleteFunctions, record.Steps[^2].Kind);
        Assert.Contains("\"entryPoint\":\"health\"", deleted.PreviousConfigJson);
        var error = await Assert.ThrowsAsync<JobFinder.Ops.Google.Errors.GoogleApiException>(() =>
            new CloudFunctionsApi(fixture.Client()).GetAsync(new FunctionName(RolloutFixture.Project, RolloutFixture.Region, gone)));
        Assert.Equal(404, error.HttpStatus);
    }

    [Fact]
    public async Task ADeploymentStoppedMidWayIsFinishedByResume()
    {
        using var repo = new RolloutRepository([fixture.NewId("resume"), fixture.NewId("resume")], trafficSteps: "[100]");
        await DeployAsync(repo.Load());
        repo.SetSource("v2");
        using var stop = new CancellationTokenSource();
        var sink = new StopAtSink("Promote", stop);

        var stopped = await new RolloutEngine(fixture.Client(sink)).DeployAsync(Options(repo.Load()), stop.Token);

        Assert.Equal(DeploymentOutcome.Aborted, stopped.Outcome);
        Assert.All(stopped.Functions, f => Assert.NotNull(f.NewRevision));
        Assert.Equal(DeploymentStepState.Failed, Assert.Single(stopped.Steps, s => s.Kind == DeploymentStepKind.Promote).State);

        var resumed = await new RolloutEngine(fixture.Client()).ResumeAsync(stopped.Id, Options(repo.Load()), default);

        Assert.Equal(DeploymentOutcome.Succeeded, resumed.Outcome);
        Assert.Equal(stopped.Id, resumed.Id);
        Assert.Equal(stopped.Functions.Select(f => f.NewRevision), resumed.Functions.Select(f => f.NewRevision));
        Assert.Equal(DeploymentStepState.Completed, resumed.Steps.Last(s => s.Kind == DeploymentStepKind.Promote).State);
        Assert.Equal(1, resumed.Steps.Count(s => s.Kind == DeploymentStepKind.DeployFunctions));
    }

    [Fact]
    public async Task AnInvalidOnlyFilterAndBadStepsAreRefusedBeforeAnything()
    {
        using var repo = new RolloutRepository([fixture.NewId("bad")]);
        var engine = new RolloutEngine(fixture.Client());

        var only = await Assert.ThrowsAsync<JobFinderException>(() => engine.PlanAsync(Options(repo.Load()) with { Only = "hosting" }, default));
        var steps = await Assert.ThrowsAsync<JobFinderException>(() => engine.PlanAsync(Options(repo.Load()) with { TrafficSteps = [50, 10, 100] }, default));
        var backup = await Assert.ThrowsAsync<JobFinderException>(() => engine.DeployAsync(Options(repo.Load()) with { SkipBackup = false }, default));

        Assert.Equal("DeploymentOnlyFilterInvalid", only.ErrorId);
        Assert.Equal("TrafficStepsInvalid", steps.ErrorId);
        Assert.Equal("BackupRequired", backup.ErrorId);
    }

    internal static DeploymentOptions Options(JobFinderProject project) => new() { Project = project, SkipBackup = true };

    private Task<DeploymentRecord> DeployAsync(JobFinderProject project, Func<DeploymentOptions, DeploymentOptions>? change = null)
    {
        var options = Options(project);
        return new RolloutEngine(fixture.Client()).DeployAsync(change is null ? options : change(options), default);
    }
}

/// <summary>Cancels the deployment when a progress status starts with the given text (a step begins).</summary>
internal sealed class StopAtSink(string statusPrefix, CancellationTokenSource stop) : IEngineEventSink
{
    public void Emit(EngineEvent engineEvent)
    {
        if (engineEvent.Progress?.Status.StartsWith(statusPrefix, StringComparison.Ordinal) == true)
        {
            stop.Cancel();
        }
    }
}
