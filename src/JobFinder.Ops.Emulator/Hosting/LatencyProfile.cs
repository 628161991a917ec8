namespace JobFinder.Ops.Emulator.Hosting;

/// <summary>How long simulated background work takes. <see cref="Fast"/> keeps tests quick;
/// <see cref="Realistic"/> makes a demo feel like Google (seconds, not minutes).</summary>
public enum LatencyProfile
{
    Fast,
    Realistic,
}
