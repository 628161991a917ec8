using System.Text.Json.Nodes;
using JobFinder.Ops.Emulator.Infrastructure;
using JobFinder.Ops.Emulator.Infrastructure.Operations;
using JobFinder.Ops.Emulator.Run;
using JobFinder.Ops.Emulator.Runtime.Workers;

namespace JobFinder.Ops.Emulator.Functions;

/// <summary>Finishes a function create/update: checks the uploaded source, waits until the new revision's
/// code is installed and listening, reconciles the revision (fails on a build or start-up failure), moves
/// traffic when asked, and marks the function ACTIVE.</summary>
internal sealed class FunctionDeployCompletion(FunctionStore functions, RunStore run, FunctionSourceUploads uploads, FunctionDeployer deployer, RevisionStarts starts) : IOperationCompletion
{
    public const string KindName = "cloudfunctions.deploy";

    public string Kind => KindName;

    public bool IsReady(OperationRecord operation)
    {
        var name = operation.CompletionArgs["function"]!.GetValue<string>();
        if (!RequireUploadedSource(name, throwIfMissing: false))
        {
            return true;
        }

        return starts.Of(FunctionRecord.ServiceNameOf(name), operation.CompletionArgs["revision"]!.GetValue<string>()).IsCompleted;
    }

    public JsonNode Complete(OperationRecord operation)
    {
        var name = operation.CompletionArgs["function"]!.GetValue<string>();
        var revision = operation.CompletionArgs["revision"]!.GetValue<string>();
        var moveAll = operation.CompletionArgs["moveAllTraffic"]?.GetValue<bool>() ?? false;
        var serviceName = functions.Read(name, f => f.ServiceName);
        RequireUploadedSource(name, throwIfMissing: true);
        try
        {
            starts.ThrowIfFailed(serviceName, revision);
        }
        catch (WorkerStartException ex)
        {
            run.MarkStartupFailed(serviceName, revision);
            var service = serviceName[(serviceName.LastIndexOf('/') + 1)..];
            throw new GoogleApiException(RpcCode.InvalidArgument,
                ex.Message.StartsWith("Build failed", StringComparison.Ordinal) ? ex.Message
                : ex.ContainerNeverStarted ? $"Could not create or update Cloud Run service {service}, Revision '{revision}' is not ready and cannot serve traffic. {ex.Message}"
                : $"Could not create or update Cloud Run service {service}, Container Healthcheck failed. Revision '{revision}' is not ready and cannot serve traffic. {ex.Message}");
        }

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

    /// <summary>False (or the Cloud Build error) when the function's upload-bucket source was never uploaded.</summary>
    private bool RequireUploadedSource(string functionName, bool throwIfMissing)
    {
        var storage = functions.Read(functionName, f => f.Resource["buildConfig"]?["source"]?["storageSource"]?.DeepClone() as JsonObject);
        var bucket = storage?["bucket"]?.GetValue<string>();
        var objectName = storage?["object"]?.GetValue<string>();
        if (bucket is null || objectName is null || !FunctionSourceUploads.IsUploadBucket(bucket) || uploads.Get(bucket, objectName) is not null)
        {
            return true;
        }

        if (throwIfMissing)
        {
            throw new GoogleApiException(RpcCode.InvalidArgument,
                $"Build failed: Failed to retrieve function source code: object gs://{bucket}/{objectName} does not exist. Upload the source to the URL from generateUploadUrl first.");
        }

        return false;
    }
}
