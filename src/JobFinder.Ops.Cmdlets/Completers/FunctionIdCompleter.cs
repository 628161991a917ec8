using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Text.Json;

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
        foreach (var candidate in candidates)
        {
            if (candidate.StartsWith(wordToComplete ?? string.Empty, StringComparison.OrdinalIgnoreCase))
            {
                yield return new CompletionResult(candidate, candidate, CompletionResultType.ParameterValue, candidate);
            }
        }
    }

    private static IReadOnlyList<string> DeployedFunctionIds(string repository)
    {
        var journal = Path.Combine(repository, ".jobfinder", "deployments");
        var ids = new SortedSet<string>(StringComparer.Ordinal);
        try
        {
            if (!Directory.Exists(journal))
            {
                return [];
            }

            // The ten newest records are enough to know what is deployed, and keep a key press cheap.
            foreach (var file in new DirectoryInfo(journal).GetFiles("*.json").OrderByDescending(f => f.Name, StringComparer.Ordinal).Take(10))
            {
                using var document = JsonDocument.Parse(File.ReadAllBytes(file.FullName));
                if (document.RootElement.TryGetProperty("functions", out var functions) && functions.ValueKind == JsonValueKind.Array)
                {
                    foreach (var function in functions.EnumerateArray())
                    {
                        if (function.TryGetProperty("functionId", out var id) && id.GetString() is { Length: > 0 } value)
                        {
                            ids.Add(value);
                        }
                    }
                }
            }
        }
        catch (Exception)
        {
            // A completer must never throw at the user: a damaged record means fewer suggestions.
        }

        return [.. ids];
    }
}
