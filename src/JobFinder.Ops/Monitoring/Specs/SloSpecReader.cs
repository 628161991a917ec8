using System.Globalization;
using JobFinder.Ops.Project;

namespace JobFinder.Ops.Monitoring.Specs;

/// <summary>Reads the <c>slos:</c> section: one objective per entry on one function's Cloud Run service,
/// checked against the API's limits (0 &lt; goal ≤ 0.9999; a rolling period of whole days up to 30, or a
/// calendar period of DAY, WEEK, FORTNIGHT or MONTH).</summary>
internal static class SloSpecReader
{
    private static readonly string[] s_keys = ["name", "function", "kind", "goal", "rollingPeriod", "calendarPeriod", "thresholdMs", "displayName"];
    private static readonly string[] s_calendarPeriods = ["DAY", "WEEK", "FORTNIGHT", "MONTH"];

    public static IReadOnlyList<SloSpec> Read(SpecDocument document, SpecNode? node, MonitoringTarget target)
    {
        if (node is null or SpecScalar { IsNull: true })
        {
            return [];
        }

        var items = node as SpecSequence ?? throw document.Error(MonitoringErrorIds.SloInvalid, node, $"'slos' must be a list, not {node.KindName}.");
        var slos = new List<SloSpec>();
        foreach (var item in items.Items)
        {
            var slo = ReadOne(document, item, target);
            if (slos.Any(s => s.Id == slo.Id))
            {
                throw document.Error(MonitoringErrorIds.SloInvalid, item, $"SLO '{slo.Id}' is declared twice.");
            }

            slos.Add(slo);
        }

        return slos;
    }

    private static SloSpec ReadOne(SpecDocument document, SpecNode item, MonitoringTarget target)
    {
        var section = new SpecSection(document, item, MonitoringErrorIds.SloInvalid, $"SLO at {item.Path}", s_keys);
        var id = section.RequiredString("name");
        section.Subject = $"SLO '{id}'";
        if (!GcpNames.IsResourceId(id))
        {
            throw section.Error(section["name"]!, "'name' must be lower-case letters, digits and '-' (it becomes the SLO id).");
        }

        var functionId = section.RequiredString("function");
        var function = target.Functions.FirstOrDefault(f => f.Id == functionId);
        if (function is null && target.Functions.Count > 0)
        {
            throw section.Error(section["function"]!, $"function '{functionId}' is not a function of this project ({string.Join(", ", target.Functions.Select(f => f.Id))}).");
        }

        var kind = section.RequiredString("kind") switch
        {
            "availability" => SloKind.Availability,
            "latency" => SloKind.Latency,
            var other => throw section.Error(section["kind"]!, $"'kind' must be availability or latency, not '{other}'."),
        };

        var goal = section.OptionalDouble("goal") ?? throw section.Error("'goal' is required (for example 0.99).");
        if (goal is <= 0 or > 0.9999)
        {
            throw section.Error(section["goal"]!, $"'goal' must be above 0 and at most 0.9999, not {goal.ToString(CultureInfo.InvariantCulture)}.");
        }

        var (rolling, calendar) = Period(section);
        var threshold = section.OptionalDouble("thresholdMs");
        if (kind == SloKind.Latency && threshold is not > 0)
        {
            throw section.Error(section["thresholdMs"] ?? section.Node, "a latency SLO needs 'thresholdMs' above 0 (requests faster than it are good).");
        }

        if (kind == SloKind.Availability && threshold is not null)
        {
            throw section.Error(section["thresholdMs"]!, "'thresholdMs' applies to latency SLOs only.");
        }

        var displayName = section.OptionalString("displayName") ?? DefaultDisplayName(functionId, kind, goal, threshold);
        var source = new SourcePositions(document, section.Subject);
        source.Add("", item);
        return new SloSpec(id, functionId, GcpNames.CloudRunService(functionId), function?.Region ?? target.Region, kind, goal, rolling, calendar, threshold, displayName, source);
    }

    /// <summary>The display name an SLO gets when its entry names none (the export leaves it out then).</summary>
    public static string DefaultDisplayName(string functionId, SloKind kind, double goal, double? thresholdMs)
    {
        var percent = (goal * 100).ToString("0.##", CultureInfo.InvariantCulture);
        return kind == SloKind.Availability
            ? $"{functionId}: {percent}% of requests succeed"
            : $"{functionId}: {percent}% of requests under {thresholdMs!.Value.ToString(CultureInfo.InvariantCulture)} ms";
    }

    private static (TimeSpan? Rolling, string? Calendar) Period(SpecSection section)
    {
        var rollingText = section.OptionalString("rollingPeriod");
        var calendar = section.OptionalString("calendarPeriod");
        if (rollingText is not null && calendar is not null)
        {
            throw section.Error(section["calendarPeriod"]!, "give rollingPeriod or calendarPeriod, not both.");
        }

        if (calendar is not null)
        {
            return s_calendarPeriods.Contains(calendar, StringComparer.Ordinal)
                ? (null, calendar)
                : throw section.Error(section["calendarPeriod"]!, $"'calendarPeriod' must be one of {string.Join(", ", s_calendarPeriods)}, not '{calendar}'.");
        }

        if (rollingText is null)
        {
            return (TimeSpan.FromDays(30), null);
        }

        if (!DurationParser.TryParse(rollingText, out var rolling) || rolling.Ticks % TimeSpan.TicksPerDay != 0 || rolling < TimeSpan.FromDays(1) || rolling > TimeSpan.FromDays(30))
        {
            throw section.Error(section["rollingPeriod"]!, $"'rollingPeriod' must be a whole number of days from 1d to 30d, not '{rollingText}'.");
        }

        return (rolling, null);
    }
}
