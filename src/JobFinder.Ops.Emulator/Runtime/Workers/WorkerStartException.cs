namespace JobFinder.Ops.Emulator.Runtime.Workers;

/// <summary>A revision's code could not be built or started (no package.json, npm failed, the code threw
/// while loading, nothing listened on PORT). The message is what Cloud Build or Cloud Run would report,
/// followed by the end of the worker's output so the author sees their own error.</summary>
public sealed class WorkerStartException(string message) : Exception(message)
{
    /// <summary>True when Cloud Run refuses the instance before the container runs (a secret it cannot read):
    /// its message then has no container start-up probe in it.</summary>
    public bool ContainerNeverStarted { get; init; }
}
