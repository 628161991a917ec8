using System.Text.Json.Nodes;
using JobFinder.Ops.Emulator.Infrastructure;
using JobFinder.Ops.Emulator.Infrastructure.Operations;
using JobFinder.Ops.Emulator.Run;

namespace JobFinder.Ops.Emulator.Functions;

/// <summary>Finishes a function create/update: checks the uploaded source, reconciles the new revision
/// (fails on a start-up failure), moves traffic when asked, and marks the function ACTIVE.</summary>
public sealed class FunctionDeployCompletion(FunctionStore functions, RunStore run, FunctionSourceUploads uploads, FunctionDeployer deployer) : IOperationCompletion
{
    public const string KindName = "cloudfunctions.deploy";

    public string Kind => KindName;

    public JsonNode Complete(OperationRecord operation)
    {
        var name = operation.CompletionArgs["function"]!.GetValue<string>();
        var revision = operation.CompletionArgs["revision"]!.GetValue<string>();
        var moveAll = operation.CompletionArgs["moveAllTraffic"]?.GetValue<bool>() ?? false;
        var (serviceName, storage) = functions.Read(name, f => (f.ServiceName, f.Resource["buildConfig"]?["source"]?["storageSource"] as JsonObject));
        RequireUploadedSource(storage);
        run.FinishDeploy(serviceName, revision, moveAll);
        var json = functions.Update(name, f =>
        {
            f.State = "ACTIVE";
            f.CurrentRevision = revision;
            f.FailureMessage = null;
            return deployer.Render(f);
        });
        FunctionJson.AdvanceStages(operation.Metadata, 1, serviceName);
        operation.Metadata["endTime"] = json["updateTime"]?.DeepClone();
        json["@type"] = FunctionJson.FunctionType;
        return json;
    }

    public void Fail(OperationRecord operation, JsonObject error)
    {
        var name = operation.CompletionArgs["function"]!.GetValue<string>();
        var message = error["message"]?.GetValue<string>() ?? "Deployment failed.";
        var serviceName = functions.Update(name, f =>
        {
            // A failed create leaves a FAILED function; a failed update keeps the old revision serving.
            f.State = f.CurrentRevision is null ? "FAILED" : "ACTIVE";
            f.FailureMessage = message;
            return f.ServiceName;
        });
        run.FailChange(serviceName, message);
        FunctionJson.FailStage(operation.Metadata, message);
    }

    public void Progress(OperationRecord operation, double fraction) =>
        FunctionJson.AdvanceStages(operation.Metadata, Math.Min(fraction, 0.99), FunctionRecord.ServiceNameOf(operation.CompletionArgs["function"]!.GetValue<string>()));

    private void RequireUploadedSource(JsonObject? storage)
    {
        var bucket = storage?["bucket"]?.GetValue<string>();
        var objectName = storage?["object"]?.GetValue<string>();
        if (bucket is not null && objectName is not null && FunctionSourceUploads.IsUploadBucket(bucket) && uploads.Get(bucket, objectName) is null)
        {
            throw new GoogleApiException(RpcCode.InvalidArgument,
                $"Build failed: Failed to retrieve function source code: object gs://{bucket}/{objectName} does not exist. Upload the source to the URL from generateUploadUrl first.");
        }
    }
}
