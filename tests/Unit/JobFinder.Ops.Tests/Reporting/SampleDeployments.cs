using JobFinder.Ops.Model;

namespace JobFinder.Ops.Tests.Reporting;

/// <summary>Deployment records shaped like the rollout engine writes them: a good release that went
/// 10 → 50 → 100, and a bad one rolled back at the first step.</summary>
internal static class SampleDeployments
{
    public static readonly DateTimeOffset Start = new(2026, 11, 26, 22, 15, 0, TimeSpan.Zero);

    private static readonly AnalysisThresholds s_thresholds = new();

    public static DeploymentRecord Succeeded()
    {
        var steps = new List<DeploymentStep>
        {
            Step(1, DeploymentStepKind.Gates, "Gates", 0, 2),
            Step(2, DeploymentStepKind.PinTraffic, "Pin traffic to stable", 2, 3),
            Step(3, DeploymentStepKind.DeployFunctions, "Deploy 2 function(s)", 3, 60),
            Step(4, DeploymentStepKind.Traffic, "Traffic 10%", 60, 61, percent: 10),
            Step(5, DeploymentStepKind.Analysis, "Analysis at 10%", 61, 91, percent: 10, verdicts:
            [
                Verdict("submitJob", 10, 91, canary: (240, 2, 0, 180.5), stable: (2160, 11, 0, 150.25)),
                Verdict("health", 10, 91, canary: (30, 0, 0, 12), stable: (270, 0, 0, 11)),
            ]),
            Step(6, DeploymentStepKind.Traffic, "Traffic 50%", 91, 92, percent: 50),
            Step(7, DeploymentStepKind.Analysis, "Analysis at 50%", 92, 122, percent: 50, verdicts:
            [
                Verdict("submitJob", 50, 122, canary: (1200, 6, 1, 190.75), stable: (1190, 7, 0, 149)),
                Verdict("health", 50, 122, canary: (150, 0, 0, 13), stable: (151, 0, 0, 12)),
            ]),
            Step(8, DeploymentStepKind.Traffic, "Traffic 100%", 122, 123, percent: 100),
            Step(9, DeploymentStepKind.Promote, "Promote", 123, 124, percent: 100),
        };
        return Record("20261126T221500Z-3f9a1c", DeploymentOutcome.Succeeded, null, steps, 124);
    }

    public static DeploymentRecord RolledBack()
    {
        var steps = new List<DeploymentStep>
        {
            Step(1, DeploymentStepKind.Gates, "Gates", 0, 2),
            Step(2, DeploymentStepKind.DeployFunctions, "Deploy 2 function(s)", 2, 40),
            Step(3, DeploymentStepKind.Traffic, "Traffic 10%", 40, 41, percent: 10),
            Step(4, DeploymentStepKind.Analysis, "Analysis at 10%", 41, 71, percent: 10, state: DeploymentStepState.Failed, verdicts:
            [
                Verdict("submitJob", 10, 71, canary: (200, 62, 0, 420), stable: (1800, 9, 0, 150), CanaryDecision.Fail, "error rate 31.0% > 10.0%"),
                Verdict("health", 10, 71, canary: (25, 0, 0, 12), stable: (225, 0, 0, 11)),
            ]),
            Step(5, DeploymentStepKind.Rollback, "Rollback to stable", 71, 72, percent: 0),
        };
        return Record("20261126T223000Z-9b2e77", DeploymentOutcome.RolledBack, "submitJob: error rate 31.0% > 10.0%", steps, 72);
    }

    private static DeploymentRecord Record(string id, DeploymentOutcome outcome, string? reason, IReadOnlyList<DeploymentStep> steps, int endSeconds) => new()
    {
        Id = id,
        ProjectId = "jobfinder-prod",
        Environment = "production",
        Owner = "dana@build-01 (pid 4242)",
        Strategy = RolloutStrategy.Custom,
        TrafficSteps = [10, 50, 100],
        BakeTime = TimeSpan.FromSeconds(30),
        Outcome = outcome,
        Reason = reason,
        BackupId = "20261126T220000Z-prod-1a2b3c",
        StartedAt = Start,
        EndedAt = At(endSeconds),
        Functions =
        [
            Function("submitJob", "submitjob-00007-abc", "submitjob-00008-def", PlannedChangeAction.Update),
            Function("health", "health-00003-aaa", "health-00004-bbb", PlannedChangeAction.Update),
        ],
        Rules =
        [
            new RulesReleaseRecord { Service = "firestore", ReleaseName = "projects/jobfinder-prod/releases/cloud.firestore", File = "firestore.rules", PreviousRuleset = "projects/jobfinder-prod/rulesets/old-1", NewRuleset = "projects/jobfinder-prod/rulesets/new-2", Released = true },
        ],
        IndexesCreated = ["projects/jobfinder-prod/databases/(default)/collectionGroups/jobs/indexes/CICAgJim14AK"],
        Steps = steps,
    };

    private static FunctionDeploymentRecord Function(string id, string stable, string canary, PlannedChangeAction action) => new()
    {
        FunctionId = id,
        Region = "us-central1",
        FunctionName = $"projects/jobfinder-prod/locations/us-central1/functions/{id}",
        Action = action,
        ServiceName = $"projects/jobfinder-prod/locations/us-central1/services/{id.ToLowerInvariant()}",
        StableRevision = stable,
        NewRevision = canary,
        SourceHash = "9f2c1e",
        CanaryPercent = 100,
    };

    private static DeploymentStep Step(int sequence, DeploymentStepKind kind, string name, int start, int end, int? percent = null, DeploymentStepState state = DeploymentStepState.Completed, IReadOnlyList<CanaryVerdict>? verdicts = null) => new()
    {
        Sequence = sequence,
        Kind = kind,
        Name = name,
        CanaryPercent = percent,
        State = state,
        StartedAt = At(start),
        EndedAt = At(end),
        Verdicts = verdicts ?? [],
    };

    private static CanaryVerdict Verdict(string function, int percent, int decidedAt, (long Requests, long Errors, long Timeouts, double P95) canary, (long Requests, long Errors, long Timeouts, double P95) stable, CanaryDecision decision = CanaryDecision.Pass, string reason = "every check passed") => new()
    {
        FunctionId = function,
        Decision = decision,
        Reason = reason,
        CanaryPercent = percent,
        Canary = new RevisionSample { Revision = function + "-canary", Requests = canary.Requests, Errors = canary.Errors, Timeouts = canary.Timeouts, P95Ms = canary.P95 },
        Stable = new RevisionSample { Revision = function + "-stable", Requests = stable.Requests, Errors = stable.Errors, Timeouts = stable.Timeouts, P95Ms = stable.P95 },
        RealRequests = canary.Requests,
        WindowStart = At(decidedAt - 30),
        WindowEnd = At(decidedAt),
        Thresholds = s_thresholds,
        DecidedAt = At(decidedAt),
    };

    public static DateTimeOffset At(int seconds) => Start.AddSeconds(seconds);
}
