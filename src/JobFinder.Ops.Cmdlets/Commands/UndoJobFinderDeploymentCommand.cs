using System.Management.Automation;
using JobFinder.Ops.Cmdlets.Bases;
using JobFinder.Ops.Errors;
using JobFinder.Ops.Model;
using JobFinder.Ops.Notifications;
using JobFinder.Ops.Rollback;

namespace JobFinder.Ops.Commands;

/// <summary>Undoes a deployment from its journal record: traffic, rules and functions back to how they were.</summary>
/// <remarks>
/// <para>Undo-JobFinderDeployment reads only the deployment's record (piped, -Id, or -Last from the journal) and live state. In ONE parallel step it moves every function's traffic back to its recorded previous split (a LATEST entry becomes the revision it meant, by name, once a newer revision exists) and re-points every rules release the deployment moved at its recorded previous ruleset. Then it deletes the functions the deployment created (each after confirmation, ConfirmImpact High) and recreates the functions it deleted from the configuration artifact of the backup the deployment recorded (-Backup to give another). Finally it runs the project's smoke checks against live. The undo is written to the journal as a DeploymentRecord whose Kind is Rollback and whose UndoOf names the deployment.</para>
/// <para>A record belongs to the project it was deployed to. -Last and -Id read only the records of the -Environment given (staging and production share the repository's local journal), a piped record of another project than -Environment is refused (ErrorId DeploymentProjectMismatch), and -Last without -Environment is refused (ErrorId EnvironmentRequired) when .firebaserc names more than one project. The prompt names the environment and its project. The automatic rollback of Invoke-JobFinderDeployment goes back to the same state by the same rules, so undoing a RolledBack deployment finds nothing left to do.</para>
/// <para>It changes only what differs from the recorded previous state, so it also finishes a deployment whose process was killed mid-step (journal InProgress), and running it twice changes nothing the second time: no lock, no journal write, no call that changes anything.</para>
/// <para>It does not undo Firestore data (restore it from a backup with Restore-JobFinderBackup), indexes, or the functions' resource configuration; see docs/ROLLBACK.md.</para>
/// </remarks>
/// <example>
/// <code>Undo-JobFinderDeployment -Environment production -Last</code>
/// <para>Undoes the most recent production deployment after confirmation.</para>
/// </example>
/// <example>
/// <code>Get-JobFinderDeployment -Environment production -Newest 1 | Undo-JobFinderDeployment -WhatIf</code>
/// <para>Shows what undoing the latest production deployment would change, without changing anything; the record piped is production's even when staging was deployed after it.</para>
/// </example>
/// <example>
/// <code>Undo-JobFinderDeployment -Environment production -Id 20261126T221500Z-3f9a1c -Force -NotifyUri $env:SLACK_WEBHOOK</code>
/// <para>Undoes a deployment without prompts and tells the team's channel.</para>
/// </example>
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
        foreach (var change in plan.Traffic.Select(t => t.ToString()).Concat(plan.Rules.Select(r => r.ToString())).Concat(plan.Deletes.Concat(plan.Recreates).Select(f => f.ToString())))
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
        else if (!ShouldProcessWithForce(target, $"Undo: {plan.Summary}", Force))
        {
            return;
        }

        var kept = plan.Deletes.Where(d => !ShouldProcessWithForce(d.FunctionName, $"Delete function {d.FunctionId}, created by deployment {deployment.Id}", Force))
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
}
