using System.Text;
using Google.Cloud.Firestore.V1;
using Google.Protobuf.Collections;
using JobFinder.Ops.Emulator.Infrastructure;

namespace JobFinder.Ops.Emulator.Firestore.Grpc;

/// <summary>A field path as the gRPC API writes it (document.proto, <c>Document.fields</c>): segments joined
/// by dots, a segment that is not a simple identifier quoted in backticks with <c>\`</c> and <c>\\</c>
/// escaped (<c>address.city</c>, <c>`my.field`.x</c>). <c>__name__</c> is the document's name.</summary>
internal sealed record FieldPath(IReadOnlyList<string> Segments)
{
    public const string DocumentName = "__name__";

    public bool IsDocumentName => Segments is [DocumentName];

    public static FieldPath Parse(string text)
    {
        if (string.IsNullOrEmpty(text))
        {
            throw GoogleErrors.InvalidArgument("Field path must not be empty.");
        }
        var segments = new List<string>();
        var current = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '\\' && i + 1 < text.Length)
                {
                    current.Append(text[++i]);
                }
                else if (c == '`')
                {
                    quoted = false;
                }
                else
                {
                    current.Append(c);
                }
            }
            else if (c == '`')
            {
                quoted = true;
            }
            else if (c == '.')
            {
                segments.Add(Segment(current, text));
            }
            else
            {
                current.Append(c);
            }
        }
        if (quoted)
        {
            throw GoogleErrors.InvalidArgument($"Invalid field path '{text}': unterminated backtick.");
        }
        segments.Add(Segment(current, text));
        return new FieldPath(segments);
    }

    /// <summary>The value at this path, or null when a segment is missing or not a map.</summary>
    public Value? Find(MapField<string, Value> fields)
    {
        Value? current = null;
        var map = fields;
        foreach (var segment in Segments)
        {
            if (map is null || !map.TryGetValue(segment, out current))
            {
                return null;
            }
            map = current.ValueTypeCase == Value.ValueTypeOneofCase.MapValue ? current.MapValue.Fields : null;
        }
        return current;
    }

    /// <summary>Sets the value, creating intermediate maps (a non-map in the way is replaced by a map).</summary>
    public void Set(MapField<string, Value> fields, Value value)
    {
        var map = fields;
        foreach (var segment in Segments.Take(Segments.Count - 1))
        {
            if (!map.TryGetValue(segment, out var next) || next.ValueTypeCase != Value.ValueTypeOneofCase.MapValue)
            {
                next = new Value { MapValue = new MapValue() };
                map[segment] = next;
            }
            map = next.MapValue.Fields;
        }
        map[Segments[^1]] = value;
    }

    public void Remove(MapField<string, Value> fields)
    {
        var map = fields;
        foreach (var segment in Segments.Take(Segments.Count - 1))
        {
            if (!map.TryGetValue(segment, out var next) || next.ValueTypeCase != Value.ValueTypeOneofCase.MapValue)
            {
                return;
            }
            map = next.MapValue.Fields;
        }
        map.Remove(Segments[^1]);
    }

    /// <summary>Keeps only the given paths (a read's <c>mask</c> or a query's <c>select</c>).</summary>
    public static MapField<string, Value> Project(MapField<string, Value> fields, IEnumerable<FieldPath> paths)
    {
        var projected = new MapField<string, Value>();
        foreach (var path in paths)
        {
            if (path.Find(fields) is { } value)
            {
                path.Set(projected, value.Clone());
            }
        }
        return projected;
    }

    public override string ToString() => string.Join('.', Segments.Select(s =>
        s.Length > 0 && (char.IsAsciiLetter(s[0]) || s[0] == '_') && s.All(c => char.IsAsciiLetterOrDigit(c) || c == '_')
            ? s
            : "`" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("`", "\\`", StringComparison.Ordinal) + "`"));

    private static string Segment(StringBuilder current, string text)
    {
        if (current.Length == 0)
        {
            throw GoogleErrors.InvalidArgument($"Invalid field path '{text}': empty segment.");
        }
        var segment = current.ToString();
        current.Clear();
        return segment;
    }
}
