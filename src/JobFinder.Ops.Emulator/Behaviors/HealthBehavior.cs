using System.Text.Json.Nodes;
using JobFinder.Ops.Emulator.Firestore;
using JobFinder.Ops.Emulator.Infrastructure;
using JobFinder.Ops.Emulator.Runtime;

namespace JobFinder.Ops.Emulator.Behaviors;

/// <summary><c>health</c>: a plain HTTP function answering 200 <c>{"status":"healthy"}</c> when its
/// project's Firestore is reachable (503 <c>unhealthy</c> otherwise), with the serving revision.</summary>
internal sealed class HealthBehavior(FirestoreStore firestore, TimeProvider time) : IFunctionBehavior
{
    public string EntryPoint => "health";

    public Task HandleAsync(FunctionInvocation invocation)
    {
        var healthy = firestore.FindDatabase(invocation.ProjectId, FirestoreStore.DefaultDatabase) is not null;
        invocation.Response.StatusCode = healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
        return GoogleJson.WriteAsync(invocation.Response, new JsonObject
        {
            ["status"] = healthy ? "healthy" : "unhealthy",
            ["timestamp"] = GoogleJson.Timestamp(time.GetUtcNow()),
            ["service"] = invocation.ServiceId,
            ["revision"] = invocation.RevisionName,
            ["checks"] = new JsonObject { ["firestore"] = healthy ? "ok" : "missing (default) database" },
        });
    }
}
