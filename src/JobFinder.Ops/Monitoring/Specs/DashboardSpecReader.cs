namespace JobFinder.Ops.Monitoring.Specs;

/// <summary>Reads the <c>dashboard:</c> section: a display name, the functions to show (default: every
/// gen2 function of the project) and the grid's column count (default 3: rate, errors, p95).</summary>
internal static class DashboardSpecReader
{
    private static readonly string[] s_keys = ["displayName", "functions", "columns"];

    public static DashboardSpec? Read(SpecDocument document, SpecNode? node, MonitoringTarget target)
    {
        if (node is null or SpecScalar { IsNull: true })
        {
            return null;
        }

        var section = new SpecSection(document, node, MonitoringErrorIds.DashboardInvalid, "the dashboard", s_keys);
        var displayName = section.RequiredString("displayName");
        var columns = section.OptionalInt("columns", 3);
        if (columns is < 1 or > 12)
        {
            throw section.Error(section["columns"]!, "'columns' must be between 1 and 12.");
        }

        var listed = section.OptionalStringList("functions");
        var functions = new List<DashboardFunction>();
        if (listed is null)
        {
            functions.AddRange(target.Functions.Where(f => f.IsGen2).Select(f => new DashboardFunction(f.Id, GcpNames.CloudRunService(f.Id))));
        }
        else
        {
            foreach (var (id, itemNode) in listed)
            {
                if (target.Functions.Count > 0 && target.Functions.All(f => f.Id != id))
                {
                    throw section.Error(itemNode, $"function '{id}' is not a function of this project ({string.Join(", ", target.Functions.Select(f => f.Id))}).");
                }

                if (functions.All(f => f.Function != id))
                {
                    functions.Add(new DashboardFunction(id, GcpNames.CloudRunService(id)));
                }
            }
        }

        if (functions.Count == 0)
        {
            throw section.Error("has no function to show; list them under 'functions'.");
        }

        var source = new SourcePositions(document, "the dashboard");
        source.Add("", node);
        return new DashboardSpec(displayName, functions, columns, source);
    }
}
