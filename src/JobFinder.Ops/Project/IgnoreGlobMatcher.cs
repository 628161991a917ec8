using System.Text;
using System.Text.RegularExpressions;

namespace JobFinder.Ops.Project;

/// <summary>firebase.json <c>ignore</c> globs with the semantics firebase-tools gives them (minimatch
/// with <c>matchBase</c> and <c>dot</c>): a pattern without '/' matches a file's or folder's own name
/// at any depth (<c>node_modules</c>, <c>*.local</c>); a pattern with '/' matches the path relative to
/// the source folder (<c>src/**/*.test.js</c>). An ignored folder is skipped with everything in it.
/// <c>*</c> and <c>?</c> stop at '/', <c>**</c> crosses folders, <c>[abc]</c> and <c>{a,b}</c> work,
/// and a leading <c>!</c> negates the pattern as minimatch does.</summary>
internal sealed class IgnoreGlobMatcher
{
    private readonly (Regex Regex, bool MatchName, bool Negated)[] _rules;

    public IgnoreGlobMatcher(IEnumerable<string> patterns)
    {
        _rules = patterns.Where(p => p.Trim().Length > 0).Select(Compile).ToArray();
    }

    /// <summary>True when <paramref name="relativePath"/> ('/'-separated, relative to the source folder) is ignored.</summary>
    public bool IsIgnored(string relativePath)
    {
        var name = relativePath[(relativePath.LastIndexOf('/') + 1)..];
        foreach (var (regex, matchName, negated) in _rules)
        {
            if (regex.IsMatch(matchName ? name : relativePath) != negated)
            {
                return true;
            }
        }

        return false;
    }

    private static (Regex, bool, bool) Compile(string pattern)
    {
        var text = pattern.Trim();
        var negated = text.StartsWith('!');
        if (negated)
        {
            text = text[1..];
        }

        text = text.StartsWith("./", StringComparison.Ordinal) ? text[2..] : text.TrimStart('/');
        text = text.TrimEnd('/');
        var matchName = !text.Contains('/');
        Regex regex;
        try
        {
            regex = new Regex("^" + ToRegex(text) + "$", RegexOptions.CultureInvariant);
        }
        catch (ArgumentException)
        {
            // A character class the regex engine rejects (e.g. "[]"): match the pattern literally.
            regex = new Regex("^" + Regex.Escape(text) + "$", RegexOptions.CultureInvariant);
        }

        return (regex, matchName, negated);
    }

    private static string ToRegex(string glob)
    {
        var sb = new StringBuilder();
        var braceDepth = 0;
        for (var i = 0; i < glob.Length; i++)
        {
            var c = glob[i];
            switch (c)
            {
                case '*' when i + 1 < glob.Length && glob[i + 1] == '*':
                    i++;
                    if (i + 1 < glob.Length && glob[i + 1] == '/')
                    {
                        i++;
                        sb.Append("(?:.*/)?");
                    }
                    else
                    {
                        sb.Append(".*");
                    }

                    break;
                case '*':
                    sb.Append("[^/]*");
                    break;
                case '?':
                    sb.Append("[^/]");
                    break;
                case '[':
                    var close = glob.IndexOf(']', i + 1);
                    if (close < 0)
                    {
                        sb.Append(@"\[");
                        break;
                    }

                    var body = glob[(i + 1)..close].Replace(@"\", @"\\", StringComparison.Ordinal);
                    sb.Append('[').Append(body.StartsWith('!') ? "^" + body[1..] : body).Append(']');
                    i = close;
                    break;
                case '{':
                    braceDepth++;
                    sb.Append("(?:");
                    break;
                case '}' when braceDepth > 0:
                    braceDepth--;
                    sb.Append(')');
                    break;
                case ',' when braceDepth > 0:
                    sb.Append('|');
                    break;
                default:
                    sb.Append(Regex.Escape(c.ToString()));
                    break;
            }
        }

        // An unbalanced '{' is taken literally rather than producing an invalid regex.
        return braceDepth == 0 ? sb.ToString() : Regex.Escape(glob);
    }
}
