using System.Text.Json.Nodes;
using JobFinder.Ops.Emulator.Iam;
using JobFinder.Ops.Emulator.Infrastructure.Operations;
using JobFinder.Ops.Emulator.Run;

namespace JobFinder.Ops.Emulator.Functions;

/// <summary>Finishes a function delete: the function and its Run service (with its revisions) go away.</summary>
public sealed class FunctionDeleteCompletion(FunctionStore functions, RunStore run, IamPolicyStore policies) : IOperationCompletion
{
    public const string KindName = "cloudfunctions.delete";

    public string Kind => KindName;

    public JsonNode Complete(OperationRecord operation)
    {
        var name = operation.CompletionArgs["function"]!.GetValue<string>();
        var serviceName = functions.Read(name, f => f.ServiceName);
        run.DeleteService(serviceName);
        policies.Remove(serviceName);
        functions.Remove(name);
        policies.Remove(name);
        return new JsonObject { ["@type"] = "type.googleapis.com/google.protobuf.Empty" };
    }

    public void Fail(OperationRecord operation, JsonObject error) =>
        functions.Update(operation.CompletionArgs["function"]!.GetValue<string>(), f =>
        {
            f.State = "ACTIVE";
            f.FailureMessage = error["message"]?.GetValue<string>();
            return f;
        });
}
