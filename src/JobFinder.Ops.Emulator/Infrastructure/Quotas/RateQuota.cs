using System.Text.Json.Nodes;

namespace JobFinder.Ops.Emulator.Infrastructure.Quotas;

/// <summary>One rate quota of a Google admin API: how many calls of one kind (reads or writes) a project
/// may make in a window, counted per region or per project. <see cref="QuotaMetric"/>,
/// <see cref="MetricDisplayName"/>, <see cref="LimitDisplayName"/> and <see cref="QuotaLimit"/> are the
/// names Google's 429 carries (its message and ErrorInfo metadata); <see cref="Source"/> is where the
/// number comes from.</summary>
public sealed record RateQuota(
    string Service,
    string Kind,
    string QuotaMetric,
    string MetricDisplayName,
    string QuotaLimit,
    string LimitDisplayName,
    int Limit,
    TimeSpan GoogleWindow,
    bool PerRegion,
    string Source)
{
    public JsonObject ToJson(double timeScale) => new()
    {
        ["service"] = Service,
        ["kind"] = Kind,
        ["quotaMetric"] = QuotaMetric,
        ["quotaLimit"] = QuotaLimit,
        ["limit"] = Limit,
        ["googleWindowSeconds"] = GoogleWindow.TotalSeconds,
        ["windowSeconds"] = (GoogleWindow * timeScale).TotalSeconds,
        ["perRegion"] = PerRegion,
        ["source"] = Source,
    };
}
