using System.Text.RegularExpressions;

namespace JobFinder.Ops.Monitoring.Specs;

/// <summary>Names derived the way Google derives them.</summary>
internal static partial class GcpNames
{
    /// <summary>The Cloud Run service of a gen2 function: the function id lower-cased with <c>_</c> as
    /// <c>-</c> (gcp-rest-reference §3.3; <c>submitJob</c> → <c>submitjob</c>).</summary>
    public static string CloudRunService(string functionId) => functionId.ToLowerInvariant().Replace('_', '-');

    /// <summary>Label keys and values, service and SLO ids: lower-case letters, digits, <c>-</c>, <c>_</c>.</summary>
    public static bool IsLabelValue(string text) => LabelValue().IsMatch(text);

    /// <summary>A label value: like a key but may be empty or start with a digit (AlertPolicy.userLabels in
    /// monitoring-v3.json: only keys must begin with a letter).</summary>
    public static bool IsLabelValueText(string text) => LabelValueText().IsMatch(text);

    /// <summary>A Prometheus label name (<c>[a-zA-Z_][a-zA-Z0-9_]*</c>, prometheus.io data model), which
    /// PrometheusQueryLanguageCondition.alertRule and the keys of its labels must be.</summary>
    public static bool IsPrometheusLabelName(string text) => PrometheusLabelName().IsMatch(text);

    public static bool IsResourceId(string text) => ResourceId().IsMatch(text);

    /// <summary><c>projects/P/notificationChannels/ID</c>.</summary>
    public static bool IsChannelName(string text) => ChannelName().IsMatch(text);

    [GeneratedRegex("^[a-z][a-z0-9_-]{0,62}$")]
    private static partial Regex LabelValue();

    [GeneratedRegex("^[a-z0-9_-]{0,63}$")]
    private static partial Regex LabelValueText();

    [GeneratedRegex("^[a-zA-Z_][a-zA-Z0-9_]*$")]
    private static partial Regex PrometheusLabelName();

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,61}[a-z0-9]$|^[a-z0-9]$")]
    private static partial Regex ResourceId();

    [GeneratedRegex("^projects/[^/]+/notificationChannels/[^/]+$")]
    private static partial Regex ChannelName();
}
