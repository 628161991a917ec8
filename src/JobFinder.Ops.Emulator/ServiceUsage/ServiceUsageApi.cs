using System.Globalization;
using System.Text.Json.Nodes;
using JobFinder.Ops.Emulator.Hosting;
using JobFinder.Ops.Emulator.Infrastructure;
using JobFinder.Ops.Emulator.Infrastructure.Operations;

namespace JobFinder.Ops.Emulator.ServiceUsage;

/// <summary>Service Usage v1 (../shared/api/serviceusage-v1.json): services get/list/enable/disable,
/// batchEnable/batchGet and operations.get. firebase-tools asks it whether each API a deploy needs is
/// enabled, by project id and by project number (lib/ensureApiEnabled.js).</summary>
internal sealed class ServiceUsageApi(ServiceUsageStore store, OperationStore operations, EmulatorContext context) : IEmulatorApi
{
    private const string Services = "v1/projects/{project}/services";

    public string Label => "serviceusage";

    public void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet(Services + "/{service}", (HttpContext http) =>
            GoogleJson.Result(ServiceJson(Project(http), Service(http))));
        routes.MapGet(Services, (HttpContext http) => List(http));
        routes.MapPost(Services + "/{service}:enable", (HttpContext http) => Change(http, [Service(http)], enable: true, batch: false));
        routes.MapPost(Services + "/{service}:disable", (HttpContext http) => Change(http, [Service(http)], enable: false, batch: false));
        routes.MapPost(Services + ":batchEnable", (Func<HttpContext, Task<IResult>>)BatchEnableAsync);
        routes.MapGet(Services + ":batchGet", (HttpContext http) =>
        {
            var project = Project(http);
            var names = http.Request.Query["names"].Select(n => n!.Split('/').Last()).ToList();
            // serviceusage-v1.json batchGet: "A single request can get a maximum of 30 services at a time."
            if (names.Count is 0 or > 30)
            {
                throw GoogleErrors.InvalidArgument("Between 1 and 30 service names are required (names).");
            }
            return GoogleJson.Result(new JsonObject { ["services"] = new JsonArray(names.Select(n => (JsonNode)ServiceJson(project, n)).ToArray()) });
        });
        routes.MapPost("v1beta1/projects/{project}/services/{service}:generateServiceIdentity", (HttpContext http) => GenerateServiceIdentity(http));
        foreach (var version in new[] { "v1", "v1beta1" })
        {
            routes.MapGet(version + "/operations/{operation}", (HttpContext http) =>
                GoogleJson.Result(operations.GetJson("operations/" + http.RouteString("operation"))));
        }
    }

    /// <summary>services.generateServiceIdentity (Service Usage v1beta1, which firebase-tools calls for the Pub/Sub
    /// and Eventarc agents, lib/deploy/functions/checkIam.js): the service agent Google keeps for a service in a
    /// project, named as https://cloud.google.com/iam/docs/service-agents lists them. A service without an agent
    /// is refused.</summary>
    private IResult GenerateServiceIdentity(HttpContext http)
    {
        var project = Project(http);
        var service = Service(http);
        var agentDomain = ServiceAgents.DomainOf(service)
            ?? throw GoogleErrors.InvalidArgument($"Service {service} does not have a service identity.");
        if (!store.IsEnabled(project, service))
        {
            throw GoogleErrors.FailedPrecondition($"Service {service} is not enabled for project {ProjectNumber(project)}.");
        }
        var identity = new JsonObject
        {
            ["@type"] = "type.googleapis.com/google.api.serviceusage.v1beta1.ServiceIdentity",
            ["email"] = $"service-{ProjectNumber(project)}@{agentDomain}",
            ["uniqueId"] = ServiceAgents.UniqueId(project, service),
        };
        // The agent exists once made, so the operation is already done.
        return GoogleJson.Result(new JsonObject { ["name"] = "operations/finished.DONE_OPERATION", ["done"] = true, ["response"] = identity });
    }

    private async Task<IResult> BatchEnableAsync(HttpContext http)
    {
        var body = await http.Request.ReadJsonObjectAsync().ConfigureAwait(false);
        var ids = body["serviceIds"]?.AsArray().Select(s => s!.GetValue<string>()).ToList() ?? [];
        // serviceusage-v1.json BatchEnableServicesRequest.serviceIds: "A single request can enable a maximum of 20 services at a time."
        if (ids.Count is 0 or > 20)
        {
            throw GoogleErrors.InvalidArgument("Between 1 and 20 service ids are required (serviceIds).");
        }
        return Change(http, ids, enable: true, batch: true);
    }

    private IResult List(HttpContext http)
    {
        var project = Project(http);
        var filter = http.Request.Query["filter"].ToString();
        // serviceusage-v1.json services.list: "Only `state:ENABLED` and `state:DISABLED` filters are supported"; the
        // emulator only knows the services it serves, so an unfiltered list is the enabled ones as well.
        if (filter.Length > 0 && filter is not ("state:ENABLED" or "state:DISABLED"))
        {
            throw GoogleErrors.InvalidArgument($"Invalid filter '{filter}': only state:ENABLED and state:DISABLED are supported.");
        }
        var names = filter == "state:DISABLED"
            ? ServiceUsageStore.SeededServices.Where(s => !store.IsEnabled(project, s)).ToList()
            : store.Enabled(project);
        return Paging.ListResult("services", names.Select(n => ServiceJson(project, n)).ToList(), http.Request);
    }

    private IResult Change(HttpContext http, IReadOnlyList<string> services, bool enable, bool batch)
    {
        var project = Project(http);
        var changed = services.Select(s => store.SetEnabled(project, s, enable)).ToList().Contains(true);
        var response = !batch
            ? new JsonObject { ["@type"] = "type.googleapis.com/google.api.serviceusage.v1." + (enable ? "EnableServiceResponse" : "DisableServiceResponse"), ["service"] = ServiceJson(project, services[0]) }
            : new JsonObject { ["@type"] = "type.googleapis.com/google.api.serviceusage.v1.BatchEnableServicesResponse", ["services"] = new JsonArray(services.Select(s => (JsonNode)ServiceJson(project, s)).ToArray()) };
        if (!changed)
        {
            // Google answers a request that changes nothing with an operation that is already done and named so.
            return GoogleJson.Result(new JsonObject { ["name"] = "operations/noop.DONE_OPERATION", ["done"] = true, ["response"] = response });
        }
        var operation = operations.Create(new OperationRequest(
            string.Empty,
            Label,
            new JsonObject { ["@type"] = "type.googleapis.com/google.api.serviceusage.v1.OperationMetadata", ["resourceNames"] = new JsonArray(services.Select(s => (JsonNode)$"services/{s}/projectSettings/{ProjectNumber(project)}").ToArray()) },
            StoredResultCompletion.KindName,
            StoredResultCompletion.Args(response)));
        return GoogleJson.Result(operation.ToJson());
    }

    /// <summary>A Service as Google returns it: named by project number whatever the request used.</summary>
    private JsonObject ServiceJson(string project, string service)
    {
        var number = ProjectNumber(project);
        return new JsonObject
        {
            ["name"] = $"projects/{number}/services/{service}",
            ["parent"] = $"projects/{number}",
            ["config"] = new JsonObject { ["name"] = service },
            ["state"] = store.IsEnabled(project, service) ? "ENABLED" : "DISABLED",
        };
    }

    private string Project(HttpContext http) => ProjectNumbers.Resolve(context.ProjectIds, http.RouteString("project"));

    private static string Service(HttpContext http) => http.RouteString("service");

    private static string ProjectNumber(string project) => ProjectNumbers.Of(project).ToString(CultureInfo.InvariantCulture);
}
