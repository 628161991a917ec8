namespace JobFinder.Ops.Model;

/// <summary>Alert policies as code: the policy file and how notifications reach people.</summary>
public sealed record MonitoringSettings
{
    /// <summary>Absolute path of the alert policy file; null when none is configured and the
    /// default <c>monitoring-config.yaml</c> does not exist.</summary>
    public string? AlertPolicyFile { get; init; }

    /// <summary>Name of the environment variable holding the notification webhook URL (never the URL).</summary>
    public string? NotifyWebhookEnvVar { get; init; }
}
