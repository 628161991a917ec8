namespace JobFinder.Ops.Emulator.Hosting;

/// <summary>When Cloud Monitoring shows a request: Cloud Run's <c>request_count</c> and
/// <c>request_latencies</c> are "Sampled every 60 seconds. After sampling, data is not visible for up
/// to 180 seconds." (https://cloud.google.com/monitoring/api/metrics_gcp_p_z#gcp-run). The emulator
/// keeps that shape: a request counts in the sample period it fell in, and the period's point becomes
/// visible <see cref="VisibilityDelay"/> after the period ends (the documented worst case, so a client
/// that copes with it copes with Google). <see cref="TimeScale"/> shrinks both numbers alike, so tests
/// and the demo see the same shape in seconds (1/60: points every 1 s, visible after 3 s).</summary>
public sealed record MonitoringTiming(double TimeScale)
{
    /// <summary>Google's documented sample period of the Cloud Run request metrics.</summary>
    public static readonly TimeSpan GoogleSamplePeriod = TimeSpan.FromSeconds(60);

    /// <summary>Google's documented worst-case delay before a sampled point is visible.</summary>
    public static readonly TimeSpan GoogleVisibilityDelay = TimeSpan.FromSeconds(180);

    /// <summary>The Fast profile's scale: Google's shape at one second per minute.</summary>
    public const double FastTimeScale = 1.0 / 60;

    public TimeSpan SamplePeriod => GoogleSamplePeriod * TimeScale;

    public TimeSpan VisibilityDelay => GoogleVisibilityDelay * TimeScale;

    /// <summary>Google's numbers (Realistic) or Google's numbers at one second per minute (Fast), unless
    /// <paramref name="timeScale"/> says otherwise.</summary>
    public static MonitoringTiming For(LatencyProfile profile, double? timeScale) =>
        new(timeScale ?? (profile == LatencyProfile.Realistic ? 1.0 : FastTimeScale));

    /// <summary>The end of the sample period <paramref name="time"/> falls in: where its point is.</summary>
    public DateTimeOffset PeriodEnd(DateTimeOffset time)
    {
        var ticks = SamplePeriod.Ticks;
        return new DateTimeOffset((time.UtcTicks / ticks * ticks) + ticks, TimeSpan.Zero);
    }

    /// <summary>True when the point holding a request made at <paramref name="time"/> is visible at <paramref name="now"/>.</summary>
    public bool IsVisible(DateTimeOffset time, DateTimeOffset now) => PeriodEnd(time) + VisibilityDelay <= now;
}
