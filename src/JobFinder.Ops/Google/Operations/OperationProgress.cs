using System.Globalization;
using System.Text.Json;

namespace JobFinder.Ops.Google.Operations;

/// <summary>Reads what an operation's metadata says about progress: Cloud Functions' <c>stages[]</c>,
/// Firestore's <c>progressDocuments</c>/<c>progressBytes</c> and <c>operationState</c>, the common
/// <c>verb</c>/<c>target</c>. Anything unknown yields just the elapsed time.</summary>
internal static class OperationProgress
{
    public static (string Activity, string Status, int Percent) Describe(Operation operation, TimeSpan elapsed)
    {
        var shortName = operation.Name is null ? "operation" : operation.Name[(operation.Name.LastIndexOf('/') + 1)..];
        var activity = $"Waiting for operation {shortName}";
        var seconds = string.Create(CultureInfo.InvariantCulture, $"{elapsed.TotalSeconds:0.0} s");
        if (operation.Metadata is not { ValueKind: JsonValueKind.Object } metadata)
        {
            return (activity, seconds, -1);
        }

        if (String(metadata, "verb") is { } verb && String(metadata, "target") is { } target)
        {
            activity = $"Waiting for {verb} {target}";
        }

        if (metadata.TryGetProperty("stages", out var stages) && stages.ValueKind == JsonValueKind.Array && stages.GetArrayLength() > 0)
        {
            var complete = 0;
            var parts = new List<string>();
            foreach (var stage in stages.EnumerateArray())
            {
                var state = String(stage, "state") ?? "NOT_STARTED";
                complete += state == "COMPLETE" ? 1 : 0;
                parts.Add($"{String(stage, "name")} {state}");
            }

            return (activity, string.Join(", ", parts) + " (" + seconds + ")", complete * 100 / stages.GetArrayLength());
        }

        if (Work(metadata, "progressDocuments") is { } documents)
        {
            var state = String(metadata, "operationState") ?? "PROCESSING";
            var bytes = Work(metadata, "progressBytes");
            var percent = documents.Estimated > 0 ? (int)Math.Clamp(documents.Completed * 100 / documents.Estimated, 0, 100) : -1;
            var status = string.Create(CultureInfo.InvariantCulture, $"{state}: {documents.Completed} of {documents.Estimated} documents");
            if (bytes is { } b)
            {
                status += string.Create(CultureInfo.InvariantCulture, $", {b.Completed} of {b.Estimated} bytes");
            }

            return (activity, status + " (" + seconds + ")", percent);
        }

        return (activity, (String(metadata, "statusDetail") ?? String(metadata, "operationState") ?? "running") + " (" + seconds + ")", -1);
    }

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>google.firestore.admin.v1.Progress: int64 fields, sent as strings.</summary>
    private static (long Completed, long Estimated)? Work(JsonElement metadata, string name)
    {
        if (!metadata.TryGetProperty(name, out var progress) || progress.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        return (Int64(progress, "completedWork"), Int64(progress, "estimatedWork"));
    }

    private static long Int64(JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out var value))
        {
            return 0;
        }

        return value.ValueKind switch
        {
            JsonValueKind.Number => value.GetInt64(),
            JsonValueKind.String when long.TryParse(value.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) => parsed,
            _ => 0,
        };
    }
}
