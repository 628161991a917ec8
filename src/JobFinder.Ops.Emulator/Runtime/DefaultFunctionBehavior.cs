using System.Text.Json.Nodes;
using JobFinder.Ops.Emulator.Infrastructure;

namespace JobFinder.Ops.Emulator.Runtime;

/// <summary>What an entry point without its own behavior does: 200 <c>{"result":{"ok":true}}</c>
/// (a callable that succeeds), so any function can be deployed and canaried.</summary>
public static class DefaultFunctionBehavior
{
    public static Task HandleAsync(FunctionInvocation invocation)
    {
        invocation.Response.StatusCode = StatusCodes.Status200OK;
        return GoogleJson.WriteAsync(invocation.Response, new JsonObject { ["result"] = new JsonObject { ["ok"] = true } });
    }
}
