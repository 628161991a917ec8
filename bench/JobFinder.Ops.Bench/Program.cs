using System.Reflection;
using System.Text.Json;
using JobFinder.Ops.Bench;

// Usage: JobFinder.Ops.Bench [--out DIR] [--only name1,name2]
// Runs every IBenchScenario in this assembly (or the named ones), writes DIR/<name>.json and
// DIR/summary.md, and prints the summary table.
var outDir = "out/bench";
string[]? only = null;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--out": outDir = args[++i]; break;
        case "--only": only = args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries); break;
        default: Console.Error.WriteLine($"unknown argument {args[i]}"); return 2;
    }
}

Directory.CreateDirectory(outDir);
var scenarios = Assembly.GetExecutingAssembly().GetTypes()
    .Where(t => typeof(IBenchScenario).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
    .Select(t => (IBenchScenario)Activator.CreateInstance(t)!)
    .Where(s => only is null || only.Contains(s.Name, StringComparer.OrdinalIgnoreCase))
    .OrderBy(s => s.Name, StringComparer.Ordinal)
    .ToList();

var json = new JsonSerializerOptions { WriteIndented = true };
var summary = new List<string> { "| scenario | figure | value |", "|---|---|---|" };
var failed = 0;
foreach (var scenario in scenarios)
{
    Console.WriteLine($"== {scenario.Name}: {scenario.Description}");
    try
    {
        var figures = await scenario.RunAsync(CancellationToken.None);
        var document = new Dictionary<string, object>
        {
            ["name"] = scenario.Name,
            ["description"] = scenario.Description,
            ["machine"] = $"{Environment.ProcessorCount} cores, {Environment.OSVersion}",
            ["time"] = DateTimeOffset.UtcNow.ToString("O"),
            ["figures"] = figures,
        };
        await File.WriteAllTextAsync(Path.Combine(outDir, scenario.Name + ".json"), JsonSerializer.Serialize(document, json));
        foreach (var (key, value) in figures)
        {
            summary.Add($"| {scenario.Name} | {key} | {value} |");
            Console.WriteLine($"   {key,-40} {value}");
        }
    }
    catch (Exception ex)
    {
        failed++;
        summary.Add($"| {scenario.Name} | error | {ex.GetType().Name}: {ex.Message.ReplaceLineEndings(" ")} |");
        Console.Error.WriteLine($"   FAILED: {ex}");
    }
}

await File.WriteAllLinesAsync(Path.Combine(outDir, "summary.md"), summary);
Console.WriteLine();
Console.WriteLine(string.Join(Environment.NewLine, summary));
return failed == 0 ? 0 : 1;
