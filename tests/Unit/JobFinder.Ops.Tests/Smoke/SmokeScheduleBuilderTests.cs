using System.Management.Automation.Language;
using JobFinder.Ops.Errors;
using JobFinder.Ops.Smoke;
using Xunit;

namespace JobFinder.Ops.Tests.Smoke;

public sealed class SmokeScheduleBuilderTests
{
    private static readonly SmokeScheduleBuilder.Input Input = new()
    {
        Name = "jobfinder-production",
        IntervalMinutes = 5,
        RepositoryPath = "/srv/job finder's repo",
        Environment = "production",
        LogPath = "/var/log/jobfinder/smoke 100%.jsonl",
        ScriptPath = "/srv/job finder's repo/.jobfinder/smoke-jobfinder-production.ps1",
        ModulePath = "/opt/modules/JobFinder.Ops/JobFinder.Ops.psd1",
        PwshCommand = ["/usr/bin/pwsh"],
        KeyFilePath = "/etc/jobfinder/deployer.json",
    };

    [Theory]
    [InlineData(1, "*/1 * * * *")]
    [InlineData(15, "*/15 * * * *")]
    [InlineData(59, "*/59 * * * *")]
    [InlineData(60, "0 */1 * * *")]
    [InlineData(180, "0 */3 * * *")]
    [InlineData(1440, "0 0 * * *")]
    public void CronExpressions(int minutes, string expected) => Assert.Equal(expected, SmokeScheduleBuilder.CronSchedule(minutes));

    [Theory]
    [InlineData(0)]
    [InlineData(90)]
    [InlineData(1441)]
    public void IntervalsCronCannotExpressAreRefused(int minutes) =>
        Assert.Equal("SmokeScheduleIntervalInvalid", Assert.Throws<JobFinderException>(() => SmokeScheduleBuilder.CronSchedule(minutes)).ErrorId);

    [Fact]
    public void TheCronEntryRunsTheScriptWithShellQuotingAndEscapedPercent()
    {
        var schedule = SmokeScheduleBuilder.ForCron(Input, "/tmp/crontab");
        Assert.Equal(
            "*/5 * * * * '/usr/bin/pwsh' -NoProfile -NonInteractive -File '/srv/job finder'\\''s repo/.jobfinder/smoke-jobfinder-production.ps1' >> '/var/log/jobfinder/smoke 100\\%.jsonl.stderr' 2>&1",
            schedule.Entry);
        Assert.Equal("Cron", schedule.Platform);
        Assert.Equal("/tmp/crontab", schedule.Destination);
    }

    [Fact]
    public void TheRunnerScriptIsValidPowerShellThatLogsJsonLinesAndExitsWithTheResult()
    {
        var script = SmokeScheduleBuilder.Script(Input);
        Parser.ParseInput(script, out _, out var errors);
        Assert.Empty(errors);
        Assert.Contains("Test-JobFinderSmoke -RepositoryPath '/srv/job finder''s repo' -Environment 'production' -OutputFormat JsonLines -OutputPath $log -Quiet", script, StringComparison.Ordinal);
        Assert.Contains("Connect-JobFinderProject -KeyFile '/etc/jobfinder/deployer.json'", script, StringComparison.Ordinal);
        Assert.Contains("exit $LASTEXITCODE", script, StringComparison.Ordinal);
        Assert.Contains("$log = '/var/log/jobfinder/smoke 100%.jsonl'", script, StringComparison.Ordinal);
        Assert.DoesNotContain("Connect-JobFinderProject", SmokeScheduleBuilder.Script(Input with { KeyFilePath = null }), StringComparison.Ordinal);
    }

    [Fact]
    public void RegisteringAgainReplacesOnlyOurLines()
    {
        var schedule = SmokeScheduleBuilder.ForCron(Input, null);
        const string existing = "MAILTO=ops@example.com\n0 3 * * * /usr/local/bin/backup.sh\n";

        var once = SmokeScheduleBuilder.MergeCrontab(existing, schedule);
        var twice = SmokeScheduleBuilder.MergeCrontab(once, schedule with { Entry = schedule.Entry.Replace("*/5", "*/10", StringComparison.Ordinal) });
        var other = SmokeScheduleBuilder.MergeCrontab(twice, schedule with { Name = "jobfinder-staging" });

        Assert.Equal(existing + SmokeScheduleBuilder.CronMarker + "jobfinder-production\n" + schedule.Entry + "\n", once);
        Assert.Single(twice.Split('\n'), l => l.Contains("-File", StringComparison.Ordinal));
        Assert.Contains("*/10 * * * *", twice, StringComparison.Ordinal);
        Assert.StartsWith(existing, twice, StringComparison.Ordinal);
        Assert.Equal(2, other.Split('\n').Count(l => l.StartsWith(SmokeScheduleBuilder.CronMarker, StringComparison.Ordinal)));
    }

    [Fact]
    public void TheScheduledTaskCommandLineIsSchtasksCreateEveryNMinutes()
    {
        var windows = Input with
        {
            IntervalMinutes = 15,
            ScriptPath = @"C:\ops\smoke prod.ps1",
            PwshCommand = [@"C:\Program Files\PowerShell\7\pwsh.exe"],
        };

        Assert.Equal(
            ["/Create", "/F", "/TN", @"\JobFinder.Ops\Smoke jobfinder-production", "/SC", "MINUTE", "/MO", "15", "/TR", "\"C:\\Program Files\\PowerShell\\7\\pwsh.exe\" -NoProfile -NonInteractive -WindowStyle Hidden -File \"C:\\ops\\smoke prod.ps1\""],
            SmokeScheduleBuilder.ScheduledTaskArguments(windows));
        var schedule = SmokeScheduleBuilder.ForScheduledTask(windows);
        Assert.Equal(
            "schtasks.exe /Create /F /TN \"\\JobFinder.Ops\\Smoke jobfinder-production\" /SC MINUTE /MO 15 /TR \"\\\"C:\\Program Files\\PowerShell\\7\\pwsh.exe\\\" -NoProfile -NonInteractive -WindowStyle Hidden -File \\\"C:\\ops\\smoke prod.ps1\\\"\"",
            schedule.Entry);
        Assert.Equal(@"\JobFinder.Ops\Smoke jobfinder-production", schedule.Destination);
    }

    [Fact]
    public void ATaskCommandLongerThanSchtasksAllowsIsRefused()
    {
        var error = Assert.Throws<JobFinderException>(() => SmokeScheduleBuilder.ScheduledTaskArguments(Input with { ScriptPath = @"C:\" + new string('x', 260) + ".ps1" }));
        Assert.Equal("SmokeScheduleCommandTooLong", error.ErrorId);
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("two words", "\"two words\"")]
    [InlineData("say \"hi\"", "\"say \\\"hi\\\"\"")]
    [InlineData(@"C:\dir with space\", "\"C:\\dir with space\\\\\"")]
    [InlineData("", "\"\"")]
    public void WindowsQuotingFollowsTheCRuntimeRules(string argument, string expected) =>
        Assert.Equal(expected, SmokeScheduleBuilder.WindowsQuote(argument));
}
