using System.Text.Json.Nodes;

namespace JobFinder.Ops.Monitoring.Specs;

/// <summary>One declared alert policy as the API's JSON (no server-owned fields; our label added).
/// <c>notificationChannels</c> still holds what the file wrote: declared channel keys or full channel
/// resource names, resolved when the plan is made.</summary>
internal sealed record PolicySpec(string DisplayName, JsonObject Policy, SourcePositions Source);
