using System.Net;
using JobFinder.Ops.Model;
using JobFinder.Ops.Notifications;

namespace JobFinder.Ops.Undo;

/// <summary>What <see cref="DeploymentUndo"/> takes besides the record.</summary>
public sealed record UndoOptions
{
    /// <summary>The project: where the journal lives, the backup bucket, the smoke checks.</summary>
    public required JobFinderProject Project { get; init; }

    /// <summary>The backup holding the configs of deleted functions; null finds it by the record's BackupId.</summary>
    public BackupManifest? Backup { get; init; }

    /// <summary>Asked before each function the deployment created is deleted (the cmdlet's
    /// ShouldProcess, ConfirmImpact High). Default: yes.</summary>
    public Func<UndoFunctionChange, bool> ConfirmDelete { get; init; } = _ => true;

    /// <summary>Run the project's smoke checks against live after the undo. Default true.</summary>
    public bool Verify { get; init; } = true;

    /// <summary>Services changed at once; the traffic of every function moves in one step. Default 16.</summary>
    public int ThrottleLimit { get; init; } = 16;

    /// <summary>Where phases are announced (Started, RolledBack/Completed or Failed); null for none.</summary>
    public WebhookTarget? Notify { get; init; }

    public Notifier Notifier { get; init; } = new();

    public NetworkCredential? SmokeUser { get; init; }

    public Func<string, string?> SmokeEnvironment { get; init; } = Environment.GetEnvironmentVariable;
}
