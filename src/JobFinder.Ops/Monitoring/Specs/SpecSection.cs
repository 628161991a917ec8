using System.Globalization;
using JobFinder.Ops.Errors;

namespace JobFinder.Ops.Monitoring.Specs;

/// <summary>Typed reads of one mapping of our own sections (channels, SLOs, dashboard), each failure an
/// error with <see cref="ErrorId"/> at the offending node.</summary>
internal sealed class SpecSection
{
    private readonly SpecMapping _mapping;

    public SpecSection(SpecDocument document, SpecNode node, string errorId, string subject, IReadOnlyCollection<string> allowedKeys)
    {
        Document = document;
        ErrorId = errorId;
        Subject = subject;
        _mapping = node as SpecMapping ?? throw document.Error(errorId, node, $"{Capitalize(subject)} must be a mapping, not {node.KindName}.");
        foreach (var entry in _mapping.Entries.Where(e => !allowedKeys.Contains(e.Key)))
        {
            var suggestion = FieldSuggestion.Closest(entry.Key, allowedKeys);
            throw document.Error(MonitoringErrorIds.FieldUnknown, entry, SpecDocumentLoader.Join(_mapping.Path, entry.Key),
                $"{Capitalize(subject)}: '{entry.Key}' is not a known field ({string.Join(", ", allowedKeys)})" + (suggestion is null ? "." : $"; did you mean '{suggestion}'?"));
        }
    }

    public SpecDocument Document { get; }

    public string ErrorId { get; }

    public string Subject { get; set; }

    public SpecNode Node => _mapping;

    public SpecNode? this[string key] => _mapping[key] is SpecScalar { IsNull: true } ? null : _mapping[key];

    public JobFinderConfigurationException Error(SpecNode node, string message) => Document.Error(ErrorId, node, $"{Capitalize(Subject)}: {message}");

    public JobFinderConfigurationException Error(string message) => Error(_mapping, message);

    public string? OptionalString(string key) => this[key] switch
    {
        null => null,
        SpecScalar { Value: { } value } => value,
        var other => throw Error(other, $"'{key}' must be a single value, not {other.KindName}."),
    };

    public string RequiredString(string key) =>
        OptionalString(key) is { Length: > 0 } value ? value : throw Error($"'{key}' is required.");

    public double? OptionalDouble(string key)
    {
        var text = OptionalString(key);
        if (text is null)
        {
            return null;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? value
            : throw Error(this[key]!, $"'{key}' must be a number, not '{text}'.");
    }

    public bool OptionalBool(string key, bool fallback) => OptionalString(key) switch
    {
        null => fallback,
        "true" or "True" or "TRUE" => true,
        "false" or "False" or "FALSE" => false,
        var other => throw Error(this[key]!, $"'{key}' must be true or false, not '{other}'."),
    };

    public int OptionalInt(string key, int fallback)
    {
        var text = OptionalString(key);
        if (text is null)
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw Error(this[key]!, $"'{key}' must be a whole number, not '{text}'.");
    }

    public IReadOnlyDictionary<string, string> StringMap(string key)
    {
        switch (this[key])
        {
            case null:
                return new Dictionary<string, string>();
            case SpecMapping mapping:
                var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
                foreach (var entry in mapping.Entries)
                {
                    result[entry.Key] = entry.Value is SpecScalar { Value: { } value }
                        ? value
                        : throw Error(entry.Value, $"'{key}.{entry.Key}' must be a single value.");
                }

                return result;
            case var other:
                throw Error(other, $"'{key}' must be a mapping, not {other.KindName}.");
        }
    }

    public IReadOnlyList<(string Value, SpecNode Node)>? OptionalStringList(string key) => this[key] switch
    {
        null => null,
        SpecSequence sequence => sequence.Items.Select(i => i is SpecScalar { Value: { } v } ? (v, i) : throw Error(i, $"'{key}' items must be single values.")).ToArray(),
        SpecScalar { Value: { } single } scalar => [(single, scalar)],
        var other => throw Error(other, $"'{key}' must be a list, not {other.KindName}."),
    };

    private static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
