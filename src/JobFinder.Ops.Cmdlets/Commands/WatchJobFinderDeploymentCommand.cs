using System.Globalization;
using System.Management.Automation;
using JobFinder.Ops.Cmdlets.Bases;
using JobFinder.Ops.Cmdlets.Infrastructure;
using JobFinder.Ops.Events;
using JobFinder.Ops.Model;
using JobFinder.Ops.Notifications;
using JobFinder.Ops.Undo;
using JobFinder.Ops.Smoke;
using JobFinder.Ops.Watch;

namespace JobFinder.Ops.Commands;

/// <summary>Watches production after a deployment and rolls it back when the plan's triggers fire.</summary>
/// <remarks>Help (Get-Help Watch-JobFinderDeployment): docs/help/Watch-JobFinderDeployment.md.</remarks>
[Cmdlet(VerbsCommon.Watch, "JobFinderDeployment", DefaultParameterSetName = LastSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High,
    HelpUri = "https://github.com/jobfinder/JobFinder.Ops/blob/main/docs/ROLLBACK.md")]
[OutputType(typeof(WatchSample), typeof(DeploymentRecord))]
public sealed class WatchJobFinderDeploymentCommand : DeploymentRecordCmdlet
{
    /// <summary>How long to watch. Default two hours.</summary>
    [Parameter]
    [DurationTransformation]
    public TimeSpan Duration { get; set; } = TimeSpan.FromHours(2);

    /// <summary>Time between polls. Default one minute.</summary>
    [Parameter]
    [DurationTransformation]
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Undo the deployment when a trigger fires.</summary>
    [Parameter]
    public SwitchParameter AutoRollback { get; set; }

    /// <summary>Watch the metrics only, without smoke checks.</summary>
    [Parameter]
    public SwitchParameter SkipSmoke { get; set; }

    /// <summary>Chat webhook told about an automatic rollback.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? NotifyUri { get; set; }

    /// <summary>-AutoRollback without the confirmation at the start.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void ProcessRecordCore()
    {
        if (Duration <= TimeSpan.Zero || Interval <= TimeSpan.Zero)
        {
            ThrowArgumentError("WatchDurationInvalid", $"-Duration ({Duration}) and -Interval ({Interval}) must be positive.", Duration);
        }

        var project = ResolveDeploymentProject();
        var webhook = NotifyUri is null ? null : WebhookTarget.Resolve(NotifyUri, null, null);
        var deployment = RunConnected((client, token) => ResolveRecordAsync(new DeploymentUndo(client), project, token));
        var mayRollBack = AutoRollback && ShouldProcessWithForce($"{EnvironmentOf(project)}: deployment {deployment.Id}", "Undo the deployment automatically when a rollback trigger fires", Force);
        if (AutoRollback && !mayRollBack && IsWhatIfInEffect())
        {
            return;
        }

        var options = new WatchOptions
        {
            Deployment = deployment,
            Project = project,
            Duration = Duration,
            Interval = Interval,
            Smoke = !SkipSmoke,
            SmokeUser = Credential?.GetNetworkCredential(),
        };
        var start = DateTimeOffset.UtcNow;
        var windowStart = start;
        for (var poll = 1; ; poll++)
        {
            var polledAt = DateTimeOffset.UtcNow;
            var (samples, credentials) = RunConnected((client, token) =>
                new DeploymentWatcher(client).PollAsync(options, poll, start, windowStart, token));
            windowStart = polledAt;
            WriteObject(samples, enumerateCollection: true);
            if (credentials is not null)
            {
                // A setup mistake, not the release's failure: said once, and the watch goes on with the
                // metrics alone (signing in again every poll could lock the test user out).
                WriteNonTerminating(new SmokeCredentialsException(credentials with { Message = credentials.Message + "; the watch goes on with the metrics only, and these checks trigger no rollback" }), credentials.Source);
                options = options with { Smoke = false };
            }

            ShowProgress(deployment, poll, samples, start);
            var fired = samples.FirstOrDefault(s => s.Triggered);
            if (fired is not null)
            {
                if (mayRollBack)
                {
                    WriteWarning($"Rolling back deployment {deployment.Id}: {fired.Trigger} on {fired.FunctionId} ({fired.Reason}).");
                    RollBack(deployment, project, webhook);
                }

                break;
            }

            if (!DeploymentWatcher.MorePolls(start, options))
            {
                break;
            }

            RunEngine((_, token) => Task.Delay(Interval, token));
        }

        WriteProgress(new ProgressRecord(ProgressIds.Watch, $"Watching deployment {deployment.Id}", "Done") { RecordType = ProgressRecordType.Completed });
    }

    private void RollBack(DeploymentRecord deployment, JobFinderProject project, WebhookTarget? webhook)
    {
        var options = new UndoOptions { Project = project, Notify = webhook, SmokeUser = Credential?.GetNetworkCredential(), Verify = !SkipSmoke };
        var record = RunConnected((client, token) =>
            new DeploymentUndo(client).UndoAsync(deployment, options, token));
        WriteObject(record);
    }

    private void ShowProgress(DeploymentRecord deployment, int poll, IReadOnlyList<WatchSample> samples, DateTimeOffset start)
    {
        var elapsed = DateTimeOffset.UtcNow - start;
        var status = string.Join("  ", samples.Select(s => string.Create(CultureInfo.InvariantCulture,
            $"{s.FunctionId}: {s.Requests} req, {s.ErrorRate:P1} err, {s.TimeoutRate:P1} t/o{(s.SmokePassed is null ? "" : s.SmokePassed.Value ? ", smoke ok" : ", SMOKE FAILED")}{(s.Triggered ? " [" + s.Trigger + "]" : "")}")));
        WriteProgress(new ProgressRecord(ProgressIds.Watch, $"Watching deployment {deployment.Id} (poll {poll})", status.Length == 0 ? "no functions" : status)
        {
            PercentComplete = (int)Math.Clamp(elapsed.TotalMilliseconds * 100 / Duration.TotalMilliseconds, 0, 100),
            SecondsRemaining = (int)Math.Max(0, (Duration - elapsed).TotalSeconds),
        });
    }
}
