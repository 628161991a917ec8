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

    protected override void ProcessRecordCore()
    {
        var (target, _) = ResolveTarget();
        var path = GetUnresolvedProviderPathFromPSPath(Path);
        if (File.Exists(path) && !Force)
        {
            ThrowArgumentError("AlertPolicyExportExists", $"The file '{path}' exists; add -Force to overwrite it.", path);
        }

        if (!ShouldProcess(path, $"Export the alert policies of project {target.ProjectId}"))
        {
            return;
        }

        var pattern = DisplayName is null ? null : new WildcardPattern(DisplayName, WildcardOptions.IgnoreCase);
        var count = RunConnected((client, token) =>
            new MonitoringService(client).ExportAsync(
                target.ProjectId,
                path,
                p => (pattern is null || pattern.IsMatch(p.DisplayName ?? "")) && (!Managed || MonitoringLabels.IsManaged(p.UserLabels)),
                token));
        WriteVerbose($"Wrote {count} alert policies to {path}.");
        WriteObject(new FileInfo(path));
    }
}
