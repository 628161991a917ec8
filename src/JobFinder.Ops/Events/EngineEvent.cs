namespace JobFinder.Ops.Events;

/// <summary>What kind of message an engine service reports. The cmdlet layer maps each kind to the
/// PowerShell stream of the same name (Verbose, Debug, Warning, Information, Progress).</summary>
public enum EngineEventKind
{
    Verbose,
    Debug,
    Warning,
    Information,
    Progress,
}

/// <summary>Progress of one activity. ActivityId is stable per activity so the cmdlet can reuse
/// one ProgressRecord; PercentComplete is -1 when the total is unknown.</summary>
public sealed record ProgressInfo(
    int ActivityId,
    string Activity,
    string Status,
    int PercentComplete = -1,
    int SecondsRemaining = -1,
    bool Completed = false,
    int ParentActivityId = -1);

/// <summary>One message from the engine. Engine code never writes to PowerShell directly: it
/// emits these on an <see cref="IEngineEventSink"/>, and the cmdlet drains them on the pipeline
/// thread (PowerShell refuses writes from any other thread).</summary>
public sealed record EngineEvent(EngineEventKind Kind, string Message, ProgressInfo? Progress = null, string[]? Tags = null);
