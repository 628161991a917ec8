using System.Management.Automation;
using JobFinder.Ops.Cmdlets.Bases;
using JobFinder.Ops.Model;
using JobFinder.Ops.Monitoring;

namespace JobFinder.Ops.Commands;

/// <summary>Lists the alert policies of a Google project, marking the ones JobFinder.Ops manages.</summary>
/// <remarks>
/// <para>Get-JobFinderAlertPolicy reads every alert policy of the project and returns an AlertPolicyInfo for each: display name, whether it is enabled, whether it carries the label managed-by: jobfinder-ops (Managed), its conditions with their kinds, and the display names of the notification channels it notifies.</para>
/// <para>-DisplayName filters by display name with wildcards; -Managed returns only the policies Set-JobFinderAlertPolicy manages.</para>
/// </remarks>
/// <example>
/// <code>Get-JobFinderAlertPolicy -Environment production</code>
/// <para>Lists production's alert policies.</para>
/// </example>
/// <example>
/// <code>Get-JobFinderAlertPolicy -ProjectId jobfinder-staging -DisplayName '*Error*' -Managed</code>
/// <para>Lists the managed policies of jobfinder-staging whose name contains Error.</para>
/// </example>
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
