using System.Management.Automation;
using JobFinder.Ops.Cmdlets.Bases;
using JobFinder.Ops.Monitoring;

namespace JobFinder.Ops.Commands;

/// <summary>Writes a project's live alert policies to a monitoring file that Set-JobFinderAlertPolicy applies back unchanged.</summary>
/// <remarks>
/// <para>Export-JobFinderAlertPolicy brings policies made in the console under code: it writes them in the monitoring file format (docs/MONITORING.md), each policy with the API's own fields and without the server-assigned ones (names, creation and mutation records, condition ids). Channels JobFinder.Ops manages are declared under notificationChannels and referenced by name; other channels are referenced by resource name, so applying the file neither creates nor changes them. Secret channel labels cannot be read back, so the file names an environment variable for each (a warning says which).</para>
/// <para>Applying the exported file with Set-JobFinderAlertPolicy reports every exported policy Unchanged; policies that were not managed yet need -Adopt once to take the label.</para>
/// <para>The file is not overwritten unless -Force is given (ErrorId AlertPolicyExportExists).</para>
/// </remarks>
/// <example>
/// <code>Export-JobFinderAlertPolicy -Environment production -Path ./monitoring-config.yaml -Force</code>
/// <para>Writes production's alert policies to monitoring-config.yaml.</para>
/// </example>
/// <example>
/// <code>Export-JobFinderAlertPolicy -ProjectId jobfinder-staging -Path ./console.yaml -DisplayName 'Latency*'</code>
/// <para>Exports the policies whose name starts with Latency so they can be kept in the repository.</para>
/// </example>
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
