namespace JobFinder.Ops.Emulator.Rules;

internal enum RulesTokenKind
{
    Identifier,
    Number,
    String,
    Punctuation,
    End,
}

/// <summary>A token with its 1-based line/column and 0-based offsets (Firebase's SourcePosition).</summary>
internal sealed record RulesToken(RulesTokenKind Kind, string Text, int Line, int Column, int Offset, int EndOffset)
{
    public bool Is(string punctuationOrKeyword) => Text == punctuationOrKeyword && Kind != RulesTokenKind.String;

    public string Display => Kind == RulesTokenKind.End ? "<EOF>" : Text;
}

/// <summary>Splits Firebase Security Rules source into tokens. Comments (<c>//</c>, <c>/* */</c>) are
/// skipped; an unterminated string or block comment becomes an issue at the point it started.</summary>
internal static class RulesLexer
{
    private static readonly string[] TwoCharOperators = ["==", "!=", "<=", ">=", "&&", "||"];

    public static List<RulesToken> Tokenize(string source, List<RulesIssue> issues)
    {
        var tokens = new List<RulesToken>();
        int i = 0, line = 1, lineStart = 0;
        while (i < source.Length)
        {
            var c = source[i];
            if (c == '\n')
            {
                i++;
                line++;
                lineStart = i;
                continue;
            }
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }
            var column = i - lineStart + 1;
            if (c == '/' && i + 1 < source.Length && source[i + 1] == '/')
            {
                while (i < source.Length && source[i] != '\n')
                {
                    i++;
                }
                continue;
            }
            if (c == '/' && i + 1 < source.Length && source[i + 1] == '*')
            {
                var close = source.IndexOf("*/", i + 2, StringComparison.Ordinal);
                if (close < 0)
                {
                    issues.Add(RulesIssue.Error(line, column, i, source.Length, "Unterminated block comment."));
                    break;
                }
                for (var k = i; k < close; k++)
                {
                    if (source[k] == '\n')
                    {
                        line++;
                        lineStart = k + 1;
                    }
                }
                i = close + 2;
                continue;
            }
            if (c is '\'' or '"')
            {
                var start = i;
                i++;
                var terminated = false;
                while (i < source.Length && source[i] != '\n')
                {
                    if (source[i] == '\\')
                    {
                        i += 2;
                        continue;
                    }
                    if (source[i] == c)
                    {
                        terminated = true;
                        i++;
                        break;
                    }
                    i++;
                }
                if (!terminated)
                {
                    issues.Add(RulesIssue.Error(line, column, start, i, "Unterminated string literal."));
                    continue;
                }
                tokens.Add(new RulesToken(RulesTokenKind.String, source[(start + 1)..(i - 1)], line, column, start, i));
                continue;
            }
            if (char.IsAsciiLetter(c) || c == '_' || c == '$')
            {
                var start = i;
                while (i < source.Length && (char.IsAsciiLetterOrDigit(source[i]) || source[i] == '_'))
                {
                    i++;
                }
                if (i == start)
                {
                    i++;
                }
                tokens.Add(new RulesToken(RulesTokenKind.Identifier, source[start..i], line, column, start, i));
                continue;
            }
            if (char.IsAsciiDigit(c))
            {
                var start = i;
                while (i < source.Length && (char.IsAsciiDigit(source[i]) || source[i] == '.'))
                {
                    i++;
                }
                tokens.Add(new RulesToken(RulesTokenKind.Number, source[start..i], line, column, start, i));
                continue;
            }
            var two = i + 1 < source.Length ? source.Substring(i, 2) : string.Empty;
            var text = TwoCharOperators.Contains(two) ? two : c.ToString();
            tokens.Add(new RulesToken(RulesTokenKind.Punctuation, text, line, column, i, i + text.Length));
            i += text.Length;
        }
        tokens.Add(new RulesToken(RulesTokenKind.End, string.Empty, line, source.Length - lineStart + 1, source.Length, source.Length));
        return tokens;
    }
}
