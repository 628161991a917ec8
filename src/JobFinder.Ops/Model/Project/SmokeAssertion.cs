namespace JobFinder.Ops.Model;

/// <summary>One JSON-path assertion on a smoke check's response body, e.g.
/// <c>$.result.success == true</c>: <see cref="Path"/> <c>$.result.success</c>, <see cref="Operator"/>
/// <c>==</c>, <see cref="Expected"/> the JSON literal <c>true</c>. Operator <c>exists</c> has no expected value.</summary>
public sealed record SmokeAssertion(string Path, string Operator, string? Expected, string Text)
{
    /// <summary>The operators the settings file accepts.</summary>
    public static readonly IReadOnlyList<string> Operators = ["==", "!=", ">=", "<=", ">", "<", "contains", "exists"];

    public override string ToString() => Text;
}
