using JobFinder.Ops.Google.Json;
using JobFinder.Ops.Google.Monitoring;
using JobFinder.Ops.Model;

namespace JobFinder.Ops.Monitoring;

/// <summary>Turns a live AlertPolicy into the <see cref="AlertPolicyInfo"/> Get-JobFinderAlertPolicy shows.</summary>
internal static class AlertPolicyInfoFactory
{
    private static readonly (string Field, string Short)[] s_kinds =
    [
        ("conditionThreshold", "threshold"), ("conditionAbsent", "absent"), ("conditionMonitoringQueryLanguage", "mql"),
        ("conditionPrometheusQueryLanguage", "promql"), ("conditionMatchedLog", "log match"), ("conditionSql", "sql"),
    ];

    public static AlertPolicyInfo Create(AlertPolicy policy, string projectId, IReadOnlyDictionary<string, string> channelNames) => new()
    {
        Name = policy.Name ?? "",
        DisplayName = policy.DisplayName ?? policy.Name ?? "",
        ProjectId = projectId,
        Enabled = policy.Enabled ?? true,
        Managed = MonitoringLabels.IsManaged(policy.UserLabels),
        Combiner = policy.Combiner is { } combiner ? GoogleEnumConverter<AlertCombiner>.ToWire(combiner) : null,
        Severity = policy.Severity is { } severity ? GoogleEnumConverter<AlertSeverity>.ToWire(severity) : null,
        Conditions = (policy.Conditions ?? []).Select(c => $"{c.DisplayName ?? "(unnamed)"} ({Kind(c)})").ToArray(),
        NotificationChannels = (policy.NotificationChannels ?? []).Select(n => channelNames.TryGetValue(n, out var display) ? display : n).ToArray(),
        UserLabels = policy.UserLabels ?? [],
        Modified = policy.MutationRecord?.MutateTime ?? policy.CreationRecord?.MutateTime,
    };

    private static string Kind(AlertCondition condition)
    {
        if (condition.ConditionThreshold is not null)
        {
            return "threshold";
        }

        return s_kinds.FirstOrDefault(k => condition.ExtensionData?.ContainsKey(k.Field) == true).Short ?? "unknown";
    }
}
