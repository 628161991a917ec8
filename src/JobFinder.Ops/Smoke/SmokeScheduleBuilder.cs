using System.Globalization;
using System.Text;
using JobFinder.Ops.Errors;
using JobFinder.Ops.Model;

namespace JobFinder.Ops.Smoke;

/// <summary>Builds what an unattended smoke schedule needs. Both platforms run the same small PowerShell
/// script (so the schedule's own command line stays short: schtasks /TR allows 261 characters, and cron
/// treats <c>%</c> specially), which imports the module, runs Test-JobFinderSmoke with
/// <c>-OutputFormat JsonLines</c> into the log, and exits with the result; an error that stops the run
/// is logged as a JSON line too, so the log shows every run.</summary>
public static class SmokeScheduleBuilder
{
    /// <summary>Marks our crontab lines so a second registration replaces them instead of adding more.</summary>
    public const string CronMarker = "# JobFinder.Ops smoke schedule: ";

    public const string TaskFolder = @"\JobFinder.Ops\";

    public sealed record Input
    {
        public required string Name { get; init; }

        public required int IntervalMinutes { get; init; }

        public required string RepositoryPath { get; init; }

        public string? Environment { get; init; }

        public required string LogPath { get; init; }

        public required string ScriptPath { get; init; }

        /// <summary>The module manifest the script imports.</summary>
        public required string ModulePath { get; init; }

        /// <summary>How to start the pwsh that registers the schedule: its full path, or the dotnet host
        /// and pwsh.dll when pwsh comes from the dotnet tool manifest (<c>dotnet pwsh</c>: no <c>pwsh</c> is
        /// on the PATH, and cron's PATH is <c>/usr/bin:/bin</c> anyway).</summary>
        public required IReadOnlyList<string> PwshCommand { get; init; }

        /// <summary>A service-account key file the script connects with; null for Application Default Credentials.</summary>
        public string? KeyFilePath { get; init; }
    }

    public static SmokeSchedule ForCron(Input input, string? crontabPath)
    {
        var script = Script(input);
        var command = $"{string.Join(' ', input.PwshCommand.Select(ShellQuote))} -NoProfile -NonInteractive -File {ShellQuote(input.ScriptPath)} >> {ShellQuote(input.LogPath + ".stderr")} 2>&1";
        var line = $"{CronSchedule(input.IntervalMinutes)} {command.Replace("%", "\\%", StringComparison.Ordinal)}";
        return new SmokeSchedule
        {
            Name = input.Name,
            Platform = "Cron",
            IntervalMinutes = input.IntervalMinutes,
            Entry = line,
            Destination = crontabPath ?? "crontab",
            ScriptPath = input.ScriptPath,
            ScriptContent = script,
            LogPath = input.LogPath,
        };
    }

    public static SmokeSchedule ForScheduledTask(Input input)
    {
        if (input.IntervalMinutes is < 1 or > 1439)
        {
            throw IntervalInvalid(input.IntervalMinutes, "a Scheduled Task repeats every 1 to 1439 minutes");
        }

        var arguments = ScheduledTaskArguments(input);
        return new SmokeSchedule
        {
            Name = input.Name,
            Platform = "ScheduledTask",
            IntervalMinutes = input.IntervalMinutes,
            Entry = "schtasks.exe " + string.Join(' ', arguments.Select(WindowsQuote)),
            Destination = TaskFolder + TaskName(input.Name),
            ScriptPath = input.ScriptPath,
            ScriptContent = Script(input),
            LogPath = input.LogPath,
        };
    }

    /// <summary>The arguments for <c>schtasks.exe</c>, one per element (the process API quotes them).</summary>
    public static IReadOnlyList<string> ScheduledTaskArguments(Input input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var action = $"{string.Join(' ', input.PwshCommand.Select(p => $"\"{p}\""))} -NoProfile -NonInteractive -WindowStyle Hidden -File \"{input.ScriptPath}\"";
        if (action.Length > 261)
        {
            throw new JobFinderException(
                "SmokeScheduleCommandTooLong",
                ErrorKind.InvalidArgument,
                $"The task's command line is {action.Length} characters; schtasks allows 261. Use a shorter -ScriptPath.",
                input.ScriptPath);
        }

        return ["/Create", "/F", "/TN", TaskFolder + TaskName(input.Name), "/SC", "MINUTE", "/MO", input.IntervalMinutes.ToString(CultureInfo.InvariantCulture), "/TR", action];
    }

    /// <summary>Replaces this schedule's lines in <paramref name="crontab"/> (or appends them), keeping every other line.</summary>
    public static string MergeCrontab(string crontab, SmokeSchedule schedule)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        var lines = (crontab ?? string.Empty).ReplaceLineEndings("\n").Split('\n').ToList();
        var marker = CronMarker + schedule.Name;
        for (var i = lines.Count - 1; i >= 0; i--)
        {
            if (lines[i] == marker)
            {
                lines.RemoveRange(i, Math.Min(2, lines.Count - i));
            }
        }

        while (lines.Count > 0 && lines[^1].Length == 0)
        {
            lines.RemoveAt(lines.Count - 1);
        }

        lines.Add(marker);
        lines.Add(schedule.Entry);
        return string.Join('\n', lines) + "\n";
    }

    /// <summary><c>*/N * * * *</c> below an hour; whole hours as <c>0 */H * * *</c>; a day as <c>0 0 * * *</c>.</summary>
    public static string CronSchedule(int minutes) => minutes switch
    {
        >= 1 and <= 59 => $"*/{minutes.ToString(CultureInfo.InvariantCulture)} * * * *",
        1440 => "0 0 * * *",
        > 59 and < 1440 when minutes % 60 == 0 => $"0 */{(minutes / 60).ToString(CultureInfo.InvariantCulture)} * * *",
        _ => throw IntervalInvalid(minutes, "cron can repeat every 1 to 59 minutes, or every whole number of hours up to 24"),
    };

    public static string Script(Input input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var test = new StringBuilder($"Test-JobFinderSmoke -RepositoryPath {PsQuote(input.RepositoryPath)}");
        if (input.Environment is not null)
        {
            test.Append(" -Environment ").Append(PsQuote(input.Environment));
        }

        test.Append(" -OutputFormat JsonLines -OutputPath $log -Quiet | Out-Null");
        var connect = input.KeyFilePath is null ? "" : $"    Connect-JobFinderProject -KeyFile {PsQuote(input.KeyFilePath)} | Out-Null\n";
        return $$"""
            # Written by Register-JobFinderSmokeSchedule (JobFinder.Ops) for schedule '{{input.Name.Replace("'", "''", StringComparison.Ordinal)}}'.
            # Runs the smoke checks and appends one JSON line per run to the log. Credentials come from the
            # environment (the variables named in jobfinder.ops.json smoke.auth); none are stored here.
            $ErrorActionPreference = 'Stop'
            $log = {{PsQuote(input.LogPath)}}
            try {
                Import-Module {{PsQuote(input.ModulePath)}}
            {{connect}}    {{test}}
                exit $LASTEXITCODE
            }
            catch {
                $entry = [ordered]@{ startTime = [DateTimeOffset]::UtcNow.ToString('o'); passed = $false; error = $_.Exception.Message; errorId = $_.FullyQualifiedErrorId }
                Add-Content -LiteralPath $log -Value ($entry | ConvertTo-Json -Compress)
                exit 2
            }

            """.Replace("\r\n", "\n", StringComparison.Ordinal);
    }

    public static string TaskName(string name) => "Smoke " + name;

    /// <summary>A POSIX shell single-quoted word.</summary>
    public static string ShellQuote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    /// <summary>A PowerShell single-quoted string.</summary>
    public static string PsQuote(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    /// <summary>How the Windows C runtime splits a command line (for display of the schtasks call).</summary>
    public static string WindowsQuote(string argument)
    {
        if (argument.Length > 0 && !argument.Any(c => c is ' ' or '\t' or '"'))
        {
            return argument;
        }

        var quoted = new StringBuilder("\"");
        var backslashes = 0;
        foreach (var c in argument)
        {
            if (c == '\\')
            {
                backslashes++;
                continue;
            }

            quoted.Append('\\', c == '"' ? (backslashes * 2) + 1 : backslashes).Append(c);
            backslashes = 0;
        }

        return quoted.Append('\\', backslashes * 2).Append('"').ToString();
    }

    private static JobFinderException IntervalInvalid(int minutes, string why) =>
        new("SmokeScheduleIntervalInvalid", ErrorKind.InvalidArgument, $"An interval of {minutes} minutes cannot be scheduled: {why}.", minutes);
}
