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
        return Resolve(typed) ?? CurrentFileSystemLocation() ?? Directory.GetCurrentDirectory();
    }

    /// <summary>A folder typed on the command line, resolved against PowerShell's current location;
    /// null when nothing was typed.</summary>
    public static string? Resolve(string? typed) =>
        string.IsNullOrEmpty(typed) ? null : Path.GetFullPath(Path.Combine(CurrentFileSystemLocation() ?? Directory.GetCurrentDirectory(), typed));

    /// <summary>The candidates that start with what was typed (any case), as completion results;
    /// <paramref name="toolTip"/> says what a candidate is (a deployment's outcome, a backup's time).</summary>
    public static IEnumerable<CompletionResult> Matching(IEnumerable<string> candidates, string? wordToComplete, Func<string, string>? toolTip = null) =>
        candidates.Where(c => c.StartsWith(wordToComplete ?? string.Empty, StringComparison.OrdinalIgnoreCase))
            .Select(c => new CompletionResult(c, c, CompletionResultType.ParameterValue, toolTip?.Invoke(c) ?? c))
            .ToArray();

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
