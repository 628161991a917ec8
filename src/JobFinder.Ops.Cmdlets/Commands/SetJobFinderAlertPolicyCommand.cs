using System.Management.Automation.Runspaces;
using System.Management.Automation;
using JobFinder.Ops.Cmdlets.Bases;
using JobFinder.Ops.Errors;
using JobFinder.Ops.Model;
using JobFinder.Ops.Monitoring.Apply;
using JobFinder.Ops.Monitoring;

namespace JobFinder.Ops.Commands;

/// <summary>Applies alert policies, notification channels, SLOs and a dashboard declared in a file to a Google project, changing only what differs.</summary>
/// <remarks>
/// <para>Set-JobFinderAlertPolicy reads a monitoring file: the project's monitoring-config.yaml (jobfinder.ops.json monitoring.alertPolicyFile) unless -Path or -InputObject says otherwise. The file may be in the plan's shorthand (alertPolicies with threshold conditions, notificationChannels, slos, dashboard; see docs/MONITORING.md) or one or more AlertPolicy objects as gcloud monitoring policies create --policy-from-file takes them, in YAML or JSON. Every policy is checked against the API's rules before any call; a problem ends the command with an ErrorId and the file, line, column and field (AlertPolicyFileMalformed, AlertPolicyFileUnrecognized, AlertPolicyFieldUnknown, AlertPolicyFieldInvalid, AlertPolicyInvalid, AlertPolicyConditionInvalid, AlertPolicyDuplicateName, NotificationChannelUnknown, NotificationChannelInvalid, ServiceLevelObjectiveInvalid, DashboardSpecInvalid). Filters on gen1 cloudfunctions.googleapis.com/function metrics produce a warning naming the Cloud Run metric to use.</para>
/// <para>Live policies are matched by display name among those carrying the label managed-by: jobfinder-ops, which the command adds. A missing policy is created, a different one is patched with an updateMask of only the changed top-level fields, an equal one is left alone, so a second run reports every resource Unchanged and makes no change. Policies without the label are never modified (AlertPolicyNotManaged) unless -Adopt takes over the ones whose display name the file declares. With -Prune, resources with the label that the file no longer declares are removed; each removal asks for confirmation unless -Force.</para>
/// <para>Notification channels are matched by their name in the file (kept as a label), or reused when an unmanaged channel of the same type and labels exists. Secret labels (a Slack auth_token, a token webhook url) are read from the environment variables the file names and never shown. SLOs are created in Service Monitoring on each function's Cloud Run service; the dashboard shows each function's request rate, error rate and p95 latency.</para>
/// <para>The command writes one AlertPolicyChange per resource (Kind, Action Created, Updated, Unchanged or Removed, the Diff and the update Mask). With -WhatIf the diff is shown and nothing is changed.</para>
/// </remarks>
/// <example>
/// <code>Set-JobFinderAlertPolicy -Environment staging</code>
/// <para>Applies the repository's monitoring-config.yaml to the staging project and lists what changed.</para>
/// </example>
/// <example>
/// <code>Get-JobFinderProject -Environment production | Set-JobFinderAlertPolicy -Prune -WhatIf</code>
/// <para>Shows, without changing anything, the diff between the file and production, including what -Prune would remove.</para>
/// </example>
/// <example>
/// <code>Set-JobFinderAlertPolicy -Path ./policy.json -ProjectId jobfinder-staging</code>
/// <para>Applies a policy file written for gcloud monitoring policies create --policy-from-file, idempotently.</para>
/// </example>
[Cmdlet(VerbsCommon.Set, "JobFinderAlertPolicy", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = PathSet,
    HelpUri = "https://github.com/jobfinder/JobFinder.Ops/blob/main/docs/MONITORING.md")]
[OutputType(typeof(AlertPolicyChange))]
public sealed class SetJobFinderAlertPolicyCommand : MonitoringCmdlet
{
    private const string PathSet = "Path";
    private const string InputSet = "InputObject";

    /// <summary>The monitoring file (YAML or JSON). Defaults to the project's monitoring.alertPolicyFile (monitoring-config.yaml).</summary>
    [Parameter(Position = 0, ParameterSetName = PathSet)]
    [ValidateNotNullOrEmpty]
    public string? Path { get; set; }

    /// <summary>The monitoring content itself: YAML or JSON text, or an object (hashtable, PSCustomObject) that is converted to JSON.</summary>
    [Parameter(Mandatory = true, ParameterSetName = InputSet, HelpMessage = "Monitoring file content (YAML/JSON text or an object)")]
    public object InputObject { get; set; } = null!;

    /// <summary>Remove policies, channels, SLOs and dashboards with our label that the file no longer declares.</summary>
    [Parameter]
    public SwitchParameter Prune { get; set; }

    /// <summary>Take over live policies without our label whose display name the file declares (they get the label).</summary>
    [Parameter]
    public SwitchParameter Adopt { get; set; }

    /// <summary>Remove without asking (with -Prune). Does not override -WhatIf.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void ProcessRecordCore()
    {
        var project = ResolveTarget();
        var source = ParameterSetName == InputSet ? MonitoringSource.FromText(InputText(), "<InputObject>") : MonitoringSource.FromFile(PolicyFile(project));
        var options = new MonitoringPlanOptions { Prune = Prune, Adopt = Adopt };
        // Read and validate first: a bad file fails before any call (and before connecting).
        var declaration = RunEngine((events, _) => Task.FromResult(MonitoringService.Load(source, project.Target, events)));
        var plan = RunConnected((client, token) => new MonitoringService(client).PlanAsync(declaration, options, token));
        WriteVerbose($"{plan.Changes.Count(c => c.IsMutation)} of {plan.Changes.Count} monitoring resources to change in project {plan.ProjectId}.");

        foreach (var change in plan.Changes)
        {
            if (!change.IsMutation)
            {
                WriteObject(change.Change);
                continue;
            }

            if (!ShouldProcessWithForce(change.Target, change.Action, Force)
                || (change.IsRemoval && !Force && !ShouldContinue($"Remove {change.Target}? It carries the label {MonitoringLabels.ManagedBy}: {MonitoringLabels.ManagedByValue} but the monitoring file no longer declares it.", "Confirm removal")))
            {
                WriteObject(change.Change);
                continue;
            }

            try
            {
                WriteObject(RunConnected((client, token) =>
                    new MonitoringService(client).ApplyAsync(plan, change, token)));
            }
            catch (Exception ex) when (ex is JobFinderException or HttpRequestException)
            {
                WriteNonTerminating(ex, change.Target);
            }
        }
    }

    /// <summary>Text as is; any other object (a hashtable, a PSCustomObject, an AlertPolicy read with
    /// ConvertFrom-Json) through ConvertTo-Json, so the engine reads one format.</summary>
    private string InputText() => InputObject is string text || (InputObject as PSObject)?.BaseObject is string
        ? InputObject.ToString()!
        : string.Concat(InvokeCommand.InvokeScript("param($o) ConvertTo-Json -InputObject $o -Depth 64", true, PipelineResultTypes.Output, null, InputObject).Select(o => o?.ToString()));
}
