using System.Globalization;
using System.Text.Json.Nodes;
using JobFinder.Ops.Emulator.Hosting;
using JobFinder.Ops.Emulator.Iam;
using JobFinder.Ops.Emulator.Infrastructure;
using JobFinder.Ops.Emulator.Infrastructure.Operations;

namespace JobFinder.Ops.Emulator.Run;

/// <summary>Cloud Run Admin v2: services get/list/patch, revisions list/get/delete (operations are served by
/// <see cref="LocationOperationsApi"/>). A stale <c>etag</c> in a PATCH body or on a revision DELETE gets
/// 409 ABORTED (Google does not document the code; ABORTED is the AIP-154 choice for etag conflicts).</summary>
public sealed class RunApi(RunStore store, OperationStore operations, EmulatorContext context) : IEmulatorApi
{
    private const string Services = "v2/projects/{project}/locations/{location}/services";
    private const string Service = Services + "/{service}";
    private const string Revisions = Service + "/revisions";
    private const string V1Service = "v1/projects/{project}/locations/{location}/services/{service}";

    public string Label => "run";

    public void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet(Services, (HttpContext http) =>
        {
            var all = store.List(http.RouteString("project"), http.RouteString("location"), s => RunJson.Service(s, store.Now, context.Origin));
            return Paging.ListResult("services", all, http.Request, 100);
        });
        routes.MapGet(Service, (HttpContext http) =>
            GoogleJson.Result(store.Read(ServiceName(http), s => RunJson.Service(s, store.Now, context.Origin))));
        routes.MapPatch(Service, (Delegate)PatchAsync);

        // roles/run.invoker lives on the service, whichever Run API version sets it: firebase-tools uses v1
        // (src/gcp/run.ts setInvokerCreate), gcloud v2. The function runtime reads it on every request.
        IamPolicyEndpoints.Map(routes, Service, ServiceName, name => store.Read(name, _ => true));
        IamPolicyEndpoints.Map(routes, V1Service, ServiceName, name => store.Read(name, _ => true));
        routes.MapGet(Revisions, (HttpContext http) =>
        {
            var all = store.Read(ServiceName(http), s => s.Revisions.OrderByDescending(r => r.Number).Select(r => RunJson.Revision(s, r, store.Now)).ToList());
            return Paging.ListResult("revisions", all, http.Request, 100);
        });
        routes.MapGet(Revisions + "/{revision}", (HttpContext http) =>
        {
            var id = http.RouteString("revision");
            return GoogleJson.Result(store.Read(ServiceName(http), s =>
                s.FindRevision(id) is { } r ? RunJson.Revision(s, r, store.Now) : throw GoogleErrors.NotFound($"Revision named '{id}' does not exist.")));
        });
        routes.MapDelete(Revisions + "/{revision}", (HttpContext http) =>
        {
            var revision = store.DeleteRevision(ServiceName(http), http.RouteString("revision"), http.Request.Query["etag"],
                string.Equals(http.Request.Query["validateOnly"], "true", StringComparison.OrdinalIgnoreCase));
            revision["@type"] = RunJson.RevisionType;
            var operation = operations.Create(new OperationRequest(
                Parent(http), Label, revision.DeepClone().AsObject(), StoredResultCompletion.KindName, StoredResultCompletion.Args(revision)));
            return GoogleJson.Result(operation.ToJson());
        });
    }

    private async Task<IResult> PatchAsync(HttpContext http)
    {
        var body = await http.Request.ReadJsonObjectAsync().ConfigureAwait(false);
        var name = ServiceName(http);
        if (body["name"]?.GetValue<string>() is { Length: > 0 } bodyName && bodyName != name)
        {
            throw GoogleErrors.InvalidArgument($"The service name in the body ({bodyName}) does not match the URL ({name}).", [("name", "mismatch")]);
        }

        var mask = FieldMask.Parse(http.Request.Query["updateMask"]);
        var desired = store.Update(name, body, mask, RevisionFromTemplate);
        desired["@type"] = RunJson.ServiceType;
        var operation = operations.Create(new OperationRequest(
            Parent(http), Label, desired, RunReconcileCompletion.KindName, RunReconcileCompletion.Args(name), context.Timings.ServiceUpdate));
        return GoogleJson.Result(operation.ToJson());
    }

    /// <summary>A template change through the Run API makes a revision that keeps the function's code
    /// (source archive, entry point, function id) and takes environment and timeout from the new template
    /// (its secret references are read from the template when an instance starts, not kept as literals).</summary>
    private static RevisionSpec RevisionFromTemplate(RunService service)
    {
        var latest = service.LatestCreated;
        var container = (service.Template["containers"] as JsonArray)?.FirstOrDefault() as JsonObject;
        var environment = (container?["env"] as JsonArray ?? [])
            .OfType<JsonObject>()
            .Where(e => e["name"] is not null && !SecretEnvReference.IsSecret(e))
            .ToDictionary(e => e["name"]!.GetValue<string>(), e => e["value"]?.GetValue<string>() ?? string.Empty, StringComparer.Ordinal);
        var timeout = GoogleJson.TryParseDuration(service.Template["timeout"]?.GetValue<string>(), out var t) ? (int)t.TotalSeconds : latest?.TimeoutSeconds ?? 300;
        return new RevisionSpec(
            latest?.FunctionId ?? service.Id,
            latest?.EntryPoint ?? service.Id,
            environment,
            timeout,
            service.Template,
            new Dictionary<string, string>(),
            new Dictionary<string, string>(),
            latest?.SourceLocation);
    }

    private static string Parent(HttpContext http) =>
        string.Create(CultureInfo.InvariantCulture, $"projects/{http.RouteString("project")}/locations/{http.RouteString("location")}");

    private static string ServiceName(HttpContext http) => RunStore.ServiceName(http.RouteString("project"), http.RouteString("location"), http.RouteString("service"));
}
