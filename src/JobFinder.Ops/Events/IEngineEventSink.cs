namespace JobFinder.Ops.Events;

/// <summary>Receives engine events. Implementations must be thread-safe: engine work runs on
/// thread-pool threads and may emit from several at once.</summary>
public interface IEngineEventSink
{
    void Emit(EngineEvent engineEvent);
}

/// <summary>Discards everything; for callers that do not care (benchmarks, some tests).</summary>
public sealed class NullEventSink : IEngineEventSink
{
    public static readonly NullEventSink Instance = new();

    private NullEventSink()
    {
    }

    public void Emit(EngineEvent engineEvent)
    {
    }
}

/// <summary>Collects events in memory; thread-safe. Used by tests and by the cmdlet layer's queue.</summary>
public sealed class CollectingEventSink : IEngineEventSink
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<EngineEvent> _events = new();

    public IReadOnlyCollection<EngineEvent> Events => _events.ToArray();

    public void Emit(EngineEvent engineEvent) => _events.Enqueue(engineEvent);

    public bool TryDequeue(out EngineEvent? engineEvent)
    {
        var ok = _events.TryDequeue(out var e);
        engineEvent = e;
        return ok;
    }
}

/// <summary>Short-hands so engine code reads naturally: <c>events.Verbose("...")</c>.</summary>
public static class EngineEventSinkExtensions
{
    public static void Verbose(this IEngineEventSink sink, string message) =>
        sink.Emit(new EngineEvent(EngineEventKind.Verbose, message));

    /// <summary>Wire-level detail (request ids, URLs). Never put a token, key or secret value here.</summary>
    public static void Debug(this IEngineEventSink sink, string message) =>
        sink.Emit(new EngineEvent(EngineEventKind.Debug, message));

    public static void Warning(this IEngineEventSink sink, string message) =>
        sink.Emit(new EngineEvent(EngineEventKind.Warning, message));

    public static void Information(this IEngineEventSink sink, string message, params string[] tags) =>
        sink.Emit(new EngineEvent(EngineEventKind.Information, message, Tags: tags));

    public static void Progress(this IEngineEventSink sink, ProgressInfo progress) =>
        sink.Emit(new EngineEvent(EngineEventKind.Progress, progress.Status, progress));
}
