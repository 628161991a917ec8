using JobFinder.Ops.Model;

namespace JobFinder.Ops.Frontend;

/// <summary>Points a frontend env file at what is deployed: every setting <see cref="FrontendConfigChecker"/>
/// fails and knows one right value for gets that value, on its own line, keeping the line's
/// <c>export</c>, quotes and trailing comment; every other line stays byte for byte (line endings too).
/// A failing setting with no single right value (a region when functions run in several, a URL no
/// function answers at) is left for a person and reported.</summary>
public static class FrontendEnvWriter
{
    /// <summary>The new text and the changes, one per setting; the text is <paramref name="text"/> when nothing changes.</summary>
    public static (string Text, IReadOnlyList<FrontendConfigChange> Changes, IReadOnlyList<FrontendConfigCheck> Unfixable) Apply(
        string text, string file, IReadOnlyList<FrontendConfigCheck> checks)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(checks);
        var newline = text.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        var changes = new List<FrontendConfigChange>();
        var unfixable = new List<FrontendConfigCheck>();
        foreach (var check in checks.Where(c => c.Status == FrontendCheckStatus.Fail))
        {
            if (check.Expected is not { Length: > 0 } expected || expected.Contains(", ", StringComparison.Ordinal) || check.Line < 1 || check.Line > lines.Length)
            {
                unfixable.Add(check);
                continue;
            }

            lines[check.Line - 1] = WithValue(lines[check.Line - 1], expected);
            changes.Add(new FrontendConfigChange { File = file, Key = check.Key, OldValue = check.Actual, NewValue = expected, Line = check.Line });
        }

        return (changes.Count == 0 ? text : string.Join(newline, lines), changes, unfixable);
    }

    /// <summary>The line with its value replaced: <c>KEY="old" # note</c> → <c>KEY="new" # note</c>.</summary>
    internal static string WithValue(string line, string value)
    {
        var equals = line.IndexOf('=', StringComparison.Ordinal);
        var head = line[..(equals + 1)];
        var rest = line[(equals + 1)..];
        var lead = rest[..(rest.Length - rest.TrimStart().Length)];
        var body = rest.TrimStart();
        if (body.Length > 0 && (body[0] == '"' || body[0] == '\''))
        {
            var close = body.IndexOf(body[0], 1);
            var tail = close > 0 ? body[(close + 1)..] : string.Empty;
            return head + lead + body[0] + value + body[0] + tail;
        }

        var comment = body.IndexOf(" #", StringComparison.Ordinal);
        return head + lead + value + (comment >= 0 ? body[comment..] : string.Empty);
    }
}
