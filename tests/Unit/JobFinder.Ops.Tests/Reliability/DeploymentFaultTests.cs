using System.Net.Http.Json;
using System.Text.RegularExpressions;
using JobFinder.Ops.Backup;
using JobFinder.Ops.Errors;
using JobFinder.Ops.Events;
using JobFinder.Ops.Google;
using JobFinder.Ops.Google.Functions;
using JobFinder.Ops.Google.Operations;
using JobFinder.Ops.Google.Run;
using JobFinder.Ops.Model;
using JobFinder.Ops.Undo;
using JobFinder.Ops.Rollout;
using JobFinder.Ops.Tests.Rollout;
using Xunit;

namespace JobFinder.Ops.Tests.Reliability;

/// <summary>The deployment under the cloud's misbehaviour (issue 11, "Faults"): a sustained 30% of
/// transient 429/503 on every API, a function update operation that fails mid-rollout, the emulator
/// restarted in the middle of a long-running operation, and two deployments started at the same moment.
/// Each asserts what a user relies on: the outcome, the live state, and what was (not) called.</summary>
public sealed class DeploymentFaultTests(FaultFixture fixture) : IClassFixture<FaultFixture>
{
    [Fact]
    public async Task ThirtyPercentTransientFaultsOnEveryApiChangeNothingButTheNumberOfCalls()
    {
        using var repo = new RolloutRepository([fixture.NewId("flaky"), fixture.NewId("flaky"), fixture.NewId("flaky"), fixture.NewId("flaky")], withRules: true);
        await DeployAsync(repo);

        // The reference: the same change without faults, to know which steps a deployment has.
        repo.SetSource("v2");
        var clean = await DeployAsync(repo);
        Assert.Equal(DeploymentOutcome.Succeeded, clean.Outcome);

        repo.SetSource("v3").Write("firestore.rules", RolloutRepository.ValidRules.Replace("if true", "if request.auth != null", StringComparison.Ordinal));
        await fixture.AdminAsync(HttpMethod.Delete, "requests");
        await fixture.AdminAsync(HttpMethod.Post, "faults", new { api = "*", rate = 0.3, codes = new[] { 429, 503 }, retryAfterSeconds = 0 });
        var events = new CollectingEventSink();
        DeploymentRecord flaky;
        try
        {
            flaky = await new RolloutEngine(fixture.Client(events)).DeployAsync(RolloutEngineTests.Options(repo.Load()), default);
        }
        finally
        {
            await fixture.AdminAsync(HttpMethod.Delete, "faults");
        }

        Assert.True(DeploymentOutcome.Succeeded == flaky.Outcome, flaky.Reason);
        // No step skipped: the same steps, in the same order, at the same percentages as without faults
        // (plus the rules release, which only this change has), all completed.
        Assert.Equal(
            clean.Steps.Select(s => (s.Kind, s.CanaryPercent)),
            flaky.Steps.Where(s => s.Kind != DeploymentStepKind.ReleaseRules).Select(s => (s.Kind, s.CanaryPercent)));
        Assert.All(flaky.Steps, s => Assert.Equal(DeploymentStepState.Completed, s.State));
        Assert.True(Assert.Single(flaky.Rules).Released);

        // No duplicate revisions: three deployments, three revisions per service, whatever was retried.
        var run = new CloudRunApi(fixture.Client());
        foreach (var function in flaky.Functions)
        {
            var revisions = new List<Revision>();
            await foreach (var revision in run.ListRevisionsAsync(RunServiceName.Parse(function.ServiceName!)))
            {
                revisions.Add(revision);
            }

            Assert.Equal(3, revisions.Count);
        }

        // The faults really happened and the retries are what -Verbose shows.
        var served = await fixture.RequestsAsync();
        Assert.True(served.Count(r => r.Status is 429 or 503) >= 10, $"only {served.Count(r => r.Status is 429 or 503)} injected faults");
        var retries = events.Events.Where(e => e.Kind == EngineEventKind.Verbose && e.Message.StartsWith("Retrying ", StringComparison.Ordinal)).ToArray();
        Assert.NotEmpty(retries);
        Assert.Contains(retries, e => e.Message.Contains("after 503", StringComparison.Ordinal));
        Assert.Contains(retries, e => e.Message.Contains("after 429", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AFunctionUpdateOperationThatFailsMidRolloutRollsEveryFunctionBackToTheRecordedState()
    {
        using var repo = new RolloutRepository([fixture.NewId("opfail"), fixture.NewId("opfail"), fixture.NewId("opfail")], withRules: true);
        await DeployAsync(repo);
        var reader = new LiveStateReader(fixture.Client());
        var before = await reader.ReadAsync(FaultFixture.Project, SnapshotAreas.AfterUndo);

        repo.SetSource("v2").Write("firestore.rules", RolloutRepository.ValidRules.Replace("if true", "if false", StringComparison.Ordinal));
        await fixture.AdminAsync(HttpMethod.Post, "operation-faults", new { api = "cloudfunctions", kind = "fail", count = 1, message = "Build failed: injected", code = 13 });
        DeploymentRecord record;
        try
        {
            record = await DeployAsync(repo);
        }
        finally
        {
            await fixture.AdminAsync(HttpMethod.Delete, "operation-faults");
        }

        Assert.Equal(DeploymentOutcome.RolledBack, record.Outcome);
        Assert.Contains("injected", record.Reason);
        Assert.Equal(DeploymentStepState.Failed, Assert.Single(record.Steps, s => s.Kind == DeploymentStepKind.DeployFunctions).State);
        Assert.Equal(DeploymentStepState.Completed, Assert.Single(record.Steps, s => s.Kind == DeploymentStepKind.Rollback).State);
        Assert.Equal(DeploymentStepKind.Unlock, record.Steps[^1].Kind);

        // Every function serves what it served before (the effective split: LATEST on the revision that
        // was latest equals that revision pinned at 100%; the rollback leaves the 'stable' tag on it, a
        // URL alias that serves nothing by itself) and the released rules are the recorded ones.
        var after = await reader.ReadAsync(FaultFixture.Project, SnapshotAreas.AfterUndo);
        var ours = repo.FunctionIds.ToHashSet(StringComparer.Ordinal);
        Assert.Equal(Only(before, ours).Functions.Select(Served), Only(after, ours).Functions.Select(Served));
        var rules = LiveSnapshotComparer.Compare(before, after, SnapshotAreas.RulesReleases);
        Assert.True(rules.Count == 0, string.Join("\n", rules));
    }

    [Fact]
    public async Task PollingRecoversWhenTheEmulatorRestartsInTheMiddleOfALongRunningOperation()
    {
        // The production retry settings (5 attempts, 0.5 s doubling): what rides out a restart for users.
        using var production = await GoogleConnection.ConnectAsync(new GoogleClientOptions
        {
            KeyFilePath = fixture.Emulator.KeyFilePath,
            EmulatorHost = fixture.Emulator.BaseAddress.Authority,
            Polling = OperationPollOptions.Fast,
            Environment = _ => null,
        });
        var functions = new CloudFunctionsApi(new GoogleRestClient(production));
        var id = fixture.NewId("restart");
        var upload = await functions.GenerateUploadUrlAsync(FaultFixture.Project, "us-central1");
        await functions.UploadSourceAsync(upload.UploadUrl!, SourceZip(), default);
        await fixture.AdminAsync(HttpMethod.Post, "operation-faults", new { api = "cloudfunctions", kind = "slow", count = 1, delayMs = 1500 });
        var operation = await functions.CreateAsync(
            new FunctionName(FaultFixture.Project, "us-central1", id),
            new Function
            {
                Environment = FunctionEnvironment.Gen2,
                BuildConfig = new BuildConfig { Runtime = "nodejs20", EntryPoint = "health", Source = new FunctionSource { StorageSource = upload.StorageSource } },
            });
        var events = new CollectingEventSink();
        var waiting = new CloudFunctionsApi(new GoogleRestClient(production, events)).WaitForFunctionAsync(operation, OperationPollOptions.Fast);

        // Stop the emulator while the operation runs, and bring it back on the same port and data path.
        await fixture.Emulator.DisposeAsync();
        Assert.False(waiting.IsCompleted);
        await Task.Delay(300);
        await fixture.StartEmulatorAsync();

        var function = await waiting;
        Assert.Equal(FunctionState.Active, function.State);
        Assert.EndsWith(id, function.Name);
        Assert.Contains(events.Events, e => e.Kind == EngineEventKind.Verbose && e.Message.Contains("connection failure", StringComparison.Ordinal));
    }

    [Fact]
    public async Task OfTwoDeploymentsStartedAtOnceExactlyOneRunsAndTheOtherChangesNothing()
    {
        using var repo = new RolloutRepository([fixture.NewId("race"), fixture.NewId("race")]);
        await DeployAsync(repo);
        repo.SetSource("v2");
        await fixture.AdminAsync(HttpMethod.Delete, "requests");

        // Two callers, told apart in the emulator's request log by their principal: the deployer's key
        // file and the emulator's owner token.
        using var second = await GoogleConnection.ConnectAsync(new GoogleClientOptions
        {
            AccessToken = "owner",
            EmulatorHost = fixture.Emulator.BaseAddress.Authority,
            Retry = FaultFixture.FastRetries,
            Polling = OperationPollOptions.Fast,
            Environment = _ => null,
        });
        using var start = new ManualResetEventSlim();
        Task<DeploymentRecord> Start(GoogleRestClient client) => Task.Run(async () =>
        {
            start.Wait();
            return await new RolloutEngine(client).DeployAsync(RolloutEngineTests.Options(repo.Load()), default);
        });
        var first = Start(fixture.Client());
        var other = Start(new GoogleRestClient(second));
        start.Set();
        var outcomes = await Task.WhenAll(Outcome(first), Outcome(other));

        var winner = Assert.Single(outcomes, o => o.Record is not null);
        Assert.Equal(DeploymentOutcome.Succeeded, winner.Record!.Outcome);
        var loser = Assert.Single(outcomes, o => o.Error is not null);
        Assert.Equal("DeploymentLocked", loser.Error!.ErrorId);

        // The loser is refused by the preflight's read of the lock when the winner already holds it (no
        // write at all), or, when both preflights found it free, by the lock's create with
        // ifGenerationMatch=0 (412; at most its own journal entry besides). Either way its only writes are
        // in the deployments folder of the backup bucket: no function, traffic, rules or index call.
        var loserPrincipal = ReferenceEquals(loser.Task, first) ? "jobfinder-deployer" : "owner";
        var loserWrites = (await fixture.RequestsAsync()).Where(r => r.Mutating && (r.Principal ?? "").StartsWith(loserPrincipal, StringComparison.Ordinal)).ToArray();
        Assert.All(loserWrites, r => Assert.Contains("/b/jobfinder-staging-backups/o", r.Path));
        Assert.True(loserWrites.Length == 0 || loserWrites.Any(r => r.Status == 412), "A loser that wrote must have been refused by the conditional create (412).");
    }

    private static async Task<(Task<DeploymentRecord> Task, DeploymentRecord? Record, JobFinderException? Error)> Outcome(Task<DeploymentRecord> task)
    {
        try
        {
            return (task, await task, null);
        }
        catch (JobFinderException ex)
        {
            return (task, null, ex);
        }
    }

    private static string Served(LiveFunction function) =>
        $"{function.Name}: {Regex.Replace(RollbackStateComparer.EffectiveSplit(function), @" #\S+", "")}";

    private static LiveSnapshot Only(LiveSnapshot snapshot, HashSet<string> functionIds) =>
        snapshot with { Functions = [.. snapshot.Functions.Where(f => functionIds.Contains(f.Name))] };

    private Task<DeploymentRecord> DeployAsync(RolloutRepository repo) =>
        new RolloutEngine(fixture.Client()).DeployAsync(RolloutEngineTests.Options(repo.Load()), default);

    private static byte[] SourceZip()
    {
        using var stream = new MemoryStream();
        using (var zip = new System.IO.Compression.ZipArchive(stream, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        using (var writer = new StreamWriter(zip.CreateEntry("index.js").Open()))
        {
            writer.Write("exports.health = (req, res) => res.json({ status: 'healthy' });");
        }

        return stream.ToArray();
    }
}
