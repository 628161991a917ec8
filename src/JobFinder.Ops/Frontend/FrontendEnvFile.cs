using JobFinder.Ops.Errors;

namespace JobFinder.Ops.Frontend;

/// <summary>Reads a frontend's env file the way Vite and Create React App (both through dotenv) do:
/// <c>KEY=value</c> lines, optional <c>export </c>, single or double quotes, <c>#</c> comments (whole
/// line, or after an unquoted value). Unlike the functions' .env (see Project/DotEnvParser), no key is
/// reserved here: a frontend may well set <c>PORT</c>.</summary>
public static class FrontendEnvFile
{
    /// <summary>Prefixes bundlers expose to browser code; only these can configure the frontend.</summary>
    public static readonly IReadOnlyList<string> PublicPrefixes = ["VITE_", "REACT_APP_", "NEXT_PUBLIC_"];

    public static IReadOnlyList<FrontendEnvEntry> Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new JobFinderException("FrontendEnvFileNotFound", ErrorKind.ObjectNotFound, $"The frontend env file {path} does not exist.", path);
        }

        return Parse(File.ReadAllText(path), path);
    }

    public static IReadOnlyList<FrontendEnvEntry> Parse(string text, string path)
    {
        var entries = new List<FrontendEnvEntry>();
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            if (line.StartsWith("export ", StringComparison.Ordinal))
            {
                line = line[7..].TrimStart();
            }

            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new JobFinderConfigurationException("FrontendEnvFileMalformed", "Expected KEY=value.", path, i + 1, 1);
            }

            entries.Add(new FrontendEnvEntry(line[..equals].Trim(), Unquote(line[(equals + 1)..].Trim()), i + 1));
        }

        return entries;
    }

    private static string Unquote(string value)
    {
        if (value.Length >= 2 && (value[0] == '"' || value[0] == '\'') )
        {
            var close = value.IndexOf(value[0], 1);
            if (close > 0)
            {
                return value[1..close];
            }
        }

        var comment = value.IndexOf(" #", StringComparison.Ordinal);
        return (comment >= 0 ? value[..comment] : value).Trim();
    }
}
