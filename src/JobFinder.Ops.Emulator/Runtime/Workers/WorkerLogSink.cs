using System.Text.Json;
using System.Text.Json.Nodes;
using JobFinder.Ops.Emulator.Infrastructure;
using JobFinder.Ops.Emulator.Logging;

namespace JobFinder.Ops.Emulator.Runtime.Workers;

/// <summary>Turns a worker's output into Cloud Logging entries of its revision, as Cloud Run does
/// (https://cloud.google.com/run/docs/logging#container-logs): log <c>run.googleapis.com%2Fstdout</c> or
/// <c>%2Fstderr</c>, resource <c>cloud_run_revision</c>; a line that is a JSON object becomes a structured
/// entry (its <c>severity</c> and <c>message</c> are honoured, the rest is <c>jsonPayload</c>), any other
/// line is a <c>textPayload</c> with severity DEFAULT on stdout and ERROR on stderr.</summary>
public sealed class WorkerLogSink(LogEntryStore store)
{
    private static readonly HashSet<string> Severities = new(StringComparer.Ordinal)
    {
        "DEFAULT", "DEBUG", "INFO", "NOTICE", "WARNING", "ERROR", "CRITICAL", "ALERT", "EMERGENCY",
    };

    public void Write(WorkerLaunch launch, WorkerOutputLine line)
    {
        var stream = line.IsStandardError ? "stderr" : "stdout";
        var entry = new JsonObject
        {
            ["logName"] = $"projects/{launch.ProjectId}/logs/run.googleapis.com%2F{stream}",
            ["resource"] = new JsonObject
            {
                ["type"] = "cloud_run_revision",
                ["labels"] = new JsonObject
                {
                    ["project_id"] = launch.ProjectId,
                    ["location"] = launch.Location,
                    ["service_name"] = launch.ServiceId,
                    ["revision_name"] = launch.RevisionId,
                    ["configuration_name"] = launch.ServiceId,
                },
            },
            ["timestamp"] = GoogleJson.Timestamp(line.Time),
            ["receiveTimestamp"] = GoogleJson.Timestamp(line.Time),
            ["labels"] = new JsonObject { ["instanceId"] = launch.RevisionId, ["goog-managed-by"] = "cloudfunctions" },
        };
        if (TryStructured(line.Text) is { } structured)
        {
            var severity = (structured["severity"] as JsonValue)?.ToString()?.ToUpperInvariant();
            structured.Remove("severity");
            entry["severity"] = severity is not null && Severities.Contains(severity) ? severity : line.IsStandardError ? "ERROR" : "DEFAULT";
            entry["jsonPayload"] = structured;
        }
        else
        {
            entry["severity"] = line.IsStandardError ? "ERROR" : "DEFAULT";
            entry["textPayload"] = line.Text;
        }

        store.Add(launch.ProjectId, line.Time, entry);
    }

    private static JsonObject? TryStructured(string text)
    {
        if (!text.StartsWith('{'))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(text) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
