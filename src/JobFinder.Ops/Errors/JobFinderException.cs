namespace JobFinder.Ops.Errors;

/// <summary>Base of every error the engine raises on purpose. <see cref="ErrorId"/> is API: it
/// becomes the ErrorRecord's ErrorId and tests assert it, so never rename one.</summary>
public class JobFinderException : Exception
{
    public JobFinderException(string errorId, ErrorKind kind, string message, object? target = null, Exception? inner = null)
        : base(message, inner)
    {
        ErrorId = errorId;
        Kind = kind;
        Target = target;
    }

    /// <summary>Stable PascalCase identifier, e.g. <c>FirebaseJsonMalformed</c>.</summary>
    public string ErrorId { get; }

    public ErrorKind Kind { get; }

    /// <summary>The offending input: a file path, a value, a resource name.</summary>
    public object? Target { get; }

    /// <summary>Optional advice shown as the ErrorRecord's RecommendedAction.</summary>
    public string? RecommendedAction { get; init; }
}

/// <summary>A problem in a file the user wrote (firebase.json, .firebaserc, ops settings, rules,
/// indexes, policy files). Carries the file and, where known, the 1-based line and column.</summary>
public sealed class JobFinderConfigurationException : JobFinderException
{
    public JobFinderConfigurationException(string errorId, string message, string? filePath, long? line = null, long? column = null, string? field = null, Exception? inner = null)
        : base(errorId, ErrorKind.InvalidData, Format(message, filePath, line, column), (object?)filePath ?? field, inner)
    {
        FilePath = filePath;
        Line = line;
        Column = column;
        Field = field;
    }

    public string? FilePath { get; }

    public long? Line { get; }

    public long? Column { get; }

    /// <summary>The JSON/YAML path of the offending field, e.g. <c>functions[0].runtime</c>.</summary>
    public string? Field { get; }

    private static string Format(string message, string? filePath, long? line, long? column)
    {
        if (filePath is null)
        {
            return message;
        }

        var where = line is null ? filePath : column is null ? $"{filePath}:{line}" : $"{filePath}:{line}:{column}";
        return $"{where}: {message}";
    }
}
