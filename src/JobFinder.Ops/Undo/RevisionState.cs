using JobFinder.Ops.Google.Run;

namespace JobFinder.Ops.Undo;

/// <summary>Reading a Cloud Run revision's <c>Ready</c> condition.</summary>
internal static class RevisionState
{
    public static bool IsReady(Revision revision) =>
        revision.Conditions?.FirstOrDefault(c => c.Type == "Ready")?.State == RunConditionState.ConditionSucceeded;

    public static string? ReadyMessage(Revision revision) =>
        revision.Conditions?.FirstOrDefault(c => c.Type == "Ready") is { } ready ? $"{ready.State}{(string.IsNullOrEmpty(ready.Message) ? "" : ": " + ready.Message)}" : null;
}
