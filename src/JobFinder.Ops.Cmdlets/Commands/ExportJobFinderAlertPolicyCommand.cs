using System.Management.Automation;
using JobFinder.Ops.Cmdlets.Bases;
using JobFinder.Ops.Monitoring;

namespace JobFinder.Ops.Commands;

/// <summary>Writes a project's live alert policies to a monitoring file that Set-JobFinderAlertPolicy applies back unchanged.</summary>
/// <remarks>Help (Get-Help Export-JobFinderAlertPolicy): docs/help/Export-JobFinderAlertPolicy.md.</remarks>
[Cmdlet(VerbsData.Export, "JobFinderAlertPolicy", SupportsShouldProcess = true, HelpUri = "https://github.com/jobfinder/JobFinder.Ops/blob/main/docs/MONITORING.md")]
[OutputType(typeof(FileInfo))]
public sealed class ExportJobFinderAlertPolicyCommand : MonitoringCmdlet
{
    /// <summary>The file to write (YAML).</summary>
    [Parameter(Mandatory = true, Position = 0, HelpMessage = "The monitoring file to write")]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = string.Empty;

    /// <summary>Only policies whose display name matches this wildcard pattern.</summary>
    [Parameter]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string? DisplayName { get; set; }

    /// <summary>Only policies that carry the managed-by: jobfinder-ops label.</summary>
    [Parameter]
    public SwitchParameter Managed { get; set; }

    /// <summary>Overwrite an existing file.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Write the file even when the project has nothing to export (by default an empty export never replaces a file).</summary>
    [Parameter]
    public SwitchParameter AllowEmpty { get; set; }

    protected override void ProcessRecordCore()
    {
        var (target, _) = ResolveTarget();
        var path = GetUnresolvedProviderPathFromPSPath(Path);
        var exists = File.Exists(path);
        if (exists && !Force)
        {
            ThrowArgumentError("AlertPolicyExportExists", $"The file '{path}' exists; add -Force to overwrite it.", path);
        }

        if (!ShouldProcess(path, $"Export the alert policies, notification channels, SLOs and dashboard of project {target.ProjectId}"))
        {
            return;
        }

        var pattern = DisplayName is null ? null : new WildcardPattern(DisplayName, WildcardOptions.IgnoreCase);
        // A -DisplayName or -Managed selection is of policies; SLOs and the dashboard come with a whole export only.
        var export = RunConnected((client, token) =>
            new MonitoringService(client).ExportAsync(
                target.ProjectId,
                p => (pattern is null || pattern.IsMatch(p.DisplayName ?? "")) && (!Managed || MonitoringLabels.IsManaged(p.UserLabels)),
                policiesOnly: pattern is not null,
                token));
        if (export.IsEmpty && exists && !AllowEmpty)
        {
            // Issue 21: an empty export over a 149-line monitoring-config.yaml threw all of it away.
            ThrowArgumentError("AlertPolicyExportEmpty",
                $"Project {target.ProjectId} has nothing to export ({export.Summary}{(DisplayName is null ? "" : $" matching '{DisplayName}'")}), so writing would replace '{path}' with an empty file; nothing was written. Check -Environment/-ProjectId (and -DisplayName), or add -AllowEmpty to write the empty file.",
                path);
        }

        RunEngine((_, token) => MonitoringService.WriteExportAsync(path, export, token));
        WriteVerbose($"Wrote {export.Summary} to {path}.");
        WriteObject(new FileInfo(path));
    }
}
