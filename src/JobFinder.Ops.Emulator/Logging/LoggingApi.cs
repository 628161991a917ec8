using System.Text.Json.Nodes;
using JobFinder.Ops.Emulator.Hosting;
using JobFinder.Ops.Emulator.Infrastructure;

namespace JobFinder.Ops.Emulator.Logging;

/// <summary>Cloud Logging v2 <c>POST v2/entries:list</c> (shared/api/logging-v2.json, ListLogEntriesRequest):
/// <c>resourceNames</c> (<c>projects/ID</c>; required unless the deprecated <c>projectIds</c> is given),
/// <c>filter</c> (see <see cref="LoggingFilter"/>), <c>orderBy</c> (<c>timestamp asc</c> default or
/// <c>timestamp desc</c>), <c>pageSize</c> (default 50, at most 1000) and <c>pageToken</c>.</summary>
internal sealed class LoggingApi(LogEntryStore store, EmulatorContext context) : IEmulatorApi
{
    public string Label => "logging";

    public void Map(IEndpointRouteBuilder routes) =>
        routes.MapPost("v2/entries:list", (Delegate)ListAsync).ReadStyleCall();

    private async Task<IResult> ListAsync(HttpContext http)
    {
        var body = await http.Request.ReadJsonObjectAsync().ConfigureAwait(false);
        var projects = Projects(body);
        var descending = (body["orderBy"]?.ToString() ?? "timestamp asc").Trim().ToLowerInvariant() switch
        {
            "timestamp asc" or "" => false,
            "timestamp desc" => true,
            var other => throw GoogleErrors.InvalidArgument($"orderBy must be \"timestamp asc\" or \"timestamp desc\", not \"{other}\".", [("orderBy", "unsupported")]),
        };
        var size = (int)(GoogleJson.ReadInt64(body["pageSize"]) ?? 50);
        if (size < 0)
        {
            throw GoogleErrors.InvalidArgument("pageSize must not be negative.", [("pageSize", "negative")]);
        }

        size = size == 0 ? 50 : Math.Min(size, 1000);
        var matches = store.Query(projects, LoggingFilter.Parse(body["filter"]?.ToString()));
        var ordered = descending
            ? matches.OrderByDescending(e => e.Timestamp).ThenByDescending(e => e.Sequence).ToList()
            : matches.OrderBy(e => e.Timestamp).ThenBy(e => e.Sequence).ToList();
        var offset = body["pageToken"]?.ToString() is { Length: > 0 } token ? Paging.DecodeToken(token) : 0;
        var page = ordered.Skip(offset).Take(size).ToList();
        var result = new JsonObject();
        if (page.Count > 0)
        {
            result["entries"] = new JsonArray([.. page.Select(e => (JsonNode)e.Entry)]);
        }

        if (offset + page.Count < ordered.Count)
        {
            result["nextPageToken"] = Paging.EncodeToken(offset + page.Count);
        }

        return GoogleJson.Result(result);
    }

    private HashSet<string> Projects(JsonObject body)
    {
        var names = (body["resourceNames"] as JsonArray ?? []).Select(n => n?.ToString() ?? string.Empty).ToList();
        var projects = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            var parts = name.Split('/');
            if (parts.Length != 2 || parts[0] != "projects" || parts[1].Length == 0)
            {
                throw GoogleErrors.InvalidArgument($"Invalid resource name \"{name}\": expected projects/PROJECT_ID (folders, organizations and billing accounts have no entries here).", [("resourceNames", "invalid")]);
            }

            projects.Add(parts[1]);
        }

        foreach (var id in body["projectIds"] as JsonArray ?? [])
        {
            projects.Add(id?.ToString() ?? string.Empty);
        }

        if (projects.Count == 0)
        {
            throw GoogleErrors.InvalidArgument("resourceNames is required: name at least one projects/PROJECT_ID.", [("resourceNames", "required")]);
        }

        if (projects.FirstOrDefault(p => !context.IsKnownProject(p)) is { } unknown)
        {
            throw GoogleErrors.PermissionDenied($"The caller does not have permission to read logs of project {unknown}.");
        }

        return projects;
    }
}
