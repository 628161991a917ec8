using JobFinder.Ops.Emulator.Hosting;

namespace JobFinder.Ops.Emulator.Scheduler;

/// <summary>The time Cloud Scheduler jobs run by: real time sped up by <see cref="TimeScale"/> (1 = real
/// time; 86400 makes a daily job fire about once a second), so tests see a schedule fire without waiting for
/// it. Set with <c>--scheduler-time-scale</c> or <c>POST /_emulator/scheduler {"timeScale": n}</c>, reported in
/// <c>/_emulator/info</c>. Only schedules use it; timestamps the APIs report stay real.</summary>
public sealed class SchedulerClock(EmulatorContext context, TimeProvider time)
{
    private readonly Lock gate = new();
    private DateTimeOffset anchorReal = time.GetUtcNow();
    private DateTimeOffset anchorScheduled = time.GetUtcNow();
    private double scale = context.Options.SchedulerTimeScale;

    public double TimeScale
    {
        get
        {
            lock (gate)
            {
                return scale;
            }
        }

        set
        {
            if (!(value >= 1 && value <= 10_000_000))
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "The time scale must be between 1 and 10,000,000.");
            }

            lock (gate)
            {
                // Re-anchor so the scheduled time never jumps backwards when the scale changes.
                anchorScheduled = NowUnlocked();
                anchorReal = time.GetUtcNow();
                scale = value;
            }
        }
    }

    /// <summary>The scheduled time now (equals the real time at scale 1).</summary>
    public DateTimeOffset Now
    {
        get
        {
            lock (gate)
            {
                return NowUnlocked();
            }
        }
    }

    private DateTimeOffset NowUnlocked() => anchorScheduled + ((time.GetUtcNow() - anchorReal) * scale);
}
