namespace JobFinder.Ops.Model;

/// <summary>One Eventarc filter of an event-triggered function, e.g. <c>document</c> =
/// <c>jobs/{jobId}</c>. <see cref="PathPattern"/> is true for the manifest's
/// <c>eventFilterPathPatterns</c> (sent with operator <c>match-path-pattern</c>).</summary>
public sealed record FunctionEventFilter(string Attribute, string Value, bool PathPattern);
