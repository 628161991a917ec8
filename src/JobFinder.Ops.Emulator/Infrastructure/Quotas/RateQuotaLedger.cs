using JobFinder.Ops.Emulator.Hosting;

namespace JobFinder.Ops.Emulator.Infrastructure.Quotas;

/// <summary>Counts calls against each <see cref="RateQuota"/> per project (and region where the quota is
/// regional) in fixed windows aligned to the emulator's clock. Google enforces rate quotas "at a per-minute
/// (60 seconds) interval" and "the quota should be refilled at the start of the next interval"
/// (https://cloud.google.com/compute/api-quota, the general statement of how Google's rate quotas refill),
/// so a refused call is told to retry when its window ends. Windows are Google's times the emulator's time
/// scale (<see cref="MonitoringTiming.TimeScale"/>: 1 in the Realistic profile, 1/60 in Fast), so the Fast
/// profile has Google's limits per second instead of per minute: the same shape, quicker.</summary>
public sealed class RateQuotaLedger(EmulatorContext context, TimeProvider time)
{
    private readonly Lock gate = new();
    private readonly Dictionary<(RateQuota Quota, string Project, string Region), (long Window, int Used)> counters = [];

    public double TimeScale => context.Monitoring.TimeScale;

    public TimeSpan WindowOf(RateQuota quota) => quota.GoogleWindow * TimeScale;

    /// <summary>Counts one call; returns null when it is within the quota, else how long until the window
    /// that refused it ends (the call is not counted).</summary>
    public TimeSpan? TryAcquire(RateQuota quota, string project, string region)
    {
        var now = time.GetUtcNow().UtcTicks;
        var window = Math.Max(1, WindowOf(quota).Ticks);
        var current = now / window;
        var key = (quota, project, quota.PerRegion ? region : string.Empty);
        lock (gate)
        {
            var used = counters.TryGetValue(key, out var counter) && counter.Window == current ? counter.Used : 0;
            if (used >= quota.Limit)
            {
                return TimeSpan.FromTicks(((current + 1) * window) - now);
            }

            counters[key] = (current, used + 1);
            return null;
        }
    }

    public void Clear()
    {
        lock (gate)
        {
            counters.Clear();
        }
    }
}
