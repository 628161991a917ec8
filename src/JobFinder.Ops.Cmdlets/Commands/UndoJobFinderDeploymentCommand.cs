using System.Management.Automation;
using JobFinder.Ops.Cmdlets.Bases;
using JobFinder.Ops.Errors;
using JobFinder.Ops.Model;
using JobFinder.Ops.Notifications;
using JobFinder.Ops.Undo;

namespace JobFinder.Ops.Commands;

/// <summary>Undoes a deployment from its journal record: traffic, rules and functions back to how they were.</summary>
/// <remarks>Help (Get-Help Undo-JobFinderDeployment): docs/help/Undo-JobFinderDeployment.md.</remarks>
[Cmdlet(VerbsCommon.Undo, "JobFinderDeployment", DefaultParameterSetName = LastSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High,
    HelpUri = "https://github.com/jobfinder/JobFinder.Ops/blob/main/docs/ROLLBACK.md")]
[OutputType(typeof(DeploymentRecord))]
public sealed class UndoJobFinderDeploymentCommand : DeploymentRecordCmdlet
{
    /// <summary>The backup holding the configuration of functions the deployment deleted; default: the one it recorded.</summary>
    [Parameter]
    public BackupManifest? Backup { get; set; }

    /// <summary>Chat webhook (Slack, Google Chat, Teams) told when the undo starts and ends. A failing webhook only warns.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? NotifyUri { get; set; }

    /// <summary>Do not run the smoke checks after the undo.</summary>
    [Parameter]
    public SwitchParameter SkipSmoke { get; set; }

    /// <summary>Undo without asking (also deletes the functions the deployment created). -WhatIf still only shows.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void ProcessRecordCore()
    {
        var project = ResolveDeploymentProject();
        var webhook = NotifyUri is null ? null : WebhookTarget.Resolve(NotifyUri, null, null);
        var plan = RunConnected(async (client, token) =>
        {
            var undo = new DeploymentUndo(client);
            var record = await ResolveRecordAsync(undo, project, token).ConfigureAwait(false);
            return await undo.PlanAsync(record, token).ConfigureAwait(false);
        });
        var deployment = plan.Deployment;
        // The prompt names the environment and the project: the question to answer before changing production.
        var target = $"{EnvironmentOf(project)}: deployment {deployment.Id} ({deployment.Outcome})";
        // The deletions are left out of the What-if lines: each has its own question below.
        var moves = plan.Traffic.Select(t => "traffic " + t).Concat(plan.Rules.Select(r => "rules " + r)).Concat(plan.Recreates.Select(f => f.ToString())).ToList();
        foreach (var change in moves.Concat(plan.Deletes.Select(f => f.ToString())))
        {
            WriteVerbose("Undo: " + change);
        }

        if (plan.IsEmpty)
        {
            WriteVerbose($"Deployment {deployment.Id}: {plan.Summary}.");
            if (IsWhatIfInEffect())
            {
                return;
            }
        }
        else if (IsWhatIfInEffect())
        {
            // The counts, then each function's traffic move (from -> to), rules release and recreated
            // function on a What-if line of its own.
            ShouldProcess(target, $"Undo: {plan.Summary}");
            foreach (var change in moves)
            {
                WriteWhatIf("  " + change);
            }

            foreach (var created in plan.Deletes)
            {
                ShouldProcess(created.FunctionName, DeleteAction(created, deployment));
            }

            return; // -WhatIf only shows
        }
        else if (!ShouldProcessWithForce(target, $"Undo: {plan.Summary}", Force))
        {
            return;
        }

        var kept = plan.Deletes.Where(d => !ShouldProcessWithForce(d.FunctionName, DeleteAction(d, deployment), Force))
            .Select(d => d.FunctionName).ToHashSet(StringComparer.Ordinal);
        var options = new UndoOptions
        {
            Project = project,
            Backup = Backup,
            ConfirmDelete = d => !kept.Contains(d.FunctionName),
            Verify = !SkipSmoke,
            Notify = webhook,
            SmokeUser = Credential?.GetNetworkCredential(),
        };
        var result = RunConnected((client, token) =>
            new DeploymentUndo(client).ExecuteAsync(plan, options, token));
        WriteObject(result);
        if (result.Outcome != DeploymentOutcome.Succeeded)
        {
            WriteNonTerminating(new JobFinderException("UndoFailed", ErrorKind.InvalidOperation, result.Reason ?? $"The undo of {deployment.Id} ended {result.Outcome}.", deployment.Id), deployment.Id);
        }
    }

    private static string DeleteAction(UndoFunctionChange created, DeploymentRecord deployment) =>
        $"Delete function {created.FunctionId}, created by deployment {deployment.Id}";
}
