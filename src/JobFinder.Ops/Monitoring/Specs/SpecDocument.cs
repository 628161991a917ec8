using JobFinder.Ops.Errors;

namespace JobFinder.Ops.Monitoring.Specs;

/// <summary>A parsed policy file: its path and the positioned tree of its content.</summary>
internal sealed record SpecDocument(string FilePath, SpecNode Root)
{
    /// <summary>An error at <paramref name="node"/>, naming the file, line, column and field path.</summary>
    public JobFinderConfigurationException Error(string errorId, SpecNode node, string message) =>
        new(errorId, message, FilePath, node.Line, node.Column, node.Path.Length == 0 ? null : node.Path);

    /// <summary>An error at a mapping key (unknown fields are best shown by their name).</summary>
    public JobFinderConfigurationException Error(string errorId, SpecEntry entry, string path, string message) =>
        new(errorId, message, FilePath, entry.Line, entry.Column, path);
}
