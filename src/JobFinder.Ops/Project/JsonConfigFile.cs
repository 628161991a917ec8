using System.Text.Json;
using JobFinder.Ops.Errors;

namespace JobFinder.Ops.Project;

/// <summary>A user-written JSON file (firebase.json, .firebaserc, jobfinder.ops.json) parsed the way
/// firebase-tools tolerates them (comments, trailing commas), with positions for later errors.</summary>
internal sealed class JsonConfigFile : IDisposable
{
    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        MaxDepth = 64,
    };

    private readonly JsonDocument _document;

    private JsonConfigFile(string path, JsonDocument document, JsonSourceMap map, ConfigErrorIds errorIds)
    {
        FilePath = path;
        _document = document;
        Map = map;
        ErrorIds = errorIds;
    }

    public string FilePath { get; }

    public JsonSourceMap Map { get; }

    public ConfigErrorIds ErrorIds { get; }

    public JsonSection Root => new(this, _document.RootElement, "");

    /// <summary>Reads and parses the file. Syntax errors become <paramref name="errorIds"/>.Malformed with
    /// the 1-based line and column (System.Text.Json reports both 0-based).</summary>
    public static JsonConfigFile Load(string path, ConfigErrorIds errorIds)
    {
        var bytes = StripUtf8Bom(File.ReadAllBytes(path));
        EnsureUtf8(path, bytes, errorIds);
        try
        {
            var document = JsonDocument.Parse(bytes, DocumentOptions);
            var map = JsonSourceMap.Build(bytes, new JsonReaderOptions
            {
                CommentHandling = JsonCommentHandling.Skip,
                AllowTrailingCommas = true,
                MaxDepth = 64,
            });
            return new JsonConfigFile(path, document, map, errorIds);
        }
        catch (JsonException ex)
        {
            long? line = ex.LineNumber is { } l ? l + 1 : null;
            long? column = ex.BytePositionInLine is { } c ? c + 1 : null;
            throw new JobFinderConfigurationException(errorIds.Malformed, $"The file is not valid JSON: {FirstSentence(ex.Message)}", path, line, column, inner: ex);
        }
    }

    /// <summary>System.Text.Json parses a string with invalid UTF-8 bytes and throws only when it is read
    /// (an InvalidOperationException deep in a binder; found by the loader fuzz test), so the bytes are
    /// checked up front: such a file is Malformed, at the line of the first bad byte.</summary>
    private static void EnsureUtf8(string path, byte[] bytes, ConfigErrorIds errorIds)
    {
        if (System.Text.Unicode.Utf8.IsValid(bytes))
        {
            return;
        }

        var chars = new char[bytes.Length];
        System.Text.Unicode.Utf8.ToUtf16(bytes, chars, out var valid, out _, replaceInvalidSequences: false);
        var line = 1 + bytes.AsSpan(0, valid).Count((byte)'\n');
        throw new JobFinderConfigurationException(errorIds.Malformed, "The file is not valid UTF-8.", path, line);
    }

    public JobFinderConfigurationException Error(string errorId, string message, string field, bool atName = false)
    {
        var position = Map.Find(field, atName);
        return new JobFinderConfigurationException(errorId, message, FilePath, position?.Line, position?.Column, field.Length == 0 ? null : field);
    }

    public void Dispose() => _document.Dispose();

    private static byte[] StripUtf8Bom(byte[] bytes) =>
        bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? bytes[3..] : bytes;

    // System.Text.Json appends "Path: $ | LineNumber: 0 | BytePositionInLine: 5." with 0-based numbers;
    // we report our own 1-based ones, so keep only the description.
    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path: ", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}

/// <summary>The ErrorIds one kind of file reports: syntax errors, wrong types/values, unknown properties
/// (null when the file tolerates unknown properties, as firebase.json does).</summary>
internal sealed record ConfigErrorIds(string Malformed, string Invalid, string? UnknownProperty);
