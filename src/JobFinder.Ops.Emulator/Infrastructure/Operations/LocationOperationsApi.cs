using System.Text.Json.Nodes;

namespace JobFinder.Ops.Emulator.Infrastructure.Operations;

/// <summary><c>v2/projects/{p}/locations/{l}/operations</c>: shared by Cloud Functions v2 and Cloud Run v2
/// (operation ids are unique across APIs, so one handler answers both; served at the root and under
/// <c>/cloudfunctions/</c> and <c>/run/</c>).</summary>
public sealed class LocationOperationsApi(OperationStore operations) : IEmulatorApi
{
    private const string Base = "v2/projects/{project}/locations/{location}/operations";

    public string Label => "cloudfunctions";

    public IReadOnlyList<string> Prefixes => ["cloudfunctions", "run"];

    public void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet(Base + "/{operation}", (HttpContext http) => GoogleJson.Result(operations.GetJson(NameOf(http))));
        routes.MapPost(Base + "/{operation}:wait", (Delegate)WaitAsync).ReadStyleCall();
        routes.MapPost(Base + "/{operation}:cancel", (HttpContext http) =>
        {
            operations.Cancel(NameOf(http));
            return GoogleJson.Result(new JsonObject());
        });
        routes.MapGet(Base, (HttpContext http) =>
        {
            var parent = $"projects/{http.RouteString("project")}/locations/{http.RouteString("location")}";
            var all = operations.List(parent, http.Request.Query["filter"]);
            return Paging.ListResult("operations", all, http.Request);
        });
    }

    /// <summary>operations.wait (Run): blocks until done or the requested timeout (default and cap 60 s).</summary>
    private async Task<IResult> WaitAsync(HttpContext http)
    {
        var body = await http.Request.ReadJsonObjectAsync().ConfigureAwait(false);
        var timeout = GoogleJson.TryParseDuration(body["timeout"]?.GetValue<string>(), out var requested)
            ? TimeSpan.FromTicks(Math.Min(requested.Ticks, TimeSpan.FromSeconds(60).Ticks))
            : TimeSpan.FromSeconds(60);
        return GoogleJson.Result(await operations.WaitAsync(NameOf(http), timeout, http.RequestAborted).ConfigureAwait(false));
    }

    private static string NameOf(HttpContext http) =>
        $"projects/{http.RouteString("project")}/locations/{http.RouteString("location")}/operations/{http.RouteString("operation")}";
}
