using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace JobFinder.Ops.Monitoring.Validation;

/// <summary>Gen2 functions are Cloud Run services: they report <c>run.googleapis.com/*</c> metrics on
/// <c>cloud_run_revision</c>, so a policy on gen1 <c>cloudfunctions.googleapis.com/function/*</c> metrics
/// watches series that stay empty (gcp-rest-reference §6.2). This finds such filters and says what to
/// write instead; it advises (a Warning), it does not refuse, because a project may still run gen1.</summary>
internal static partial class Gen1MetricAdvisor
{
    private static readonly Dictionary<string, string> s_replacements = new(StringComparer.Ordinal)
    {
        ["execution_count"] = "run.googleapis.com/request_count (errors: metric.labels.response_code_class = \"5xx\" instead of metric.labels.status != \"ok\")",
        ["execution_times"] = "run.googleapis.com/request_latencies (milliseconds, not nanoseconds)",
        ["user_memory_bytes"] = "run.googleapis.com/container/memory/utilizations (a fraction of the limit)",
        ["active_instances"] = "run.googleapis.com/container/instance_count",
        ["network_egress"] = "run.googleapis.com/container/network/sent_bytes_count",
    };

    /// <summary>One message per gen1 metric named in <paramref name="policy"/>'s filters and queries.</summary>
    public static IReadOnlyList<string> Advise(JsonObject policy, string displayName)
    {
        var messages = new List<string>();
        if (policy["conditions"] is not JsonArray conditions)
        {
            return messages;
        }

        foreach (var condition in conditions.OfType<JsonObject>())
        {
            foreach (var text in Texts(condition))
            {
                foreach (Match match in Gen1Metric().Matches(text))
                {
                    var metric = match.Groups["metric"].Value;
                    var instead = s_replacements.TryGetValue(metric, out var replacement) ? replacement : "the matching run.googleapis.com metric";
                    var conditionName = condition["displayName"]?.GetValue<string>() ?? "(unnamed condition)";
                    messages.Add($"Alert policy '{displayName}', condition '{conditionName}': cloudfunctions.googleapis.com/function/{metric} is a gen1 metric, but this project's functions are gen2 (Cloud Run services) and report nothing there. Use {instead} with resource.type = \"cloud_run_revision\" and resource.labels.service_name instead of resource.labels.function_name.");
                }
            }
        }

        return messages.Distinct(StringComparer.Ordinal).ToArray();
    }

    private static IEnumerable<string> Texts(JsonObject condition)
    {
        foreach (var (_, kind) in condition)
        {
            if (kind is not JsonObject body)
            {
                continue;
            }

            foreach (var field in new[] { "filter", "denominatorFilter", "query" })
            {
                if (body[field]?.GetValue<string>() is { } text)
                {
                    yield return text;
                }
            }
        }
    }

    [GeneratedRegex(@"cloudfunctions\.googleapis\.com/function/(?<metric>[a-z_/]+)")]
    private static partial Regex Gen1Metric();
}
