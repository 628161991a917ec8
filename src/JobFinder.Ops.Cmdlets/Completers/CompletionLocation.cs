using System.Collections;
using System.Management.Automation.Runspaces;

namespace JobFinder.Ops.Cmdlets.Completers;

/// <summary>The repository folder a completer reads: -RepositoryPath as typed so far, resolved against
/// PowerShell's current location (after Set-Location the process directory is somewhere else).</summary>
internal static class CompletionLocation
{
    public static string RepositoryFolder(IDictionary fakeBoundParameters)
    {
        var typed = fakeBoundParameters["RepositoryPath"] as string ?? fakeBoundParameters["RootPath"] as string ?? fakeBoundParameters["ProjectRoot"] as string;
        var here = Runspace.DefaultRunspace?.SessionStateProxy.Path.CurrentFileSystemLocation.ProviderPath ?? Directory.GetCurrentDirectory();
        return string.IsNullOrEmpty(typed) ? here : Path.GetFullPath(Path.Combine(here, typed));
    }
}
