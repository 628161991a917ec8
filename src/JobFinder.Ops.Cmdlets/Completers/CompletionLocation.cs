using System.Collections;
using System.Management.Automation;

namespace JobFinder.Ops.Cmdlets.Completers;

/// <summary>The repository folder a completer reads: -RepositoryPath as typed so far, resolved against
/// PowerShell's current location (after Set-Location the process directory is somewhere else).</summary>
internal static class CompletionLocation
{
    public static string RepositoryFolder(IDictionary fakeBoundParameters)
    {
        var typed = fakeBoundParameters["RepositoryPath"] as string ?? fakeBoundParameters["RootPath"] as string ?? fakeBoundParameters["ProjectRoot"] as string;
        var here = CurrentFileSystemLocation() ?? Directory.GetCurrentDirectory();
        return string.IsNullOrEmpty(typed) ? here : Path.GetFullPath(Path.Combine(here, typed));
    }

    /// <summary>PowerShell's location, asked through a nested pipeline on the completing thread (a
    /// completer runs while TabExpansion2's pipeline is running, where SessionStateProxy refuses).</summary>
    private static string? CurrentFileSystemLocation()
    {
        try
        {
            using var shell = PowerShell.Create(RunspaceMode.CurrentRunspace);
            var location = shell.AddCommand("Microsoft.PowerShell.Management\\Get-Location").AddParameter("PSProvider", "FileSystem").Invoke<PathInfo>();
            return location.Count > 0 ? location[0].ProviderPath : null;
        }
        catch (Exception)
        {
            return null; // no runspace on this thread: the process directory is the best guess
        }
    }
}
