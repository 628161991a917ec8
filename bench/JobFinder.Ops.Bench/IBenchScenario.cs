namespace JobFinder.Ops.Bench;

/// <summary>One benchmark. Each scenario starts what it needs (usually an in-process emulator),
/// measures, and returns named figures; the harness writes them to out/bench/&lt;Name&gt;.json and a
/// summary table. Figures are reported, never asserted: speed goals live in the closing notes.</summary>
public interface IBenchScenario
{
    /// <summary>File-name friendly, e.g. <c>rest-overhead</c>.</summary>
    string Name { get; }

    /// <summary>One line: what is measured and what the goal is.</summary>
    string Description { get; }

    Task<IReadOnlyDictionary<string, object>> RunAsync(CancellationToken cancellationToken);
}
