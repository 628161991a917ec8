using System.Text.Json.Nodes;
using JobFinder.Ops.Emulator.Infrastructure.Operations;

namespace JobFinder.Ops.Emulator.Run;

/// <summary>Finishes a services.patch: serving traffic catches up with the requested traffic.</summary>
public sealed class RunReconcileCompletion(RunStore store) : IOperationCompletion
{
    public const string KindName = "run.reconcile";

    public string Kind => KindName;

    public static JsonObject Args(string serviceName) => new() { ["service"] = serviceName };

    public JsonNode Complete(OperationRecord operation)
    {
        var service = store.Reconcile(ServiceOf(operation));
        service["@type"] = RunJson.ServiceType;
        return service;
    }

    public void Fail(OperationRecord operation, JsonObject error) =>
        store.FailChange(ServiceOf(operation), error["message"]?.GetValue<string>() ?? "Reconciliation failed.");

    private static string ServiceOf(OperationRecord operation) => operation.CompletionArgs["service"]!.GetValue<string>();
}
