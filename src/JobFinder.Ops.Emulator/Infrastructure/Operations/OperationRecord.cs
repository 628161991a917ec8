using System.Text.Json.Nodes;

namespace JobFinder.Ops.Emulator.Infrastructure.Operations;

/// <summary>One google.longrunning.Operation plus what the emulator needs to finish it, all serializable
/// so a restart with a data path can resume it: its due time is absolute and its completion is named by
/// <see cref="CompletionKind"/> + <see cref="CompletionArgs"/>, resolved to an <see cref="IOperationCompletion"/>.</summary>
public sealed class OperationRecord
{
    public required string Name { get; init; }

    /// <summary>API label that owns it ("cloudfunctions", "run", "firestore"...), for operation faults.</summary>
    public required string Api { get; init; }

    public required DateTimeOffset StartTime { get; init; }

    public DateTimeOffset DueTime { get; set; }

    public required JsonObject Metadata { get; set; }

    public required string CompletionKind { get; init; }

    public required JsonObject CompletionArgs { get; init; }

    public bool Done { get; set; }

    public JsonNode? Response { get; set; }

    /// <summary>google.rpc.Status (gRPC numeric code) when the operation failed.</summary>
    public JsonObject? Error { get; set; }

    /// <summary>Set by an operation fault at creation: the operation will fail with this status.</summary>
    public JsonObject? PlannedError { get; set; }

    /// <summary>The operation id (last path segment).</summary>
    public string Id => Name[(Name.LastIndexOf('/') + 1)..];

    /// <summary>The <c>@type</c> of <see cref="Metadata"/>.</summary>
    public string? MetadataType => Metadata["@type"]?.GetValue<string>();

    /// <summary>The wire form: <c>done</c> omitted while running, then <c>response</c> or <c>error</c>.</summary>
    public JsonObject ToJson()
    {
        var json = new JsonObject { ["name"] = Name, ["metadata"] = Metadata.DeepClone() };
        if (!Done)
        {
            return json;
        }

        json["done"] = true;
        if (Error is not null)
        {
            json["error"] = Error.DeepClone();
        }
        else
        {
            json["response"] = Response?.DeepClone() ?? new JsonObject { ["@type"] = "type.googleapis.com/google.protobuf.Empty" };
        }

        return json;
    }

    internal JsonObject Save() => new()
    {
        ["name"] = Name,
        ["api"] = Api,
        ["startTime"] = GoogleJson.Timestamp(StartTime),
        ["dueTime"] = GoogleJson.Timestamp(DueTime),
        ["metadata"] = Metadata.DeepClone(),
        ["completionKind"] = CompletionKind,
        ["completionArgs"] = CompletionArgs.DeepClone(),
        ["done"] = Done,
        ["response"] = Response?.DeepClone(),
        ["error"] = Error?.DeepClone(),
        ["plannedError"] = PlannedError?.DeepClone(),
    };

    internal static OperationRecord Load(JsonObject json)
    {
        GoogleJson.TryParseTimestamp(json["startTime"]?.GetValue<string>(), out var start);
        GoogleJson.TryParseTimestamp(json["dueTime"]?.GetValue<string>(), out var due);
        return new OperationRecord
        {
            Name = json["name"]!.GetValue<string>(),
            Api = json["api"]?.GetValue<string>() ?? string.Empty,
            StartTime = start,
            DueTime = due,
            Metadata = json["metadata"]?.DeepClone() as JsonObject ?? [],
            CompletionKind = json["completionKind"]?.GetValue<string>() ?? string.Empty,
            CompletionArgs = json["completionArgs"]?.DeepClone() as JsonObject ?? [],
            Done = json["done"]?.GetValue<bool>() ?? false,
            Response = json["response"]?.DeepClone(),
            Error = json["error"]?.DeepClone() as JsonObject,
            PlannedError = json["plannedError"]?.DeepClone() as JsonObject,
        };
    }
}
