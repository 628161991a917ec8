using JobFinder.Ops.Model;

namespace JobFinder.Ops.Project;

/// <summary>Applies a <c>rollout</c> section over inherited settings. A preset strategy brings its own
/// steps and bake time; <c>trafficSteps</c>/<c>bakeTime</c> belong to <c>Custom</c> (setting them without a
/// strategy switches to Custom, setting them next to a preset is an error so nobody believes a
/// "Canary10Percent5Minutes" that bakes for an hour).</summary>
internal static class RolloutSectionBinder
{
    public static RolloutSettings Apply(RolloutSettings current, JsonSection section)
    {
        section.EnsureKnown("strategy", "trafficSteps", "bakeTime", "throttleLimit", "lockStaleAfter", "requireStagingSmoke", "keepRevisions", "keepRollbackWindow");
        var strategy = section.Enum<RolloutStrategy>("strategy");
        var steps = section.Array("trafficSteps")?.Select(i => i.AsInt()).ToArray();
        var bake = section.Duration("bakeTime");
        var result = current;
        if (strategy is { } s && s != RolloutStrategy.Custom)
        {
            if (steps is not null || bake is not null)
            {
                throw section.Property(steps is not null ? "trafficSteps" : "bakeTime")!.Value
                    .Error($"trafficSteps and bakeTime go with strategy 'Custom'; '{s}' already means its own steps and bake time.");
            }

            var preset = RolloutStrategyPresets.Resolve(s)!.Value;
            result = result with { Strategy = s, TrafficSteps = preset.Steps, BakeTime = preset.Bake };
        }
        else if (strategy is not null || steps is not null || bake is not null)
        {
            result = result with { Strategy = RolloutStrategy.Custom, TrafficSteps = steps ?? result.TrafficSteps, BakeTime = bake ?? result.BakeTime };
            if (RolloutStrategyPresets.Validate(result.TrafficSteps) is { } problem)
            {
                throw (section.Property("trafficSteps") ?? section).Error(problem, "TrafficStepsInvalid");
            }
        }

        return result with
        {
            ThrottleLimit = section.IntRange("throttleLimit", 1, 64) ?? result.ThrottleLimit,
            LockStaleAfter = section.Duration("lockStaleAfter") ?? result.LockStaleAfter,
            RequireStagingSmoke = section.Bool("requireStagingSmoke") ?? result.RequireStagingSmoke,
            KeepRevisions = section.IntRange("keepRevisions", 1, 1000) ?? result.KeepRevisions,
            KeepRollbackWindow = section.Duration("keepRollbackWindow") ?? result.KeepRollbackWindow,
        };
    }
}
