using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using JobFinder.Ops.Project;

namespace JobFinder.Ops.Cmdlets.Completers;

/// <summary>Completes -Environment with the aliases in the .firebaserc of -RepositoryPath (or of PowerShell's current location).</summary>
public sealed class EnvironmentAliasCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var folder = CompletionLocation.RepositoryFolder(fakeBoundParameters);
        IReadOnlyList<string> aliases;
        try
        {
            aliases = ProjectLoader.ReadAliases(folder).Select(a => a.Alias).ToArray();
        }
        catch (Exception)
        {
            // A completer must never throw at the user; no aliases means no suggestions.
            yield break;
        }

        foreach (var result in CompletionLocation.Matching(aliases, wordToComplete))
        {
            yield return result;
        }
    }
}
