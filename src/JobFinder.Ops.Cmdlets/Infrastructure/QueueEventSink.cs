using System.Collections.Concurrent;
using JobFinder.Ops.Events;

namespace JobFinder.Ops.Cmdlets.Infrastructure;

/// <summary>
/// The sink the cmdlet hands to engine services. Engine threads only enqueue; the pipeline thread
/// drains (PowerShell throws if WriteVerbose/WriteProgress are called from another thread).
/// </summary>
internal sealed class QueueEventSink : IEngineEventSink
{
    private readonly ConcurrentQueue<EngineEvent> _queue = new();

    public void Emit(EngineEvent engineEvent) => _queue.Enqueue(engineEvent);

    public bool TryDequeue(out EngineEvent engineEvent)
    {
        if (_queue.TryDequeue(out var e))
        {
            engineEvent = e;
            return true;
        }

        engineEvent = null!;
        return false;
    }
}
