using JobFinder.Ops.Model;

namespace JobFinder.Ops.Cmdlets.Cmdlets;

/// <summary>What Invoke-JobFinderDeployment -Backup takes: a BackupManifest (piped from
/// Backup-JobFinderProduction or Get-JobFinderBackup), or the word Auto to take a verified one first.
/// PowerShell converts either into this through the constructor or <see cref="Parse"/>.</summary>
public sealed class BackupGateArgument
{
    public BackupGateArgument(BackupManifest manifest)
    {
        Manifest = manifest ?? throw new ArgumentNullException(nameof(manifest));
    }

    private BackupGateArgument()
    {
    }

    /// <summary>The manifest given, or null for Auto.</summary>
    public BackupManifest? Manifest { get; }

    public bool IsAuto => Manifest is null;

    /// <summary>Accepts only <c>Auto</c> (any case).</summary>
    public static BackupGateArgument Parse(string text) =>
        string.Equals(text?.Trim(), "Auto", StringComparison.OrdinalIgnoreCase)
            ? new BackupGateArgument()
            : throw new FormatException($"-Backup takes a BackupManifest or 'Auto', not '{text}'.");

    public override string ToString() => Manifest?.Id ?? "Auto";
}
