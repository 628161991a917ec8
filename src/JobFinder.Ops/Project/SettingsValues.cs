namespace JobFinder.Ops.Project;

/// <summary>Typed, range-checked reads shared by the ops settings sections.</summary>
internal static class SettingsValues
{
    public const string ThresholdOutOfRange = "ThresholdOutOfRange";

    public static TimeSpan? Duration(this JsonSection section, string name)
    {
        if (section.Property(name) is not { } p)
        {
            return null;
        }

        return DurationParser.TryParse(p.AsString(), out var value)
            ? value
            : throw p.Error($"{p.Describe()} must be a duration such as \"00:05:00\", \"300s\", \"5m\", \"24h\" or \"7d\", not '{p.Element.GetString()}'.");
    }

    /// <summary>A whole number within [min, max]; outside is the file's Invalid ErrorId.</summary>
    public static int? IntRange(this JsonSection section, string name, int min, int max)
    {
        if (section.Property(name) is not { } p)
        {
            return null;
        }

        var value = p.AsInt();
        return value >= min && value <= max ? value : throw p.Error($"{p.Describe()} must be between {min} and {max}, not {value}.");
    }

    /// <summary>A fraction 0..1 (an error or timeout rate); outside is ThresholdOutOfRange.</summary>
    public static double? Rate(this JsonSection section, string name)
    {
        var value = section.Number(name);
        return value is null or (>= 0 and <= 1) ? value : throw section.Property(name)!.Value.Error($"'{section.Property(name)!.Value.Path}' is a rate and must be between 0 and 1, not {value}.", ThresholdOutOfRange);
    }

    /// <summary>A strictly positive number (a latency limit); otherwise ThresholdOutOfRange.</summary>
    public static double? PositiveThreshold(this JsonSection section, string name)
    {
        var value = section.Number(name);
        return value is null or > 0 ? value : throw section.Property(name)!.Value.Error($"'{section.Property(name)!.Value.Path}' must be greater than 0, not {value}.", ThresholdOutOfRange);
    }

    /// <summary>A string that must not be blank.</summary>
    public static string? NonEmpty(this JsonSection section, string name)
    {
        var value = section.String(name);
        return value is null || value.Trim().Length > 0 ? value : throw section.Property(name)!.Value.Error($"'{section.Property(name)!.Value.Path}' must not be empty.");
    }
}
