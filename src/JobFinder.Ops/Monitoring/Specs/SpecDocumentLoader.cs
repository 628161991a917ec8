using System.Text;
using System.Text.Json;
using JobFinder.Ops.Errors;
using JobFinder.Ops.Project;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace JobFinder.Ops.Monitoring.Specs;

/// <summary>Reads a policy file (YAML with YamlDotNet, JSON with System.Text.Json) into a
/// <see cref="SpecDocument"/>. The format follows the extension (<c>.json</c> is JSON, <c>.yaml</c> and
/// <c>.yml</c> are YAML); any other extension is sniffed from the first character. Syntax errors raise
/// <see cref="MonitoringErrorIds.FileMalformed"/> with the 1-based line and column.</summary>
internal static class SpecDocumentLoader
{
    private static readonly JsonDocumentOptions s_jsonOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        MaxDepth = 64,
    };

    public static SpecDocument Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new JobFinderException(MonitoringErrorIds.FileNotFound, ErrorKind.ObjectNotFound, $"The monitoring file '{path}' does not exist.", path);
        }

        var bytes = File.ReadAllBytes(path);
        if (bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF)
        {
            bytes = bytes[3..];
        }

        return IsJson(path, bytes) ? ParseJson(path, bytes) : ParseYaml(path, Encoding.UTF8.GetString(bytes));
    }

    public static SpecDocument ParseYaml(string path, string text)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException ex)
        {
            throw new JobFinderConfigurationException(MonitoringErrorIds.FileMalformed, $"The file is not valid YAML: {Inner(ex).Message}", path, ex.Start.Line, ex.Start.Column, inner: ex);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            // YamlDotNet reports a duplicate mapping key (ArgumentException) and some unterminated flow
            // collections (InvalidOperationException) without a position.
            throw new JobFinderConfigurationException(MonitoringErrorIds.FileMalformed, $"The file is not valid YAML: {ex.Message}", path, inner: ex);
        }

        var documents = stream.Documents.Where(d => d.RootNode is not YamlScalarNode { Value: null or "" }).ToArray();
        return documents.Length switch
        {
            0 => new SpecDocument(path, new SpecMapping("", 1, 1, [])),
            1 => new SpecDocument(path, FromYaml(documents[0].RootNode, "")),
            _ => new SpecDocument(path, new SpecSequence("", 1, 1, documents.Select((d, i) => FromYaml(d.RootNode, $"[{i}]")).ToArray())),
        };
    }

    public static SpecDocument ParseJson(string path, byte[] utf8)
    {
        try
        {
            using var document = JsonDocument.Parse(utf8, s_jsonOptions);
            var map = JsonSourceMap.Build(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, MaxDepth = 64 });
            return new SpecDocument(path, FromJson(document.RootElement, "", map));
        }
        catch (JsonException ex)
        {
            long? line = ex.LineNumber is { } l ? l + 1 : null;
            long? column = ex.BytePositionInLine is { } c ? c + 1 : null;
            var message = ex.Message;
            var cut = message.IndexOf(" Path: ", StringComparison.Ordinal);
            throw new JobFinderConfigurationException(MonitoringErrorIds.FileMalformed, $"The file is not valid JSON: {(cut > 0 ? message[..cut] : message)}", path, line, column, inner: ex);
        }
        catch (InvalidOperationException ex)
        {
            // JsonDocument accepts a string with invalid UTF-8 bytes and only fails when it is read
            // (found by the loader fuzz test): a file with such bytes is malformed, not a crash.
            throw new JobFinderConfigurationException(MonitoringErrorIds.FileMalformed, $"The file is not valid UTF-8 JSON: {ex.Message}", path, inner: ex);
        }
    }

    private static bool IsJson(string path, byte[] bytes)
    {
        var extension = Path.GetExtension(path).ToLowerInvariant();
        if (extension is ".json")
        {
            return true;
        }

        if (extension is ".yaml" or ".yml")
        {
            return false;
        }

        var first = bytes.FirstOrDefault(b => b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'));
        return first is (byte)'{' or (byte)'[';
    }

    private static Exception Inner(Exception ex) => ex.InnerException is YamlException inner ? Inner(inner) : ex;

    private static SpecNode FromYaml(YamlNode node, string path)
    {
        var line = node.Start.Line;
        var column = node.Start.Column;
        switch (node)
        {
            case YamlMappingNode mapping:
                var entries = new List<SpecEntry>(mapping.Children.Count);
                foreach (var (key, value) in mapping.Children)
                {
                    var name = key is YamlScalarNode { Value: { } k } ? k : key.ToString();
                    entries.Add(new SpecEntry(name, key.Start.Line, key.Start.Column, FromYaml(value, Join(path, name))));
                }

                return new SpecMapping(path, line, column, entries);
            case YamlSequenceNode sequence:
                return new SpecSequence(path, line, column, sequence.Children.Select((item, i) => FromYaml(item, $"{path}[{i}]")).ToArray());
            case YamlScalarNode scalar:
                return new SpecScalar(path, line, column, scalar.Value, scalar.Style != ScalarStyle.Plain);
            default:
                return new SpecScalar(path, line, column, node.ToString(), true);
        }
    }

    private static SpecNode FromJson(JsonElement element, string path, JsonSourceMap map)
    {
        var (line, column) = map.Find(path) ?? (1, 1);
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var entries = new List<SpecEntry>();
                foreach (var property in element.EnumerateObject())
                {
                    var childPath = Join(path, property.Name);
                    var (keyLine, keyColumn) = map.Find(childPath, name: true) ?? (line, column);
                    entries.Add(new SpecEntry(property.Name, keyLine, keyColumn, FromJson(property.Value, childPath, map)));
                }

                return new SpecMapping(path, line, column, entries);
            case JsonValueKind.Array:
                return new SpecSequence(path, line, column, element.EnumerateArray().Select((item, i) => FromJson(item, $"{path}[{i}]", map)).ToArray());
            case JsonValueKind.String:
                return new SpecScalar(path, line, column, element.GetString(), true);
            case JsonValueKind.Null:
                return new SpecScalar(path, line, column, null, false);
            default:
                return new SpecScalar(path, line, column, element.GetRawText(), false);
        }
    }

    internal static string Join(string parent, string name) => JsonSourceMap.JoinProperty(parent, name);
}
