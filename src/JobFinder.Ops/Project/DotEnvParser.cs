using System.Text;
using System.Text.RegularExpressions;
using JobFinder.Ops.Errors;

namespace JobFinder.Ops.Project;

/// <summary>Parses the dotenv dialect firebase-tools accepts for functions (<c>src/functions/env.ts</c>):
/// <c>KEY=value</c> lines, <c>#</c> comments (whole-line or after a value), single-quoted values taken
/// literally, double-quoted values with <c>\n \r \t \v \\ \" \'</c> escapes that may span lines, and
/// unquoted values trimmed. Keys must be POSIX-style upper case and not reserved by the platform.
/// Unlike firebase-tools, every escape is unescaped, not only the first occurrence of each.</summary>
internal static partial class DotEnvParser
{
    // functions/env.ts RESERVED_KEYS: set by Cloud Functions, Cloud Run or the deployment itself
    // (FIREBASE_CONFIG, GCLOUD_PROJECT, EVENTARC_CLOUD_EVENT_SOURCE from prepare.ts); a .env value would be
    // overwritten or break the function, so firebase-tools rejects them and so do we.
    internal static readonly IReadOnlySet<string> ReservedKeys = new HashSet<string>(StringComparer.Ordinal)
    {
        "FIREBASE_CONFIG", "CLOUD_RUNTIME_CONFIG", "EVENTARC_CLOUD_EVENT_SOURCE", "ENTRY_POINT", "GCP_PROJECT", "GCLOUD_PROJECT",
        "GOOGLE_CLOUD_PROJECT", "FUNCTION_TRIGGER_TYPE", "FUNCTION_NAME", "FUNCTION_MEMORY_MB",
        "FUNCTION_TIMEOUT_SEC", "FUNCTION_IDENTITY", "FUNCTION_REGION", "FUNCTION_TARGET",
        "FUNCTION_SIGNATURE_TYPE", "K_SERVICE", "K_REVISION", "PORT", "K_CONFIGURATION",
    };

    // env.ts RESERVED_PREFIXES. Its allowlist (FIREBASE_SECRET_REF_*, EXT_MIGRATED_SYSTEM_*, EXT_SELECTED_EVENTS)
    // serves secret references behind an experiment and extensions, neither of which this module deploys,
    // so those keys stay refused here.
    private static readonly string[] ReservedPrefixes = ["X_GOOGLE_", "FIREBASE_", "EXT_", "KIT_"];

    /// <summary>True for a name the platform or the deployment sets (env.ts validateKey).</summary>
    internal static bool IsReserved(string key) => ReservedKeys.Contains(key) || ReservedPrefixes.Any(p => key.StartsWith(p, StringComparison.Ordinal));

    /// <summary>Parses <paramref name="text"/>; <paramref name="filePath"/> is only used in errors.
    /// Returns the pairs in file order (a later duplicate overrides an earlier one when applied).</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Parse(string text, string filePath)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n');
        var result = new List<KeyValuePair<string, string>>();
        for (var i = 0; i < lines.Length; i++)
        {
            var lineNumber = i + 1;
            var line = lines[i];
            var trimmed = line.TrimStart();
            if (trimmed.Length == 0 || trimmed.StartsWith('#'))
            {
                continue;
            }

            var match = KeyAndRest().Match(line);
            if (!match.Success)
            {
                throw Malformed(filePath, lineNumber, "expected KEY=value");
            }

            var key = match.Groups["key"].Value;
            var column = match.Groups["key"].Index + 1;
            ValidateKey(key, filePath, lineNumber, column);
            var rest = match.Groups["rest"].Value;
            var value = rest.Length > 0 && rest[0] is '"' or '\''
                ? ReadQuoted(lines, ref i, match.Groups["rest"].Index, filePath)
                : ReadUnquoted(rest);
            result.Add(new KeyValuePair<string, string>(key, value));
        }

        return result;
    }

    private static string ReadUnquoted(string rest)
    {
        var hash = rest.IndexOf('#');
        return (hash >= 0 ? rest[..hash] : rest).Trim();
    }

    private static string ReadQuoted(string[] lines, ref int index, int quoteColumn, string filePath)
    {
        var startLine = index + 1;
        var quote = lines[index][quoteColumn];
        var value = new StringBuilder();
        var lineIndex = index;
        var position = quoteColumn + 1;
        while (true)
        {
            var line = lines[lineIndex];
            for (; position < line.Length; position++)
            {
                var c = line[position];
                if (c == quote)
                {
                    EnsureOnlyCommentAfter(line, position + 1, filePath, lineIndex + 1);
                    index = lineIndex;
                    return quote == '"' ? Unescape(value.ToString()) : value.ToString();
                }

                if (c == '\\' && quote == '"' && position + 1 < line.Length)
                {
                    value.Append(c).Append(line[++position]);
                    continue;
                }

                value.Append(c);
            }

            if (++lineIndex >= lines.Length)
            {
                throw Malformed(filePath, startLine, $"the {quote}-quoted value is never closed");
            }

            value.Append('\n');
            position = 0;
        }
    }

    private static void EnsureOnlyCommentAfter(string line, int from, string filePath, int lineNumber)
    {
        var tail = line[from..].TrimStart();
        if (tail.Length > 0 && !tail.StartsWith('#'))
        {
            throw Malformed(filePath, lineNumber, $"unexpected text after the closing quote: '{tail}'");
        }
    }

    private static string Unescape(string raw)
    {
        var result = new StringBuilder(raw.Length);
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] != '\\' || i + 1 >= raw.Length)
            {
                result.Append(raw[i]);
                continue;
            }

            var next = raw[++i];
            result.Append(next switch
            {
                'n' => "\n",
                'r' => "\r",
                't' => "\t",
                'v' => "\v",
                '\\' or '"' or '\'' => next.ToString(),
                _ => "\\" + next,
            });
        }

        return result.ToString();
    }

    private static void ValidateKey(string key, string filePath, int line, int column)
    {
        if (IsReserved(key))
        {
            throw new JobFinderConfigurationException(
                "EnvFileReservedKey",
                $"Key '{key}' is reserved: Cloud Functions or the deployment sets it (FIREBASE_CONFIG, GCLOUD_PROJECT, EVENTARC_CLOUD_EVENT_SOURCE, PORT, K_SERVICE... and any X_GOOGLE_, FIREBASE_, EXT_ or KIT_ prefix), as firebase deploy refuses it; rename it.",
                filePath, line, column, key);
        }

        if (!PosixKey().IsMatch(key))
        {
            throw new JobFinderConfigurationException(
                "EnvFileMalformed",
                $"Key '{key}' must start with an uppercase letter or underscore and contain only uppercase letters, digits and underscores.",
                filePath, line, column, key);
        }
    }

    private static JobFinderConfigurationException Malformed(string filePath, int line, string what) =>
        new("EnvFileMalformed", $"Invalid dotenv line: {what}.", filePath, line);

    [GeneratedRegex(@"^\s*(?<key>\w+)\s*=\s*(?<rest>.*)$")]
    private static partial Regex KeyAndRest();

    [GeneratedRegex("^[A-Z_][A-Z0-9_]*$")]
    private static partial Regex PosixKey();
}
