using System.Text.Json.Nodes;

namespace JobFinder.Ops.Emulator.Infrastructure.Operations;

/// <summary>For operations whose work happened synchronously (e.g. a revision delete): completing only
/// reveals the response saved in the arguments under <c>response</c>.</summary>
public sealed class StoredResultCompletion : IOperationCompletion
{
    public const string KindName = "stored-result";

    public string Kind => KindName;

    public static JsonObject Args(JsonNode response) => new() { ["response"] = response.DeepClone() };

    public JsonNode Complete(OperationRecord operation) =>
        operation.CompletionArgs["response"]?.DeepClone() ?? new JsonObject { ["@type"] = "type.googleapis.com/google.protobuf.Empty" };
}
