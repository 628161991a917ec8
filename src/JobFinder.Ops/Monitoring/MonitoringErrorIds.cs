namespace JobFinder.Ops.Monitoring;

/// <summary>The stable ErrorIds of alert policies, channels, SLOs and dashboards as code. Each kind of
/// bad input has its own id so scripts and tests can tell them apart; never rename one.</summary>
public static class MonitoringErrorIds
{
    /// <summary>The policy file does not exist.</summary>
    public const string FileNotFound = "AlertPolicyFileNotFound";

    /// <summary>The file is not valid YAML/JSON (syntax).</summary>
    public const string FileMalformed = "AlertPolicyFileMalformed";

    /// <summary>The file parses but is neither our monitoring format nor an AlertPolicy (or a list of them).</summary>
    public const string FileUnrecognized = "AlertPolicyFileUnrecognized";

    /// <summary>A field the API (or our format) does not have.</summary>
    public const string FieldUnknown = "AlertPolicyFieldUnknown";

    /// <summary>A field of the wrong type or an enum value the API does not have.</summary>
    public const string FieldInvalid = "AlertPolicyFieldInvalid";

    /// <summary>A policy-level rule of the API is broken (display name, condition count, combiner...).</summary>
    public const string PolicyInvalid = "AlertPolicyInvalid";

    /// <summary>A condition-level rule is broken (kinds, filter, comparison, duration, aggregations...).</summary>
    public const string ConditionInvalid = "AlertPolicyConditionInvalid";

    /// <summary>Two declared policies share a display name (the key we match live policies by).</summary>
    public const string DuplicateName = "AlertPolicyDuplicateName";

    /// <summary>A policy references a channel that is neither declared in the file nor exists.</summary>
    public const string ChannelUnknown = "NotificationChannelUnknown";

    /// <summary>A declared channel breaks a rule (type, labels, inline secret, duplicate name).</summary>
    public const string ChannelInvalid = "NotificationChannelInvalid";

    /// <summary>The environment variable a channel secret comes from is not set.</summary>
    public const string ChannelSecretMissing = "NotificationChannelSecretMissing";

    /// <summary>A declared SLO breaks a rule (function, kind, goal, period).</summary>
    public const string SloInvalid = "ServiceLevelObjectiveInvalid";

    /// <summary>The dashboard section breaks a rule.</summary>
    public const string DashboardInvalid = "DashboardSpecInvalid";

    /// <summary>A declared policy has the display name of a live policy we do not manage.</summary>
    public const string PolicyNotManaged = "AlertPolicyNotManaged";

    /// <summary>A planned change failed when applied.</summary>
    public const string ApplyFailed = "MonitoringChangeFailed";
}
