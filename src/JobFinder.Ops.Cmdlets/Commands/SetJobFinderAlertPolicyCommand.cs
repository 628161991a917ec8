using System.Management.Automation.Runspaces;
using System.Management.Automation;
using JobFinder.Ops.Cmdlets.Bases;
using JobFinder.Ops.Errors;
using JobFinder.Ops.Model;
using JobFinder.Ops.Monitoring.Apply;
using JobFinder.Ops.Monitoring;

namespace JobFinder.Ops.Commands;

/// <summary>Applies alert policies, notification channels, SLOs and a dashboard declared in a file to a Google project, changing only what differs.</summary>
/// <remarks>Help (Get-Help Set-JobFinderAlertPolicy): docs/help/Set-JobFinderAlertPolicy.md.</remarks>
[Cmdlet(VerbsCommon.Set, "JobFinderAlertPolicy", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = PathSet,
    HelpUri = "https://github.com/jobfinder/JobFinder.Ops/blob/main/docs/MONITORING.md")]
[OutputType(typeof(MonitoringChange))]
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

            if (!ShouldProcessWithForce(change.Target, change.Action, change.Description(), Force)
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
