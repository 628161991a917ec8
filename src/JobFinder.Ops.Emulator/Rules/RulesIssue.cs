using System.Text.Json.Nodes;

namespace JobFinder.Ops.Emulator.Rules;

/// <summary>One finding of the syntax check, in the shape of firebaserules' <c>Issue</c>.</summary>
internal sealed record RulesIssue(int Line, int Column, int Offset, int EndOffset, string Description, string Severity)
{
    public string FileName { get; init; } = string.Empty;

    public static RulesIssue Error(int line, int column, int offset, int endOffset, string description) =>
        new(line, column, offset, endOffset, description, "ERROR");

    public static RulesIssue Error(RulesToken at, string description) =>
        new(at.Line, at.Column, at.Offset, at.EndOffset, description, "ERROR");

    public JsonObject ToJson() => new()
    {
        ["sourcePosition"] = new JsonObject
        {
            ["fileName"] = FileName,
            ["line"] = Line,
            ["column"] = Column,
            ["currentOffset"] = Offset,
            ["endOffset"] = EndOffset,
        },
        ["description"] = Description,
        ["severity"] = Severity,
    };

    /// <summary>"file:line:col: description", the form the create error names the first issue in.</summary>
    public override string ToString() => $"{FileName}:{Line}:{Column}: {Description}";
}
