using System.Security.Cryptography;
using System.Text.Json.Nodes;
using JobFinder.Ops.Emulator.Infrastructure;
using JobFinder.Ops.Emulator.Monitoring;

namespace JobFinder.Ops.Emulator.Dashboards;

/// <summary>Cloud Monitoring Dashboards API v1 (served on the monitoring host): create/list/get/patch/
/// delete of <c>projects/{p}/dashboards/{id}</c>, <c>validateOnly</c>, and etag-based optimistic
/// concurrency: every write gets a new etag; a patch carrying a stale one is refused with ABORTED.</summary>
internal sealed class DashboardsApi(DashboardsStore store) : IEmulatorApi
{
    private const string Collection = "v1/projects/{project}/dashboards";
    private const string Kind = "Dashboard";
    private static readonly string[] Layouts = ["gridLayout", "mosaicLayout", "rowLayout", "columnLayout"];

    public string Label => "monitoring";

    public void Map(IEndpointRouteBuilder routes)
    {
        routes.MapPost(Collection, (Delegate)CreateAsync);
        routes.MapGet(Collection, (HttpContext c) =>
        {
            var (page, next) = Paging.Page(store.Dashboards.List(Prefix(c)), c.Request, defaultPageSize: 1000);
            var body = new JsonObject { ["dashboards"] = new JsonArray([.. page.Select(d => (JsonNode)d)]) };
            if (next is not null)
            {
                body["nextPageToken"] = next;
            }
            return GoogleJson.Result(body);
        });
        routes.MapGet(Collection + "/{dashboard}", (HttpContext c) => GoogleJson.Result(store.Dashboards.Get(DashboardName(c), Kind)));
        routes.MapPatch(Collection + "/{dashboard}", (Delegate)PatchAsync);
        routes.MapDelete(Collection + "/{dashboard}", (HttpContext c) =>
        {
            store.Dashboards.Remove(DashboardName(c), Kind);
            store.MarkChanged();
            return GoogleJson.Result(new JsonObject());
        });
    }

    private async Task<IResult> CreateAsync(HttpContext http)
    {
        var dashboard = await http.Request.ReadJsonObjectAsync();
        var prefix = Prefix(http);
        var name = (string?)dashboard["name"] is { } given && given.StartsWith(prefix, StringComparison.Ordinal) && given.Length > prefix.Length
            ? given
            : prefix + Guid.NewGuid().ToString();
        dashboard.Remove("name");
        dashboard.Insert(0, "name", name);
        Validate(dashboard);
        if (store.Dashboards.Contains(name))
        {
            throw GoogleErrors.AlreadyExists($"Dashboard {name} already exists.");
        }
        dashboard["etag"] = NewEtag();
        if (!ValidateOnly(http))
        {
            store.Dashboards.Add(name, dashboard);
            store.MarkChanged();
        }
        return GoogleJson.Result(dashboard);
    }

    /// <summary>UpdateDashboard replaces the dashboard (the body is the whole Dashboard).</summary>
    private async Task<IResult> PatchAsync(HttpContext http)
    {
        var name = DashboardName(http);
        var body = await http.Request.ReadJsonObjectAsync();
        if ((string?)body["name"] is { } given && given != name)
        {
            throw GoogleErrors.InvalidArgument($"dashboard.name '{given}' does not match the URL.", [("dashboard.name", "must match the URL")]);
        }
        body.Remove("name");
        body.Insert(0, "name", name);
        Validate(body);
        var validateOnly = ValidateOnly(http);
        var updated = store.Dashboards.Update(name, Kind, current =>
        {
            if ((string?)body["etag"] is { Length: > 0 } etag && etag != (string?)current["etag"])
            {
                throw GoogleErrors.Aborted($"The etag of dashboard {name} does not match: it was changed since it was read.");
            }
            body["etag"] = validateOnly ? current["etag"]?.DeepClone() : NewEtag();
            return validateOnly ? current : body;
        });
        if (!validateOnly)
        {
            store.MarkChanged();
        }
        return GoogleJson.Result(validateOnly ? body : updated);
    }

    private static void Validate(JsonObject dashboard)
    {
        var violations = new List<(string, string)>();
        if ((string?)dashboard["displayName"] is not { Length: > 0 })
        {
            violations.Add(("displayName", "displayName is required."));
        }
        var layouts = Layouts.Where(l => dashboard[l] is not null).ToList();
        if (layouts.Count > 1)
        {
            violations.Add((layouts[1], $"A dashboard has one layout; this one sets {string.Join(", ", layouts)}."));
        }
        if (dashboard["mosaicLayout"]?["tiles"] is JsonArray tiles)
        {
            var columns = (int?)GoogleJson.ReadInt64(dashboard["mosaicLayout"]!["columns"]) ?? 48;
            for (var i = 0; i < tiles.Count; i++)
            {
                var tile = tiles[i] as JsonObject ?? [];
                var x = GoogleJson.ReadInt64(tile["xPos"]) ?? 0;
                var width = GoogleJson.ReadInt64(tile["width"]) ?? 0;
                if (width <= 0 || x < 0 || x + width > columns)
                {
                    violations.Add(($"mosaicLayout.tiles[{i}]", $"A tile must have a positive width and fit in {columns} columns."));
                }
            }
        }
        if (violations.Count > 0)
        {
            throw GoogleErrors.InvalidArgument($"Field {violations[0].Item1} is invalid: {violations[0].Item2}", violations);
        }
    }

    private static bool ValidateOnly(HttpContext http) => http.Request.Query["validateOnly"].ToString() == "true";

    private static string NewEtag() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    private static string Prefix(HttpContext http) => $"projects/{http.RouteString("project")}/dashboards/";

    private static string DashboardName(HttpContext http) => Prefix(http) + http.RouteString("dashboard");
}
