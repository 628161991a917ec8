using JobFinder.Ops.Model;

namespace JobFinder.Ops.Project;

/// <summary>The traffic steps and bake time each preset stands for.</summary>
public static class RolloutStrategyPresets
{
    /// <summary>Steps and bake of a preset; null for <see cref="RolloutStrategy.Custom"/>.</summary>
    public static (IReadOnlyList<int> Steps, TimeSpan Bake)? Resolve(RolloutStrategy strategy) => strategy switch
    {
        RolloutStrategy.AllAtOnce => ([100], TimeSpan.Zero),
        RolloutStrategy.Canary10Percent5Minutes => ([10, 100], TimeSpan.FromMinutes(5)),
        RolloutStrategy.Linear10PercentEvery1Minute => (Enumerable.Range(1, 10).Select(i => i * 10).ToArray(), TimeSpan.FromMinutes(1)),
        _ => null,
    };

    /// <summary>Null when <paramref name="steps"/> is valid, else why not: strictly ascending,
    /// each within 1..100, ending at 100.</summary>
    public static string? Validate(IReadOnlyList<int> steps)
    {
        if (steps.Count == 0)
        {
            return "trafficSteps must list at least one step (and end at 100).";
        }

        for (var i = 0; i < steps.Count; i++)
        {
            if (steps[i] is < 1 or > 100)
            {
                return $"trafficSteps[{i}] = {steps[i]} is outside 1..100.";
            }

            if (i > 0 && steps[i] <= steps[i - 1])
            {
                return $"trafficSteps must be strictly ascending; {steps[i]} follows {steps[i - 1]}.";
            }
        }

        return steps[^1] == 100 ? null : $"trafficSteps must end at 100, not {steps[^1]}.";
    }
}
