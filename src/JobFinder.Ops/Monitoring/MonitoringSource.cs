namespace JobFinder.Ops.Monitoring;

/// <summary>Where the declared monitoring comes from: a file, or text (YAML or JSON) given directly,
/// named <see cref="Name"/> in error messages.</summary>
public sealed record MonitoringSource
{
    private MonitoringSource(string name, string? text)
    {
        Name = name;
        Text = text;
    }

    /// <summary>The file path, or a label such as <c>&lt;InputObject&gt;</c> for text.</summary>
    public string Name { get; }

    /// <summary>The content when given directly; null for a file.</summary>
    public string? Text { get; }

    public static MonitoringSource FromFile(string path) => new(path, null);

    public static MonitoringSource FromText(string text, string name = "<InputObject>") => new(name, text);
}
