using JobFinder.Ops.Model;

namespace JobFinder.Ops.Project;

/// <summary>Applies a <c>monitoring</c> section; the policy file is resolved against the project root.</summary>
internal static class MonitoringSectionBinder
{
    public static MonitoringSettings Apply(MonitoringSettings current, JsonSection section, string rootPath)
    {
        section.EnsureKnown("alertPolicyFile", "notifyWebhookEnvVar");
        var file = section.NonEmpty("alertPolicyFile");
        return current with
        {
            AlertPolicyFile = file is null ? current.AlertPolicyFile : Path.GetFullPath(Path.Combine(rootPath, file)),
            NotifyWebhookEnvVar = section.NonEmpty("notifyWebhookEnvVar") ?? current.NotifyWebhookEnvVar,
        };
    }
}
