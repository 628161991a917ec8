using System.Diagnostics;
using JobFinder.Ops.Backup;
using JobFinder.Ops.Errors;
using JobFinder.Ops.Events;
using JobFinder.Ops.Google;
using JobFinder.Ops.Model;
using JobFinder.Ops.Rollout;
using JobFinder.Ops.Smoke;

namespace JobFinder.Ops.Undo;

/// <summary>Rehearses a release and its undo against staging or the emulator (ideally one seeded from a
/// production backup with <c>Start-JobFinderEmulator -FromBackup</c>): snapshot the live functions,
/// traffic and rules; deploy; undo; snapshot again and compare with the first; run the smoke checks.
/// Every phase is timed, so the report says how long the bad day's undo takes.</summary>
public sealed class RollbackRehearsal(GoogleRestClient client)
{
    public async Task<RehearsalReport> RunAsync(RehearsalOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var project = options.Deployment.Project;
        var reader = new LiveStateReader(client);
        var phases = new List<RehearsalReportPhase>();
        var started = DateTimeOffset.UtcNow;
        var report = new RehearsalReport { ProjectId = project.ProjectId, Environment = project.Environment, Phases = phases, StartedAt = started };

        var before = await PhaseAsync(phases, "Snapshot", () => reader.ReadAsync(project.ProjectId, RollbackStateComparer.Areas, cancellationToken: cancellationToken),
            s => (true, $"{s.Functions.Count} function(s), {s.RulesReleases.Count} rules release(s)")).ConfigureAwait(false);

        DeploymentRecord deployment;
        try
        {
            deployment = await PhaseAsync(phases, "Deploy", () => new RolloutEngine(client).DeployAsync(options.Deployment, cancellationToken),
                d => (d.Outcome is DeploymentOutcome.Succeeded or DeploymentOutcome.RolledBack, $"{d.Id}: {d.Outcome}{(d.Functions.Count == 0 ? ", nothing changed: the rehearsal proves little" : "")}")).ConfigureAwait(false);
        }
        catch (JobFinderException ex)
        {
            phases.Add(new RehearsalReportPhase { Name = "Deploy", Passed = false, Duration = TimeSpan.Zero, Detail = $"{ex.ErrorId}: {ex.Message}" });
            return report;
        }

        report = report with { DeploymentId = deployment.Id, DeploymentOutcome = deployment.Outcome };
        var undoOptions = new UndoOptions
        {
            Project = project,
            Backup = options.Deployment.Backup,
            ConfirmDelete = options.ConfirmDelete,
            Verify = false,
            SmokeUser = options.Deployment.SmokeUser,
            SmokeEnvironment = options.Deployment.SmokeEnvironment,
        };
        var undo = await PhaseAsync(phases, "Undo", () => new DeploymentUndo(client).UndoAsync(deployment, undoOptions, cancellationToken),
            u => (u.Outcome == DeploymentOutcome.Succeeded, $"{u.Id}: {u.Outcome}: {u.Reason}")).ConfigureAwait(false);
        report = report with { RollbackId = undo.Id };

        var recreated = undo.Functions.Where(f => f.Created).Select(f => f.FunctionId).ToArray();
        IReadOnlyList<SnapshotDifference> differences = [];
        await PhaseAsync(phases, "Compare", async () =>
        {
            var after = await reader.ReadAsync(project.ProjectId, RollbackStateComparer.Areas, cancellationToken: cancellationToken).ConfigureAwait(false);
            differences = RollbackStateComparer.Compare(before, after, recreated);
            return differences;
        }, d => (d.Count == 0, d.Count == 0 ? "functions, traffic and rules are as before the deployment" : string.Join("; ", d))).ConfigureAwait(false);
        report = report with { Differences = differences };

        if (project.Settings.Smoke.Checks.Count == 0)
        {
            return report;
        }

        var smoke = await PhaseAsync(phases, "Smoke", () => new SmokeRunner(client).RunAsync(project,
            new SmokeRunOptions { Target = SmokeTarget.Live, User = options.Deployment.SmokeUser, Environment = options.Deployment.SmokeEnvironment }, cancellationToken),
            s => (s.Passed, s.Summary)).ConfigureAwait(false);
        return report with { SmokePassed = smoke.Passed, SmokeSummary = smoke.Summary };
    }

    private async Task<T> PhaseAsync<T>(List<RehearsalReportPhase> phases, string name, Func<Task<T>> body, Func<T, (bool Passed, string Detail)> judge)
    {
        client.Events.Progress(new ProgressInfo(ProgressIds.RollbackRehearsal, "Rehearsing a rollback", $"{name} (phase {phases.Count + 1})"));
        var clock = Stopwatch.StartNew();
        var result = await body().ConfigureAwait(false);
        var (passed, detail) = judge(result);
        var phase = new RehearsalReportPhase { Name = name, Passed = passed, Duration = clock.Elapsed, Detail = detail };
        phases.Add(phase);
        client.Events.Verbose($"Rehearsal: {phase}");
        return result;
    }
}
