using System.Text.RegularExpressions;
using Xunit;

namespace JobFinder.Ops.Emulator.Tests.Hosting;

/// <summary>The emulator stands in for Google, not for the application: a function answers with its own
/// code, so no emulator file may name one of the example's functions (a name there is a behaviour the
/// emulator fakes, and it drifts from the code it stands for).</summary>
public sealed partial class NoApplicationLogicTests
{
    [Fact]
    public void No_emulator_file_names_a_function_of_the_example()
    {
        var root = RepositoryRoot();
        var index = File.ReadAllText(Path.Combine(root, "examples", "job-finder-be", "functions", "index.js"));
        var functions = Export().Matches(index).Select(m => m.Groups[1].Value).ToList();
        Assert.True(functions.Count >= 9, $"Expected the example's nine exports, read {functions.Count} from index.js.");
        var word = new Regex($@"\b({string.Join('|', functions)})\b", RegexOptions.CultureInvariant);

        var emulator = Path.Combine(root, "src", "JobFinder.Ops.Emulator");
        var mentions = Directory.EnumerateFiles(emulator, "*", SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(emulator, f).Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: f, Line: i + 1, Text: line)))
            .Where(l => word.IsMatch(l.Text))
            .Select(l => $"{Path.GetRelativePath(root, l.File)}:{l.Line}: {l.Text.Trim()}")
            .ToList();

        Assert.True(mentions.Count == 0, "The emulator names the example's functions:\n" + string.Join('\n', mentions));
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "JobFinder.Ops.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("JobFinder.Ops.sln not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"^exports\.(\w+)\s*=", RegexOptions.Multiline)]
    private static partial Regex Export();
}
