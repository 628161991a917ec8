using System.Text.Json;
using JobFinder.Ops.Errors;

namespace JobFinder.Ops.Project;

/// <summary>A JSON value inside a <see cref="JsonConfigFile"/> with its field path. Typed getters
/// turn a wrong type into the file's Invalid ErrorId at the right line and column; JSON null reads
/// as "not set" everywhere.</summary>
internal readonly struct JsonSection
{
    private readonly JsonConfigFile _file;

    public JsonSection(JsonConfigFile file, JsonElement element, string path)
    {
        _file = file;
        Element = element;
        Path = path;
    }

    public JsonElement Element { get; }

    public string Path { get; }

    public JsonConfigFile File => _file;

    public bool IsObject => Element.ValueKind == JsonValueKind.Object;

    public bool IsArray => Element.ValueKind == JsonValueKind.Array;

    public IEnumerable<string> PropertyNames => IsObject ? Element.EnumerateObject().Select(p => p.Name).ToArray() : [];

    public JobFinderConfigurationException Error(string message, string? errorId = null) =>
        _file.Error(errorId ?? _file.ErrorIds.Invalid, message, Path);

    /// <summary>Rejects properties outside <paramref name="known"/> with the file's UnknownProperty ErrorId
    /// (a typo such as <c>maxErrorRte</c> would otherwise silently keep the default).</summary>
    public void EnsureKnown(params string[] known)
    {
        if (_file.ErrorIds.UnknownProperty is not { } errorId)
        {
            return;
        }

        foreach (var name in PropertyNames)
        {
            if (!known.Contains(name, StringComparer.Ordinal) && !name.StartsWith('$'))
            {
                throw _file.Error(errorId, $"Unknown property '{name}'. Known properties here: {string.Join(", ", known)}.", JsonSourceMap.JoinProperty(Path, name), atName: true);
            }
        }
    }

    public JsonSection? Property(string name)
    {
        if (!IsObject || !Element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return new JsonSection(_file, value, JsonSourceMap.JoinProperty(Path, name));
    }

    public JsonSection RequireObject(string what)
    {
        if (!IsObject)
        {
            throw Error($"{Describe()} must be an object ({what}), not {Kind(Element)}.");
        }

        return this;
    }

    public JsonSection? Object(string name) => Property(name)?.RequireObject(name);

    public IReadOnlyList<JsonSection> Items()
    {
        if (!IsArray)
        {
            throw Error($"{Describe()} must be an array, not {Kind(Element)}.");
        }

        var file = _file;
        var path = Path;
        return Element.EnumerateArray().Select((e, i) => new JsonSection(file, e, $"{path}[{i}]")).ToArray();
    }

    public IReadOnlyList<JsonSection>? Array(string name) => Property(name)?.Items();

    public string AsString()
    {
        if (Element.ValueKind != JsonValueKind.String)
        {
            throw Error($"{Describe()} must be a string, not {Kind(Element)}.");
        }

        return Element.GetString()!;
    }

    public string? String(string name) => Property(name)?.AsString();

    public bool? Bool(string name)
    {
        if (Property(name) is not { } p)
        {
            return null;
        }

        return p.Element.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw p.Error($"{p.Describe()} must be true or false, not {Kind(p.Element)}."),
        };
    }

    public int AsInt()
    {
        if (Element.ValueKind != JsonValueKind.Number || !Element.TryGetInt32(out var value))
        {
            throw Error($"{Describe()} must be a whole number, not {Kind(Element)} {Element.GetRawText()}.");
        }

        return value;
    }

    public int? Int(string name) => Property(name)?.AsInt();

    public double? Number(string name)
    {
        if (Property(name) is not { } p)
        {
            return null;
        }

        if (p.Element.ValueKind != JsonValueKind.Number || !p.Element.TryGetDouble(out var value) || !double.IsFinite(value))
        {
            throw p.Error($"{p.Describe()} must be a number, not {Kind(p.Element)} {p.Element.GetRawText()}.");
        }

        return value;
    }

    /// <summary>A string or an array of strings (firebase.json's <c>predeploy</c>, <c>ignore</c>).</summary>
    public IReadOnlyList<string>? StringOrStrings(string name)
    {
        if (Property(name) is not { } p)
        {
            return null;
        }

        return p.Element.ValueKind == JsonValueKind.String ? [p.AsString()] : p.Items().Select(i => i.AsString()).ToArray();
    }

    public IReadOnlyList<string>? Strings(string name) => Property(name)?.Items().Select(i => i.AsString()).ToArray();

    /// <summary>Parses a string property into an enum member by name (case-insensitive, no numbers).</summary>
    public TEnum? Enum<TEnum>(string name)
        where TEnum : struct, System.Enum
    {
        if (Property(name) is not { } p)
        {
            return null;
        }

        var text = p.AsString();
        if (text.Length == 0 || char.IsDigit(text[0]) || text[0] == '-' || !System.Enum.TryParse<TEnum>(text, ignoreCase: true, out var value))
        {
            throw p.Error($"{p.Describe()} must be one of {string.Join(", ", System.Enum.GetNames<TEnum>())}, not '{text}'.");
        }

        return value;
    }

    public string Describe() => Path.Length == 0 ? "The document" : $"'{Path}'";

    private static string Kind(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };
}
