namespace JobFinder.Ops.Model;

/// <summary>One smoke check: a request to a function (or a URL) and what its answer must look like.</summary>
public sealed record SmokeCheckDefinition
{
    public required string Name { get; init; }

    /// <summary>The function to call (its live URL or a revision's tag URL); null when <see cref="Url"/> is set.</summary>
    public string? Function { get; init; }

    /// <summary>An absolute URL; null when <see cref="Function"/> is set.</summary>
    public string? Url { get; init; }

    /// <summary>Default GET, or POST when a body is given.</summary>
    public string Method { get; init; } = "GET";

    /// <summary>Appended to the function URL, e.g. <c>/status</c>; empty by default.</summary>
    public string Path { get; init; } = "";

    /// <summary>Request body as compact JSON (a callable's <c>{"data":...}</c>), null for none.</summary>
    public string? Body { get; init; }

    public int ExpectedStatus { get; init; } = 200;

    public IReadOnlyList<SmokeAssertion> Assertions { get; init; } = [];

    public SmokeCheckAuth Auth { get; init; } = SmokeCheckAuth.None;

    /// <summary>Per attempt. Default 30 s.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Extra attempts after a failure. Default 1.</summary>
    public int Retries { get; init; } = 1;

    /// <summary>Declared by the settings (<c>"readOnly": true</c>): the check changes nothing although its
    /// method could (a callable is always a POST, also when it only reads).</summary>
    public bool ReadOnly { get; init; }

    /// <summary>Whether running the check may change data: a safe method (GET, HEAD; RFC 9110 section
    /// 9.2.1) never does, any other does unless the check is declared <see cref="ReadOnly"/>. Such checks
    /// go through ShouldProcess (Test-JobFinderSmoke -WhatIf skips them).</summary>
    public bool Writes => !ReadOnly && Method is not ("GET" or "HEAD");
}
