namespace JobFinder.Ops.Model;

/// <summary>A scheduled smoke run as Register-JobFinderSmokeSchedule writes it: the runner script and the
/// cron entry (Linux/macOS) or Scheduled Task command line (Windows) that starts it every N minutes.</summary>
public sealed record SmokeSchedule
{
    public required string Name { get; init; }

    /// <summary><c>Cron</c> or <c>ScheduledTask</c>.</summary>
    public required string Platform { get; init; }

    public required int IntervalMinutes { get; init; }

    /// <summary>The crontab line, or the schtasks command line.</summary>
    public required string Entry { get; init; }

    /// <summary>Where the entry goes: the crontab file (or <c>crontab</c> for the user's crontab), or the task name.</summary>
    public required string Destination { get; init; }

    /// <summary>The PowerShell script the schedule runs.</summary>
    public required string ScriptPath { get; init; }

    public required string ScriptContent { get; init; }

    /// <summary>The JSON-lines log each run appends its SmokeReport to.</summary>
    public required string LogPath { get; init; }
}
