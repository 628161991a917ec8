using System.Collections.Concurrent;
using JobFinder.Ops.Emulator.Run;

namespace JobFinder.Ops.Emulator.Runtime.Workers;

/// <summary>The deploy-time start of each new revision's code: a deploy operation stays running until its
/// revision's worker has been built (dependencies installed) and accepts connections, and fails with the
/// reason when it cannot, as Cloud Run's start-up probe fails a revision whose container does not start.</summary>
internal sealed class RevisionStarts(RunStore run, RevisionWorkers workers)
{
    private readonly ConcurrentDictionary<string, Lazy<Task>> starts = new(StringComparer.Ordinal);

    /// <summary>The start of <paramref name="revisionId"/> (begun on the first call).</summary>
    public Task Of(string serviceName, string revisionId) =>
        starts.GetOrAdd(serviceName + "/revisions/" + revisionId, _ => new Lazy<Task>(() => Task.Run(() => StartAsync(serviceName, revisionId)))).Value;

    /// <summary>Rethrows the start's failure; forgets the start once it was read.</summary>
    public void ThrowIfFailed(string serviceName, string revisionId)
    {
        var key = serviceName + "/revisions/" + revisionId;
        if (starts.TryRemove(key, out var start) && start.Value.Exception?.GetBaseException() is WorkerStartException failure)
        {
            throw failure;
        }
    }

    private async Task StartAsync(string serviceName, string revisionId)
    {
        var parts = serviceName.Split('/');
        var launch = run.TryRead(serviceName, s => new Box(s.FindRevision(revisionId) is { FailsStartup: false } r ? WorkerLaunch.Of(parts[1], parts[3], parts[5], r) : null));
        if (launch?.Value is { } found)
        {
            await workers.StartAsync(found).ConfigureAwait(false);
        }
    }

    private sealed record Box(WorkerLaunch? Value);
}
