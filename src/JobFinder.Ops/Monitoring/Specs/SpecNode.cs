namespace JobFinder.Ops.Monitoring.Specs;

/// <summary>One value of a user's YAML or JSON file with where it came from: its field path in the file
/// (<c>alertPolicies[0].conditions[1].threshold.duration</c>) and 1-based line and column. YAML and
/// JSON both read into this tree so every later check reports positions the same way.</summary>
internal abstract record SpecNode(string Path, long Line, long Column)
{
    public abstract string KindName { get; }
}

/// <summary>A scalar. <see cref="Value"/> is the text as written (null for an explicit null);
/// <see cref="IsString"/> is true when the source said "this is text" (a JSON string, a quoted or
/// block YAML scalar), false for plain YAML scalars and JSON numbers/booleans.</summary>
internal sealed record SpecScalar(string Path, long Line, long Column, string? Value, bool IsString) : SpecNode(Path, Line, Column)
{
    public override string KindName => "a single value";

    public bool IsNull => Value is null || (!IsString && Value is "" or "~" or "null" or "Null" or "NULL");
}

/// <summary>A mapping; entries keep file order and each key's own position.</summary>
internal sealed record SpecMapping(string Path, long Line, long Column, IReadOnlyList<SpecEntry> Entries) : SpecNode(Path, Line, Column)
{
    public override string KindName => "a mapping";

    public SpecNode? this[string key] => Entries.FirstOrDefault(e => e.Key == key)?.Value;

    public SpecEntry? Entry(string key) => Entries.FirstOrDefault(e => e.Key == key);
}

/// <summary>A list.</summary>
internal sealed record SpecSequence(string Path, long Line, long Column, IReadOnlyList<SpecNode> Items) : SpecNode(Path, Line, Column)
{
    public override string KindName => "a list";
}

/// <summary>A mapping entry: the key with its position (unknown-field errors point at the key) and value.</summary>
internal sealed record SpecEntry(string Key, long Line, long Column, SpecNode Value);
