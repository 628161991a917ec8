using JobFinder.Ops.Errors;

namespace JobFinder.Ops.Monitoring.Specs;

/// <summary>Where each field of a JSON object built from a file came from, by its JSON path inside that
/// object (<c>conditions[0].conditionThreshold.duration</c>), so checks made on the built object name the
/// file, line, column and the field's path in the file. <see cref="Subject"/> names the object in
/// messages (<c>alert policy 'High Error Rate'</c>).</summary>
internal sealed class SourcePositions(SpecDocument document, string subject)
{
    private readonly Dictionary<string, SpecNode> _nodes = new(StringComparer.Ordinal);

    public SpecDocument Document => document;

    public string Subject { get; set; } = subject;

    public void Add(string path, SpecNode node) => _nodes[path] = node;

    /// <summary>The source node of <paramref name="path"/>, or of its nearest ancestor that has one (a
    /// missing required field is reported at the object that lacks it) with the rest of the path.</summary>
    public (SpecNode Node, string Field) Locate(string path)
    {
        var probe = path;
        while (true)
        {
            if (_nodes.TryGetValue(probe, out var node))
            {
                var rest = path[probe.Length..].TrimStart('.');
                var field = rest.Length == 0 ? node.Path : rest.StartsWith('[') ? node.Path + rest : SpecDocumentLoader.Join(node.Path, rest);
                return (node, field);
            }

            if (probe.Length == 0)
            {
                return (document.Root, path);
            }

            probe = Parent(probe);
        }
    }

    public JobFinderConfigurationException Error(string errorId, string path, string message)
    {
        var (node, field) = Locate(path);
        var shown = path.Length == 0 ? "" : $"'{path}' ";
        return new JobFinderConfigurationException(errorId, $"{Capitalize(Subject)}: {shown}{message}", document.FilePath, node.Line, node.Column, field.Length == 0 ? null : field);
    }

    private static string Parent(string path)
    {
        var cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
        return cut <= 0 ? "" : path[..cut];
    }

    private static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
