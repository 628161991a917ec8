namespace JobFinder.Ops.Emulator.Runtime.Workers;

/// <summary>No worker can take the request now: every slot of maxInstances × concurrency is busy (429), or
/// the revision's code failed to start or is waiting out its crash backoff (503).</summary>
public sealed class WorkerUnavailableException(int status, string message) : Exception(message)
{
    public int Status { get; } = status;
}
