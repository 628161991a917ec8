using System.Text.Json.Nodes;
using JobFinder.Ops.Emulator.Infrastructure;

namespace JobFinder.Ops.Emulator.Runtime;

/// <summary>The runtime's own answers (no revision, no free instance, timeout, crashed instance, fault
/// knobs) in Google's error envelope, so a client reads every runtime failure the same way.</summary>
public static class RuntimeErrors
{
    public static Task WriteAsync(HttpContext http, int status, string code, string message)
    {
        http.Response.StatusCode = status;
        return GoogleJson.WriteAsync(http.Response, new JsonObject
        {
            ["error"] = new JsonObject { ["code"] = status, ["status"] = code, ["message"] = message },
        });
    }
}
