using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace JobFinder.Ops.Cmdlets.Completers;

/// <summary>Completes function ids (-FunctionId) and deployment targets (-Only: functions:&lt;id&gt;, firestore:rules,
/// ...) with the functions this repository has deployed, read from its local journal
/// (.jobfinder/deployments). It never loads the code: discovery runs predeploy builds and the SDK,
/// which no key press should start.</summary>
public sealed class FunctionIdCompleter : IArgumentCompleter
{
    private static readonly string[] s_targets = ["functions", "firestore", "firestore:rules", "firestore:indexes", "storage"];

    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var ids = DeployedFunctionIds(CompletionLocation.RepositoryFolder(fakeBoundParameters));
        var candidates = parameterName == "Only" ? s_targets.Concat(ids.Select(id => "functions:" + id)) : ids;
        return CompletionLocation.Matching(candidates, wordToComplete);
    }

    private static IReadOnlyList<string> DeployedFunctionIds(string repository)
    {
        // The ten newest records are enough to know what is deployed, and keep a key press cheap.
        var ids = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var function in LocalJournal.NewestRecords(repository, 10).SelectMany(r => LocalJournal.Items(r, "functions")))
        {
            if (LocalJournal.Text(function, "functionId") is { Length: > 0 } id)
            {
                ids.Add(id);
            }
        }

        return [.. ids];
    }
}
