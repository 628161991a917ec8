using System.Globalization;
using System.Text;
using System.Text.Json;

namespace JobFinder.Ops.Smoke;

/// <summary>The subset of JSONPath a smoke assertion needs, over <see cref="JsonElement"/>: the root
/// <c>$</c>, member names (<c>.result</c>, <c>['odd name']</c>, <c>["odd name"]</c>) and array indexes
/// (<c>[0]</c>, <c>[-1]</c> = last). No wildcards, filters or recursive descent: an assertion names one
/// value, so a path that could match many would make "==" ambiguous. A NuGet JSONPath library was not
/// worth a dependency (and a second JSON model) for this.</summary>
public sealed class JsonPathLite
{
    private readonly IReadOnlyList<Segment> _segments;

    private JsonPathLite(string text, IReadOnlyList<Segment> segments)
    {
        Text = text;
        _segments = segments;
    }

    public string Text { get; }

    /// <summary>Parses <paramref name="text"/>; returns null and a reason when it is not a supported path.</summary>
    public static JsonPathLite? TryParse(string text, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(text);
        problem = null;
        if (!text.StartsWith('$'))
        {
            problem = $"'{text}' must start with '$'.";
            return null;
        }

        var segments = new List<Segment>();
        var i = 1;
        while (i < text.Length)
        {
            var segment = text[i] switch
            {
                '.' => ReadDotted(text, ref i, out problem),
                '[' => ReadBracketed(text, ref i, out problem),
                _ => Fail(text, i, out problem),
            };
            if (segment is null)
            {
                return null;
            }

            segments.Add(segment.Value);
        }

        return new JsonPathLite(text, segments);
    }

    /// <summary>The value the path names, or false when some step is missing (absent member, index out
    /// of range, or stepping into a value that is not an object/array).</summary>
    public bool TrySelect(JsonElement root, out JsonElement value)
    {
        value = root;
        foreach (var segment in _segments)
        {
            if (segment.Name is { } name)
            {
                if (value.ValueKind != JsonValueKind.Object || !value.TryGetProperty(name, out value))
                {
                    return false;
                }
            }
            else
            {
                if (value.ValueKind != JsonValueKind.Array)
                {
                    return false;
                }

                var length = value.GetArrayLength();
                var index = segment.Index < 0 ? length + segment.Index : segment.Index;
                if (index < 0 || index >= length)
                {
                    return false;
                }

                value = value[index];
            }
        }

        return true;
    }

    public override string ToString() => Text;

    private static Segment? ReadDotted(string text, ref int i, out string? problem)
    {
        var start = ++i;
        while (i < text.Length && text[i] is not ('.' or '['))
        {
            i++;
        }

        if (i == start)
        {
            problem = $"'{text}': empty member name at position {start}.";
            return null;
        }

        var name = text[start..i];
        if (name == "*" || name.StartsWith('.'))
        {
            problem = $"'{text}': wildcards and recursive descent are not supported; name one value.";
            return null;
        }

        problem = null;
        return new Segment(name, 0);
    }

    private static Segment? ReadBracketed(string text, ref int i, out string? problem)
    {
        var open = i++;
        if (i < text.Length && text[i] is '\'' or '"')
        {
            var quote = text[i++];
            var name = new StringBuilder();
            while (i < text.Length && text[i] != quote)
            {
                if (text[i] == '\\' && i + 1 < text.Length)
                {
                    i++;
                }

                name.Append(text[i++]);
            }

            if (i + 1 >= text.Length || text[i + 1] != ']')
            {
                problem = $"'{text}': unterminated ['name'] starting at position {open}.";
                return null;
            }

            i += 2;
            problem = null;
            return new Segment(name.ToString(), 0);
        }

        var close = text.IndexOf(']', i);
        if (close < 0)
        {
            problem = $"'{text}': unterminated [ at position {open}.";
            return null;
        }

        var inner = text[i..close];
        if (!int.TryParse(inner, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var index))
        {
            problem = $"'{text}': [{inner}] is not an array index or a quoted member name (wildcards and filters are not supported).";
            return null;
        }

        i = close + 1;
        problem = null;
        return new Segment(null, index);
    }

    private static Segment? Fail(string text, int i, out string? problem)
    {
        problem = $"'{text}': expected '.' or '[' at position {i}.";
        return null;
    }

    /// <summary>A member name, or (when <see cref="Name"/> is null) an array index.</summary>
    private readonly record struct Segment(string? Name, int Index);
}
