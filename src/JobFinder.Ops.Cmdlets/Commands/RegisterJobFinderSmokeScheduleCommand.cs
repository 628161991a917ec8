using System.Diagnostics;
using System.Management.Automation;
using JobFinder.Ops.Cmdlets.Bases;
using JobFinder.Ops.Cmdlets.Completers;
using JobFinder.Ops.Errors;
using JobFinder.Ops.Model;
using JobFinder.Ops.Smoke;

namespace JobFinder.Ops.Commands;

/// <summary>Schedules the smoke checks to run every N minutes with cron (Linux, macOS) or a Scheduled Task (Windows), logging each run as a JSON line.</summary>
/// <remarks>Help (Get-Help Register-JobFinderSmokeSchedule): docs/help/Register-JobFinderSmokeSchedule.md.</remarks>
[Cmdlet(VerbsLifecycle.Register, "JobFinderSmokeSchedule", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, HelpUri = "https://github.com/jobfinder/JobFinder.Ops/blob/main/docs/SMOKE.md")]
[OutputType(typeof(SmokeSchedule))]
public sealed class RegisterJobFinderSmokeScheduleCommand : JobFinderCloudCmdlet
{
    /// <summary>The repository folder holding firebase.json. Defaults to the current location.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [Alias("RootPath", "ProjectRoot")]
    public string? RepositoryPath { get; set; }

    /// <summary>The .firebaserc alias (for example production) or any project id (as firebase deploy --project takes it).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(EnvironmentAliasCompleter))]
    public string? Environment { get; set; }

    /// <summary>The schedule's name; registering the same name again replaces it. Defaults to jobfinder-ENVIRONMENT.</summary>
    [Parameter]
    [ValidatePattern("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    public string? Name { get; set; }

    /// <summary>Minutes between runs. Default 15.</summary>
    [Parameter]
    [ValidateRange(1, 1440)]
    public int IntervalMinutes { get; set; } = 15;

    /// <summary>The JSON-lines log each run appends to. Defaults to .jobfinder/smoke-NAME.jsonl in the repository.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? LogPath { get; set; }

    /// <summary>Where the runner script is written. Defaults to .jobfinder/smoke-NAME.ps1 in the repository.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ScriptPath { get; set; }

    /// <summary>A service-account key file the scheduled run connects with; without it, Application Default Credentials.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? KeyFile { get; set; }

    /// <summary>Linux/macOS: write the entry to this crontab-format file instead of the user's crontab.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? CrontabPath { get; set; }

    /// <summary>Cron or ScheduledTask; defaults to the one of this operating system.</summary>
    [Parameter]
    [ValidateSet("Cron", "ScheduledTask")]
    public string? Platform { get; set; }

    /// <summary>Return the SmokeSchedule that was written.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecordCore()
    {
        var project = ResolveProject(null, RepositoryPath, Environment);
        var name = Name ?? "jobfinder-" + (project.Environment ?? project.ProjectId);
        var stateFolder = System.IO.Path.Combine(project.RootPath, ".jobfinder");
        var input = new SmokeScheduleBuilder.Input
        {
            Name = name,
            IntervalMinutes = IntervalMinutes,
            RepositoryPath = project.RootPath,
            Environment = project.Environment ?? project.ProjectId,
            LogPath = LogPath is null ? System.IO.Path.Combine(stateFolder, $"smoke-{name}.jsonl") : GetUnresolvedProviderPathFromPSPath(LogPath),
            ScriptPath = ScriptPath is null ? System.IO.Path.Combine(stateFolder, $"smoke-{name}.ps1") : GetUnresolvedProviderPathFromPSPath(ScriptPath),
            ModulePath = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(MyInvocation.MyCommand.Module?.Path ?? typeof(RegisterJobFinderSmokeScheduleCommand).Assembly.Location)!, "JobFinder.Ops.psd1"),
            PwshCommand = RunningPwsh(),
            KeyFilePath = KeyFile is null ? null : GetUnresolvedProviderPathFromPSPath(KeyFile),
        };
        var crontab = CrontabPath is null ? null : GetUnresolvedProviderPathFromPSPath(CrontabPath);
        var useTask = (Platform ?? (OperatingSystem.IsWindows() ? "ScheduledTask" : "Cron")) == "ScheduledTask";
        var schedule = useTask ? SmokeScheduleBuilder.ForScheduledTask(input) : SmokeScheduleBuilder.ForCron(input, crontab);

        WriteVerbose($"{schedule.Platform} entry for {schedule.Destination}: {schedule.Entry}");
        WriteVerbose($"Runner script {schedule.ScriptPath}:\n{schedule.ScriptContent}");
        var action = useTask
            ? $"Create the Scheduled Task running the smoke checks every {IntervalMinutes} min: {schedule.Entry}; write the runner script {schedule.ScriptPath}"
            : $"Write the cron entry '{schedule.Entry}' to {schedule.Destination}; write the runner script {schedule.ScriptPath}";
        if (!ShouldProcess(schedule.Destination, action))
        {
            return;
        }

        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(schedule.ScriptPath)!);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(schedule.LogPath)!);
        File.WriteAllText(schedule.ScriptPath, schedule.ScriptContent);
        if (useTask)
        {
            Run("schtasks.exe", SmokeScheduleBuilder.ScheduledTaskArguments(input), stdin: null);
        }
        else if (crontab is not null)
        {
            File.WriteAllText(crontab, SmokeScheduleBuilder.MergeCrontab(File.Exists(crontab) ? File.ReadAllText(crontab) : string.Empty, schedule));
        }
        else
        {
            var current = Run("crontab", ["-l"], stdin: null, allowFailure: true);
            Run("crontab", ["-"], SmokeScheduleBuilder.MergeCrontab(current, schedule));
        }

        if (PassThru)
        {
            WriteObject(schedule);
        }
    }

    /// <summary>How to start the pwsh running now, by full paths: a scheduler's PATH is not the user's
    /// (cron's is /usr/bin:/bin). Under <c>dotnet pwsh</c> (pwsh from the repository's dotnet tool
    /// manifest) the process is the dotnet host running pwsh.dll, and no <c>pwsh</c> exists on any PATH:
    /// the host and the dll are what starts it again, from any folder.</summary>
    private static IReadOnlyList<string> RunningPwsh()
    {
        var process = System.Environment.ProcessPath;
        var name = System.IO.Path.GetFileNameWithoutExtension(process ?? "");
        if (name.Equals("dotnet", StringComparison.OrdinalIgnoreCase) && System.Reflection.Assembly.GetEntryAssembly()?.Location is { Length: > 0 } entry)
        {
            return [process!, entry];
        }

        return name.StartsWith("pwsh", StringComparison.OrdinalIgnoreCase) ? [process!] : ["pwsh"];
    }

    /// <summary>Runs a scheduler tool; its own error text (no secrets pass through it) becomes the error.</summary>
    private static string Run(string file, IReadOnlyList<string> arguments, string? stdin, bool allowFailure = false)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = stdin is not null, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new JobFinderException("SmokeScheduleToolFailed", ErrorKind.ResourceUnavailable, $"Could not start {file}.", file);
        if (stdin is not null)
        {
            process.StandardInput.Write(stdin);
            process.StandardInput.Close();
        }

        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0 && !allowFailure)
        {
            throw new JobFinderException("SmokeScheduleToolFailed", ErrorKind.InvalidOperation, $"{file} {string.Join(' ', arguments)} failed ({process.ExitCode}): {error.Trim()}", file);
        }

        return process.ExitCode == 0 ? output : string.Empty;
    }
}
