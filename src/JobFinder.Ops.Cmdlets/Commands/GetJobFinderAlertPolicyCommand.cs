using System.Management.Automation;
using JobFinder.Ops.Cmdlets.Bases;
using JobFinder.Ops.Model;
using JobFinder.Ops.Monitoring;

namespace JobFinder.Ops.Commands;

/// <summary>Lists the alert policies of a Google project, marking the ones JobFinder.Ops manages.</summary>
/// <remarks>Help (Get-Help Get-JobFinderAlertPolicy): docs/help/Get-JobFinderAlertPolicy.md.</remarks>
[Cmdlet(VerbsCommon.Get, "JobFinderAlertPolicy", HelpUri = "https://github.com/jobfinder/JobFinder.Ops/blob/main/docs/MONITORING.md")]
[OutputType(typeof(AlertPolicyInfo))]
public sealed class GetJobFinderAlertPolicyCommand : MonitoringCmdlet
{
    /// <summary>Only policies whose display name matches this wildcard pattern.</summary>
    [Parameter(Position = 0)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string? DisplayName { get; set; }

    /// <summary>Only policies that carry the managed-by: jobfinder-ops label.</summary>
    [Parameter]
    public SwitchParameter Managed { get; set; }

    protected override void ProcessRecordCore()
    {
        var (target, _) = ResolveTarget();
        var pattern = DisplayName is null ? null : new WildcardPattern(DisplayName, WildcardOptions.IgnoreCase);
        var policies = RunConnected((client, token) =>
            new MonitoringService(client).GetPoliciesAsync(target.ProjectId, token));
        foreach (var policy in policies.Where(p => (pattern is null || pattern.IsMatch(p.DisplayName)) && (!Managed || p.Managed)))
        {
            WriteObject(policy);
        }
    }
}
