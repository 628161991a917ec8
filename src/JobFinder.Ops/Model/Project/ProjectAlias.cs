namespace JobFinder.Ops.Model;

/// <summary>One entry of <c>.firebaserc</c> <c>projects</c>: an alias such as <c>staging</c> and its project id.</summary>
public sealed record ProjectAlias(string Alias, string ProjectId);
