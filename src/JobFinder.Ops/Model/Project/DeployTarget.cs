namespace JobFinder.Ops.Model;

/// <summary>One deploy target from <c>.firebaserc</c> <c>targets.&lt;projectId&gt;.&lt;Kind&gt;.&lt;Name&gt;</c>,
/// e.g. Kind <c>storage</c>, Name <c>uploads</c>, Resources <c>[jobfinder-prod-uploads]</c>.</summary>
public sealed record DeployTarget(string ProjectId, string Kind, string Name, IReadOnlyList<string> Resources);
