using JobFinder.Ops.Google.Run;

namespace JobFinder.Ops.Undo;

/// <summary>One service's split to put back: what it serves now and what it served before the deployment.</summary>
public sealed record UndoTrafficChange(string FunctionId, string ServiceName, string Current, IReadOnlyList<TrafficTarget> Target, string Describe)
{
    public override string ToString() => $"{FunctionId}: {Current} -> {Describe}";
}
