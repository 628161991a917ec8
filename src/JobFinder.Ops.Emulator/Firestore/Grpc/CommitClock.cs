namespace JobFinder.Ops.Emulator.Firestore.Grpc;

/// <summary>Commit times of the gRPC API: microseconds (what Firestore keeps) and strictly increasing, so two
/// commits never share an update time and an <c>update_time</c> precondition names one version.</summary>
internal sealed class CommitClock
{
    private static readonly long TicksPerMicrosecond = TimeSpan.TicksPerMillisecond / 1000;
    private readonly Lock _gate = new();
    private long _lastTicks;

    public DateTimeOffset Next(DateTimeOffset now)
    {
        var ticks = now.UtcTicks - now.UtcTicks % TicksPerMicrosecond;
        lock (_gate)
        {
            _lastTicks = Math.Max(ticks, _lastTicks + TicksPerMicrosecond);
            return new DateTimeOffset(_lastTicks, TimeSpan.Zero);
        }
    }
}
