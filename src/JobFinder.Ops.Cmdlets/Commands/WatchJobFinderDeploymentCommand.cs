using System.Globalization;
using System.Management.Automation;
using JobFinder.Ops.Cmdlets.Bases;
using JobFinder.Ops.Events;
using JobFinder.Ops.Model;
using JobFinder.Ops.Notifications;
using JobFinder.Ops.Rollback;
using JobFinder.Ops.Smoke;
using JobFinder.Ops.Watch;

namespace JobFinder.Ops.Commands;

/// <summary>Watches production after a deployment and rolls it back when the plan's triggers fire.</summary>
/// <remarks>
/// <para>Every -Interval for -Duration (default: every minute for two hours, the plan's watch) it reads each deployed function's requests, 5xx and timeouts since the previous poll from Cloud Monitoring and runs the project's smoke checks, shows a live progress view, and writes one WatchSample per function per poll as it goes.</para>
/// <para>-Last watches the newest deployment of the -Environment given; without -Environment it is refused (ErrorId EnvironmentRequired) when .firebaserc names more than one project, and a piped record of another project than -Environment is refused (DeploymentProjectMismatch).</para>
/// <para>The plan's rollback triggers: error rate over 10% or timeouts over 20% (over at least 10 requests), or total failure (every request failing, or every smoke check failing). When one fires it warns; with -AutoRollback it undoes the deployment at once (Undo-JobFinderDeployment, confirmed once when the watch starts) and writes the Rollback record. Data corruption, a broken frontend or a security issue are triggers a person sees: run Undo-JobFinderDeployment (docs/ROLLBACK.md).</para>
/// <para>Wrong smoke credentials never fire a trigger: when the test user's sign-in is refused or the API key is another project's, the error SmokeCredentialsRejected (or SmokeCredentialMissing) names the credential, the checks and the fix, those checks count for nothing, and the watch goes on with the metrics only; -AutoRollback rolls nothing back for it. A signed-in check that the live revision refuses (401/403) after a sign-in that worked counts as failing: there is no older revision left to compare with (docs/SMOKE.md).</para>
/// </remarks>
/// <example>
/// <code>Invoke-JobFinderDeployment -Environment production -NewBackup | Watch-JobFinderDeployment -Environment production -AutoRollback</code>
/// <para>Deploys, then watches for two hours and rolls back automatically on a trigger.</para>
/// </example>
/// <example>
/// <code>Watch-JobFinderDeployment -Environment production -Last -Duration 00:30:00 -Interval 00:00:30 | Format-Table</code>
/// <para>Watches the latest deployment for half an hour, polling every 30 seconds, without rolling back.</para>
/// </example>
[Cmdlet(VerbsCommon.Watch, "JobFinderDeployment", DefaultParameterSetName = LastSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High,
    HelpUri = "https://github.com/jobfinder/JobFinder.Ops/blob/main/docs/ROLLBACK.md")]
[OutputType(typeof(WatchSample), typeof(DeploymentRecord))]
public sealed class WatchJobFinderDeploymentCommand : DeploymentRecordCmdlet
{
    /// <summary>How long to watch. Default two hours.</summary>
    [Parameter]
    public TimeSpan Duration { get; set; } = TimeSpan.FromHours(2);

    /// <summary>Time between polls. Default one minute.</summary>
    [Parameter]
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
