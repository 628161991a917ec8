using JobFinder.Ops.Model;

namespace JobFinder.Ops.Watch;

/// <summary>One poll of a watch: a sample per watched function, and the credential problem that kept
/// smoke checks from running at this poll (those checks judged nothing; the metrics still did).</summary>
public sealed record WatchPoll(IReadOnlyList<WatchSample> Samples, SmokeCredentialProblem? SmokeCredentialProblem);
