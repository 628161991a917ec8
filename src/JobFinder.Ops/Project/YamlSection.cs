using System.Globalization;
using JobFinder.Ops.Errors;
using YamlDotNet.RepresentationModel;

namespace JobFinder.Ops.Project;

/// <summary>A YAML node with its field path; typed getters raise <c>ErrorId</c> at the node's
/// line and column (YamlDotNet marks are already 1-based).</summary>
internal readonly record struct YamlSection(YamlNode Node, string Path, string FilePath, string ErrorId)
{
    public bool IsMapping => Node is YamlMappingNode;

    public JobFinderConfigurationException Error(string message) =>
        new(ErrorId, message, FilePath, Node.Start.Line, Node.Start.Column, Path.Length == 0 ? null : Path);

    public YamlMappingNode Mapping() => Node as YamlMappingNode ?? throw Error($"{Describe()} must be a mapping.");

    public IEnumerable<(string Key, YamlSection Value)> Entries()
    {
        var section = this;
        return section.Mapping().Children.Select(kv =>
        {
            var key = kv.Key is YamlScalarNode { Value: { } k } ? k : throw new YamlSection(kv.Key, section.Path, section.FilePath, section.ErrorId).Error("Mapping keys must be plain strings.");
            return (key, new YamlSection(kv.Value, JsonSourceMap.JoinProperty(section.Path, key), section.FilePath, section.ErrorId));
        }).ToArray();
    }

    public YamlSection? Child(string key)
    {
        foreach (var (name, value) in Entries())
        {
            if (name == key)
            {
                return value.IsNull ? null : value;
            }
        }

        return null;
    }

    public bool IsNull => Node is YamlScalarNode { Value: null or "" or "~" or "null", Style: YamlDotNet.Core.ScalarStyle.Plain };

    public IReadOnlyList<YamlSection> Items()
    {
        var section = this;
        return Node is YamlSequenceNode sequence
            ? sequence.Children.Select((n, i) => new YamlSection(n, $"{section.Path}[{i}]", section.FilePath, section.ErrorId)).ToArray()
            : throw Error($"{Describe()} must be a list.");
    }

    public string Scalar() => Node is YamlScalarNode { Value: { } value } ? value : throw Error($"{Describe()} must be a single value.");

    public int Int()
    {
        var text = Scalar();
        if (text.Contains("{{", StringComparison.Ordinal))
        {
            throw Error($"{Describe()} is a parameterized expression ({text}); resolve params before deploying with JobFinder.Ops.");
        }

        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw Error($"{Describe()} must be a whole number, not '{text}'.");
    }

    public bool Bool() => Scalar() switch
    {
        "true" or "True" or "TRUE" => true,
        "false" or "False" or "FALSE" => false,
        var other => throw Error($"{Describe()} must be true or false, not '{other}'."),
    };

    /// <summary>A list of scalars, or one scalar read as a one-item list.</summary>
    public IReadOnlyList<string> ScalarOrList() =>
        Node is YamlSequenceNode ? Items().Select(i => i.Scalar()).ToArray() : [Scalar()];

    public string Describe() => Path.Length == 0 ? "The document" : $"'{Path}'";
}
