namespace JobFinder.Ops.Model;

/// <summary>What Set-JobFinderAlertPolicy did (or, under -WhatIf, would do) to one alert policy,
/// notification channel, SLO (or its service) or dashboard.</summary>
public sealed record MonitoringChange
{
    /// <summary>The display name (policies, channels, SLOs, dashboards) the resource is matched by.</summary>
    public required string DisplayName { get; init; }

    public required MonitoringChangeKind Kind { get; init; }

    public required MonitoringChangeAction Action { get; init; }

    /// <summary>One line per changed field: <c>~ path: old -> new</c>, <c>+ path: new</c>, <c>- path: old</c>.
    /// Secret values never appear; a secret label shows the environment variable it comes from.</summary>
    public string Diff { get; init; } = "";

    /// <summary>The top-level fields of an update (the PATCH <c>updateMask</c>); empty otherwise.</summary>
    public IReadOnlyList<string> Mask { get; init; } = [];

    /// <summary>The resource name (<c>projects/P/alertPolicies/ID</c>); null for a create not performed.</summary>
    public string? Name { get; init; }

    public required string ProjectId { get; init; }

    /// <summary>True when the change was made; false for Unchanged and for changes skipped by -WhatIf or a
    /// declined confirmation.</summary>
    public bool Applied { get; init; }
}
