using System.Management.Automation;
using JobFinder.Ops.Cmdlets.Bases;
using JobFinder.Ops.Cmdlets.Infrastructure;
using JobFinder.Ops.Model;
using JobFinder.Ops.Notifications;

namespace JobFinder.Ops.Commands;

/// <summary>Posts a deployment announcement or a free-text message to a Slack, Google Chat or Microsoft Teams webhook.</summary>
/// <remarks>Help (Get-Help Send-JobFinderNotification): docs/help/Send-JobFinderNotification.md.</remarks>
[Cmdlet(VerbsCommunications.Send, "JobFinderNotification", SupportsShouldProcess = true, DefaultParameterSetName = RecordSet, HelpUri = "https://github.com/jobfinder/JobFinder.Ops/blob/main/docs/design/notifications.md")]
[OutputType(typeof(NotificationResult))]
public sealed class SendJobFinderNotificationCommand : JobFinderCmdlet
{
    private const string RecordSet = "Record";
    private const string MessageSet = "Message";

    // Engine enums are value types: a field of that type would make the runtime load the engine
    // assembly while PowerShell merely lists this assembly's types at import, before the module's
    // resolver for the engine is registered. Boxed in object fields, they load only when used.
    private object? _phase;
    private object? _format;

    /// <summary>The webhook URL. It carries a secret token: prefer -UriFromEnvironment.</summary>
    [Parameter(Position = 0)]
    [ValidateNotNullOrEmpty]
    public string? Uri { get; set; }

    /// <summary>The name of an environment variable that holds the webhook URL (used when -Uri is not given).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? UriFromEnvironment { get; set; }

    /// <summary>The deployment to announce (from Invoke-JobFinderDeployment, Undo-JobFinderDeployment or Get-JobFinderDeployment).</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = RecordSet, HelpMessage = "The DeploymentRecord to announce.")]
    public DeploymentRecord? InputObject { get; set; }

    /// <summary>Which moment of the deployment to announce: Started, CanaryStepPassed, CanaryStepFailed, RolledBack, Completed or Failed.</summary>
    [Parameter(Mandatory = true, ParameterSetName = RecordSet, HelpMessage = "Started, CanaryStepPassed, CanaryStepFailed, RolledBack, Completed or Failed.")]
    public NotificationPhase Phase
    {
        get => _phase is NotificationPhase phase ? phase : default;
        set => _phase = value;
    }

    /// <summary>Who to contact about the deployment (a person, an e-mail, a channel). Defaults to the deployment's owner.</summary>
    [Parameter(ParameterSetName = RecordSet)]
    [ValidateNotNullOrEmpty]
    public string? Contact { get; set; }

    /// <summary>How long production will be watched after the rollout; stated in the monitoring plan.</summary>
    [Parameter(ParameterSetName = RecordSet)]
    [DurationTransformation]
    public TimeSpan? WatchDuration { get; set; }

    /// <summary>A free-text message to post.</summary>
    [Parameter(Mandatory = true, ParameterSetName = MessageSet, HelpMessage = "The text to post.")]
    [ValidateNotNullOrEmpty]
    public string? Message { get; set; }

    /// <summary>The title above a free-text message. Default: JobFinder.Ops.</summary>
    [Parameter(ParameterSetName = MessageSet)]
    [ValidateNotNullOrEmpty]
    public string? Title { get; set; }

    /// <summary>The webhook's JSON shape: Slack, GoogleChat or Teams. Default: inferred from the URL's host.</summary>
    [Parameter]
    public NotificationFormat? Format
    {
        get => _format as NotificationFormat?;
        set => _format = value;
    }

    /// <summary>Returns a NotificationResult (host, format, delivered, status code, attempts).</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecordCore()
    {
        var target = WebhookTarget.Resolve(Uri, UriFromEnvironment, Format);
        var message = InputObject is null
            ? NotificationMessage.FromText(Message!, Title)
            : DeploymentMessageComposer.Compose(Phase, InputObject, new NotificationContext { Contact = Contact, WatchDuration = WatchDuration });
        if (!ShouldProcess(target.ToString(), $"Post '{message.Title}'"))
        {
            return;
        }

        var result = RunEngine((events, token) => new Notifier().SendAsync(target, message, events, token));
        if (PassThru)
        {
            WriteObject(result);
        }
    }
}
