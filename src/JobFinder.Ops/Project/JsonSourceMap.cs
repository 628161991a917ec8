using System.Text;
using System.Text.Json;

namespace JobFinder.Ops.Project;

/// <summary>Where each value of a JSON document starts, by field path (<c>functions[0].runtime</c>),
/// so errors found after parsing (unknown property, wrong type, value out of range) can name the
/// line and column. JsonDocument keeps no positions, so this walks the bytes once with a reader.</summary>
internal sealed class JsonSourceMap
{
    private readonly byte[] _utf8;
    private readonly Dictionary<string, long> _names;
    private readonly Dictionary<string, long> _values;

    private JsonSourceMap(byte[] utf8, Dictionary<string, long> names, Dictionary<string, long> values)
    {
        _utf8 = utf8;
        _names = names;
        _values = values;
    }

    /// <summary>Builds the map. The bytes must already have parsed as JSON with the same options.</summary>
    public static JsonSourceMap Build(byte[] utf8, JsonReaderOptions options)
    {
        var names = new Dictionary<string, long>(StringComparer.Ordinal);
        var offsets = new Dictionary<string, long>(StringComparer.Ordinal);
        var reader = new Utf8JsonReader(utf8, options);
        var frames = new Stack<Frame>();
        string? pendingProperty = null;
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    pendingProperty = reader.GetString();
                    names.TryAdd(JoinProperty(frames.Count == 0 ? "" : frames.Peek().Path, pendingProperty!), reader.TokenStartIndex);
                    break;
                case JsonTokenType.StartObject:
                case JsonTokenType.StartArray:
                    var path = ValuePath(frames, ref pendingProperty, offsets, reader.TokenStartIndex);
                    frames.Push(new Frame(path, reader.TokenType == JsonTokenType.StartArray));
                    break;
                case JsonTokenType.EndObject:
                case JsonTokenType.EndArray:
                    frames.Pop();
                    break;
                default:
                    ValuePath(frames, ref pendingProperty, offsets, reader.TokenStartIndex);
                    break;
            }
        }

        return new JsonSourceMap(utf8, names, offsets);
    }

    /// <summary>1-based line and column of the field's value (or of its name, with
    /// <paramref name="name"/>: an unknown property is best shown by its name); null when the path is
    /// not in the document.</summary>
    public (long Line, long Column)? Find(string path, bool name = false)
    {
        var found = name
            ? _names.TryGetValue(path, out var offset) || _values.TryGetValue(path, out offset)
            : _values.TryGetValue(path, out offset) || _names.TryGetValue(path, out offset);
        return found ? Position(_utf8, offset) : null;
    }

    /// <summary>1-based line and column (in characters) of a byte offset.</summary>
    public static (long Line, long Column) Position(byte[] utf8, long offset)
    {
        long line = 1;
        long lineStart = 0;
        for (long i = 0; i < offset && i < utf8.Length; i++)
        {
            if (utf8[i] == (byte)'\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        var length = (int)Math.Max(0, Math.Min(offset, utf8.Length) - lineStart);
        var column = Encoding.UTF8.GetCharCount(utf8, (int)lineStart, length) + 1;
        return (line, column);
    }

    public static string JoinProperty(string parent, string name) => parent.Length == 0 ? name : parent + "." + name;

    private static string ValuePath(Stack<Frame> frames, ref string? pendingProperty, Dictionary<string, long> offsets, long tokenStart)
    {
        if (frames.Count == 0)
        {
            return "";
        }

        var parent = frames.Peek();
        if (parent.IsArray)
        {
            var itemPath = $"{parent.Path}[{parent.NextIndex++}]";
            offsets.TryAdd(itemPath, tokenStart);
            return itemPath;
        }

        var propertyPath = JoinProperty(parent.Path, pendingProperty ?? "");
        pendingProperty = null;
        offsets.TryAdd(propertyPath, tokenStart);
        return propertyPath;
    }

    private sealed class Frame(string path, bool isArray)
    {
        public string Path { get; } = path;

        public bool IsArray { get; } = isArray;

        public int NextIndex { get; set; }
    }
}
