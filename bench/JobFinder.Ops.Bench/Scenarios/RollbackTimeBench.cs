using JobFinder.Ops.Model;

namespace JobFinder.Ops.Bench.Scenarios;

/// <summary>Time to roll back after a Fail verdict: 10 functions get a release whose revisions answer
/// every request with 500; the verdict at 10% fails; measured from the end of the failed analysis step
/// (the verdict is reached) to the end of the rollback step (every function 100% on stable, the lock not
/// yet released), as the journal records them. Three runs, the median and the worst reported.</summary>
public sealed class RollbackTimeBench : IBenchScenario
{
    private const int Functions = 10;
    private const int Runs = 3;

    public string Name => "rollback-time";

    public string Description => $"Fail verdict → {Functions} functions 100% on stable (goal: under 2 s).";

    public async Task<IReadOnlyDictionary<string, object>> RunAsync(CancellationToken cancellationToken)
    {
        await using var session = await RolloutBenchSession.StartAsync(cancellationToken);
        using var repo = new BenchRepository(BenchRepository.Ids("rollbackTime", Functions));
        await session.DeployAsync(repo, cancellationToken);

        var seconds = new List<double>();
        var stepSeconds = new List<double>();
        for (var run = 0; run < Runs; run++)
        {
            var record = await session.DeployAsync(repo.Release($"bad{run}", errorRate: 1), cancellationToken, steps: [10, 100], bake: TimeSpan.FromMilliseconds(200));
            if (record.Outcome != DeploymentOutcome.RolledBack)
            {
                throw new InvalidOperationException($"Run {run}: expected a rollback, got {record.Outcome} ({record.Reason}).");
            }

            var verdict = record.Steps.Last(s => s.Kind == DeploymentStepKind.Analysis && s.State == DeploymentStepState.Failed);
            var rollback = record.Steps.Single(s => s.Kind == DeploymentStepKind.Rollback);
            seconds.Add((rollback.EndedAt!.Value - verdict.EndedAt!.Value).TotalSeconds);
            stepSeconds.Add((rollback.EndedAt!.Value - rollback.StartedAt).TotalSeconds);
        }

        seconds.Sort();
        return new Dictionary<string, object>
        {
            ["functions"] = Functions,
            ["verdictToAllStableSecondsMedian"] = Math.Round(seconds[Runs / 2], 3),
            ["verdictToAllStableSecondsWorst"] = Math.Round(seconds[^1], 3),
            ["rollbackStepSecondsMedian"] = Math.Round(stepSeconds.Order().ElementAt(Runs / 2), 3),
            ["runs"] = Runs,
        };
    }
}
