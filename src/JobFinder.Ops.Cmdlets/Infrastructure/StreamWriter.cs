using System.Management.Automation;
using JobFinder.Ops.Events;

namespace JobFinder.Ops.Cmdlets.Infrastructure;

/// <summary>
/// Replays engine events into the cmdlet's streams on the pipeline thread. Keeps one
/// ProgressRecord per activity id (reused, as PowerShell's own web cmdlets do) and completes
/// every activity it started when the cmdlet finishes, so no progress bar is left behind.
/// </summary>
internal sealed class EventStreamWriter
{
    private readonly Cmdlet _cmdlet;
    private readonly Dictionary<int, ProgressRecord> _progress = new();

    public EventStreamWriter(Cmdlet cmdlet) => _cmdlet = cmdlet;

    public void Write(EngineEvent e)
    {
        switch (e.Kind)
        {
            case EngineEventKind.Verbose:
                _cmdlet.WriteVerbose(e.Message);
                break;
            case EngineEventKind.Debug:
                _cmdlet.WriteDebug(e.Message);
                break;
            case EngineEventKind.Warning:
                _cmdlet.WriteWarning(e.Message);
                break;
            case EngineEventKind.Information:
                _cmdlet.WriteInformation(e.Message, e.Tags ?? Array.Empty<string>());
                break;
            case EngineEventKind.Progress when e.Progress is not null:
                WriteProgress(e.Progress);
                break;
        }
    }

    public void CompleteAll()
    {
        foreach (var record in _progress.Values)
        {
            record.RecordType = ProgressRecordType.Completed;
            _cmdlet.WriteProgress(record);
        }

        _progress.Clear();
    }

    private void WriteProgress(ProgressInfo info)
    {
        if (!_progress.TryGetValue(info.ActivityId, out var record))
        {
            record = new ProgressRecord(info.ActivityId, info.Activity, string.IsNullOrEmpty(info.Status) ? info.Activity : info.Status);
            _progress[info.ActivityId] = record;
        }

        record.Activity = info.Activity;
        record.StatusDescription = string.IsNullOrEmpty(info.Status) ? info.Activity : info.Status;
        record.PercentComplete = Math.Clamp(info.PercentComplete, -1, 100);
        record.SecondsRemaining = info.SecondsRemaining;
        record.ParentActivityId = info.ParentActivityId;
        record.RecordType = info.Completed ? ProgressRecordType.Completed : ProgressRecordType.Processing;
        _cmdlet.WriteProgress(record);
        if (info.Completed)
        {
            _progress.Remove(info.ActivityId);
        }
    }
}
