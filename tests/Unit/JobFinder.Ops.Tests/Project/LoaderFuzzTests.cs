using System.Text;
using JobFinder.Ops.Errors;
using JobFinder.Ops.Project;
using Xunit;

namespace JobFinder.Ops.Tests.Project;

/// <summary>Feeds deterministic random mutations of the example's firebase.json and
/// jobfinder.ops.json to the loader: whatever the damage, the loader must answer with a
/// JobFinderException (an ErrorRecord for the user), never a raw .NET exception.</summary>
public class LoaderFuzzTests
{
    private static readonly string[] Insertions = ["{", "}", "[", "]", "\"", ",", ":", "null", "true", "42", "-1", "\"x\"", "//", "/*", "\\"];

    [Theory]
    [InlineData("firebase.json", 20260101)]
    [InlineData("jobfinder.ops.json", 20260102)]
    public void MutatedFilesOnlyEverRaiseJobFinderExceptions(string file, int seed)
    {
        using var repo = TempProject.StaticCopyOfExample();
        var original = File.ReadAllText(repo.PathOf(file));
        var random = new Random(seed);
        var outcomes = new Dictionary<string, int>();
        for (var i = 0; i < 500; i++)
        {
            var mutated = Mutate(original, random, 1 + random.Next(3));
            File.WriteAllText(repo.PathOf(file), mutated);
            string outcome;
            try
            {
                ProjectLoader.Load(repo.Root, i % 2 == 0 ? "production" : "staging");
                outcome = "loaded";
            }
            catch (JobFinderException ex)
            {
                outcome = ex.ErrorId;
            }
            catch (Exception ex)
            {
                Assert.Fail($"Mutation {i} of {file} raised {ex.GetType().Name}: {ex.Message}\n---\n{mutated}");
                return;
            }

            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
        }

        // The mutations must actually exercise the error paths, not only cosmetic edits.
        Assert.True(outcomes.Keys.Count(k => k != "loaded") >= 3, string.Join(", ", outcomes.Select(o => $"{o.Key}={o.Value}")));
    }

    private static string Mutate(string text, Random random, int edits)
    {
        var sb = new StringBuilder(text);
        for (var e = 0; e < edits && sb.Length > 0; e++)
        {
            var at = random.Next(sb.Length);
            switch (random.Next(4))
            {
                case 0:
                    sb.Remove(at, 1);
                    break;
                case 1:
                    sb.Insert(at, Insertions[random.Next(Insertions.Length)]);
                    break;
                case 2:
                    SwapValueType(sb, random);
                    break;
                default:
                    // Duplicate a slice somewhere else (structure-preserving-ish damage).
                    var length = Math.Min(random.Next(1, 40), sb.Length - at);
                    sb.Insert(random.Next(sb.Length), sb.ToString(at, length));
                    break;
            }
        }

        return sb.ToString();
    }

    // Replace one JSON value with a value of another type: "text" -> 7, 7 -> "7", true -> [], [..] -> {}.
    private static void SwapValueType(StringBuilder sb, Random random)
    {
        var text = sb.ToString();
        var colon = text.IndexOf(':', random.Next(text.Length));
        if (colon < 0)
        {
            return;
        }

        var start = colon + 1;
        while (start < text.Length && char.IsWhiteSpace(text[start]))
        {
            start++;
        }

        var end = start;
        while (end < text.Length && text[end] is not (',' or '\n' or '}'))
        {
            end++;
        }

        var replacement = random.Next(5) switch
        {
            0 => "7",
            1 => "\"7\"",
            2 => "true",
            3 => "[]",
            _ => "{}",
        };
        sb.Remove(start, end - start).Insert(start, replacement);
    }
}
