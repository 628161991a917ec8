using System.Text.Json.Nodes;
using JobFinder.Ops.Emulator.Infrastructure;

namespace JobFinder.Ops.Emulator.Monitoring;

/// <summary>Service Monitoring (monitoring v3): <c>services</c> and their <c>serviceLevelObjectives</c>,
/// CRUD with client-chosen or generated ids, patch with update masks, and the SLO rules: exactly one SLI
/// kind, a goal in (0, 0.9999], exactly one of rollingPeriod (1-30 days) or calendarPeriod.</summary>
internal sealed class ServiceMonitoringApi(MonitoringStore store) : IEmulatorApi
{
    private const string Services = "v3/projects/{project}/services";
    private const string Objectives = Services + "/{service}/serviceLevelObjectives";
    private static readonly string[] ServiceKinds =
    [
        "custom", "appEngine", "cloudEndpoints", "clusterIstio", "meshIstio", "istioCanonicalService", "cloudRun", "gkeNamespace",
        "gkeWorkload", "gkeService", "basicService",
    ];

    private static readonly string[] SliKinds = ["basicSli", "requestBased", "windowsBased"];
    private static readonly string[] CalendarPeriods = ["DAY", "WEEK", "FORTNIGHT", "MONTH", "QUARTER", "HALF", "YEAR"];

    public string Label => "monitoring";

    public void Map(IEndpointRouteBuilder routes)
    {
        routes.MapPost(Services, (Delegate)((HttpContext c) => CreateAsync(c, store.Services, ServicePrefix(c), "serviceId", ValidateService)));
        routes.MapGet(Services, (HttpContext c) => MonitoringFilter.Page(c.Request, "services", store.Services.List(ServicePrefix(c)), withTotalSize: false));
        routes.MapGet(Services + "/{service}", (HttpContext c) => GoogleJson.Result(store.Services.Get(ServiceName(c), "Service")));
        routes.MapPatch(Services + "/{service}", (Delegate)((HttpContext c) => PatchAsync(c, store.Services, ServiceName(c), "Service", ValidateService)));
        routes.MapDelete(Services + "/{service}", (HttpContext c) =>
        {
            store.Services.Remove(ServiceName(c), "Service");
            store.ServiceLevelObjectives.RemoveUnder(ServiceName(c) + "/");
            store.MarkChanged();
            return GoogleJson.Result(new JsonObject());
        });

        routes.MapPost(Objectives, (Delegate)((HttpContext c) =>
        {
            store.Services.Get(ServiceName(c), "Service");
            return CreateAsync(c, store.ServiceLevelObjectives, ServiceName(c) + "/serviceLevelObjectives/", "serviceLevelObjectiveId", ValidateObjective);
        }));
        routes.MapGet(Objectives, (HttpContext c) =>
        {
            store.Services.Get(ServiceName(c), "Service");
            return MonitoringFilter.Page(c.Request, "serviceLevelObjectives", store.ServiceLevelObjectives.List(ServiceName(c) + "/serviceLevelObjectives/"), withTotalSize: false);
        });
        routes.MapGet(Objectives + "/{objective}", (HttpContext c) => GoogleJson.Result(store.ServiceLevelObjectives.Get(ObjectiveName(c), "Service level objective")));
        routes.MapPatch(Objectives + "/{objective}", (Delegate)((HttpContext c) =>
            PatchAsync(c, store.ServiceLevelObjectives, ObjectiveName(c), "Service level objective", ValidateObjective)));
        routes.MapDelete(Objectives + "/{objective}", (HttpContext c) =>
        {
            store.ServiceLevelObjectives.Remove(ObjectiveName(c), "Service level objective");
            store.MarkChanged();
            return GoogleJson.Result(new JsonObject());
        });
    }

    private async Task<IResult> CreateAsync(HttpContext http, JsonResourceCollection collection, string prefix, string idParameter, Action<JsonObject> validate)
    {
        var resource = await http.Request.ReadJsonObjectAsync();
        var id = http.Request.Query[idParameter].ToString();
        if (id.Length == 0)
        {
            id = Guid.NewGuid().ToString("N")[..22];
        }
        else if (id.Length > 128 || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            throw GoogleErrors.InvalidArgument($"Invalid {idParameter} '{id}'.", [(idParameter, "letters, digits, '-' and '_' only, at most 128")]);
        }
        resource.Remove("name");
        resource.Insert(0, "name", prefix + id);
        validate(resource);
        collection.Add(prefix + id, resource);
        store.MarkChanged();
        return GoogleJson.Result(resource);
    }

    private async Task<IResult> PatchAsync(HttpContext http, JsonResourceCollection collection, string name, string kind, Action<JsonObject> validate)
    {
        var body = await http.Request.ReadJsonObjectAsync();
        var mask = FieldMask.Parse(http.Request.Query["updateMask"].ToString());
        var updated = collection.Update(name, kind, current =>
        {
            JsonObject next;
            if (mask.IsEmpty)
            {
                next = (JsonObject)body.DeepClone();
                next.Remove("name");
                next.Insert(0, "name", name);
            }
            else
            {
                next = current;
                mask.Apply(next, body, ignored: ["name"]);
            }
            validate(next);
            return next;
        });
        store.MarkChanged();
        return GoogleJson.Result(updated);
    }

    private static void ValidateService(JsonObject service)
    {
        var kinds = ServiceKinds.Where(k => service[k] is not null).ToList();
        if (kinds.Count > 1)
        {
            throw GoogleErrors.InvalidArgument($"A service has at most one type; this one sets {string.Join(", ", kinds)}.",
                [(kinds[1], "only one service type may be set")]);
        }
    }

    private static void ValidateObjective(JsonObject objective)
    {
        var violations = new List<(string, string)>();
        var sli = objective["serviceLevelIndicator"] as JsonObject;
        var sliKinds = SliKinds.Where(k => sli?[k] is not null).ToList();
        if (sliKinds.Count != 1)
        {
            violations.Add(("serviceLevelIndicator", $"Exactly one of {string.Join(", ", SliKinds)} is required."));
        }
        else if (sliKinds[0] == "requestBased" && sli!["requestBased"]!["goodTotalRatio"] is null && sli["requestBased"]!["distributionCut"] is null)
        {
            violations.Add(("serviceLevelIndicator.requestBased", "A request-based SLI needs goodTotalRatio or distributionCut."));
        }
        var goal = objective["goal"] is JsonValue g && g.TryGetValue<double>(out var value) ? value : double.NaN;
        if (!(goal > 0 && goal <= 0.9999))
        {
            violations.Add(("goal", "goal must be greater than 0 and at most 0.9999."));
        }
        var rolling = (string?)objective["rollingPeriod"];
        var calendar = (string?)objective["calendarPeriod"];
        if ((rolling is null) == (calendar is null))
        {
            violations.Add(("period", "Exactly one of rollingPeriod or calendarPeriod is required."));
        }
        else if (rolling is not null && (!GoogleJson.TryParseDuration(rolling, out var period) || period < TimeSpan.FromDays(1) || period > TimeSpan.FromDays(30)
            || period.Ticks % TimeSpan.TicksPerDay != 0))
        {
            violations.Add(("rollingPeriod", $"rollingPeriod must be a whole number of days between 1 and 30 (got {rolling})."));
        }
        else if (calendar is not null && !CalendarPeriods.Contains(calendar))
        {
            violations.Add(("calendarPeriod", $"Invalid calendarPeriod '{calendar}'."));
        }
        if (violations.Count > 0)
        {
            throw GoogleErrors.InvalidArgument($"Field {violations[0].Item1} is invalid: {violations[0].Item2}", violations);
        }
    }

    private static string ServicePrefix(HttpContext http) => $"projects/{http.RouteString("project")}/services/";

    private static string ServiceName(HttpContext http) => ServicePrefix(http) + http.RouteString("service");

    private static string ObjectiveName(HttpContext http) => $"{ServiceName(http)}/serviceLevelObjectives/{http.RouteString("objective")}";
}
