using System.Text.Json.Nodes;
using JobFinder.Ops.Emulator.Infrastructure;

namespace JobFinder.Ops.Emulator.Rules;

/// <summary>Firebase Rules v1: <c>projects.test</c> (syntax issues with positions), rulesets
/// create/get/list/delete and releases get/list/create/patch/delete. Release names may contain slashes
/// (<c>firebase.storage/BUCKET</c>, <c>cloud.firestore/DB</c>), hence the catch-all route.</summary>
internal sealed class RulesApi(RulesStore store) : IEmulatorApi
{
    private const string Project = "v1/projects/{project}";
    private const int DefaultPageSize = 10;
    private const int MaxPageSize = 100;

    public string Label => "firebaserules";

    public void Map(IEndpointRouteBuilder routes)
    {
        routes.MapPost(Project + ":test", (Delegate)TestAsync).ReadStyleCall();
        routes.MapPost(Project + "/rulesets", (Delegate)CreateRulesetAsync);
        routes.MapGet(Project + "/rulesets", (HttpContext c) => ListRulesets(c));
        routes.MapGet(Project + "/rulesets/{ruleset}", (HttpContext c) => GoogleJson.Result(RulesetJson(store.GetRuleset(RulesetName(c)), withSource: true)));
        routes.MapDelete(Project + "/rulesets/{ruleset}", (HttpContext c) =>
        {
            store.DeleteRuleset(RulesetName(c));
            return GoogleJson.Result(new JsonObject());
        });
        routes.MapGet(Project + "/releases", (HttpContext c) => ListReleases(c));
        routes.MapPost(Project + "/releases", (Delegate)CreateReleaseAsync);
        routes.MapGet(Project + "/releases/{**release}", (HttpContext c) => GoogleJson.Result(ReleaseJson(store.GetRelease(ReleaseName(c)))));
        routes.MapPatch(Project + "/releases/{**release}", (Delegate)PatchReleaseAsync);
        routes.MapDelete(Project + "/releases/{**release}", (HttpContext c) =>
        {
            store.DeleteRelease(ReleaseName(c));
            return GoogleJson.Result(new JsonObject());
        });
    }

    private static async Task<IResult> TestAsync(HttpContext http)
    {
        var body = await http.Request.ReadJsonObjectAsync();
        var files = Files(body);
        if (body["testSuite"]?["testCases"] is JsonArray { Count: > 0 })
        {
            throw new GoogleApiException(RpcCode.Unimplemented,
                "The emulator checks rules syntax only; evaluating testSuite test cases is not supported.");
        }
        var issues = files.SelectMany(f => RulesSyntaxChecker.Check(f.Name, f.Content).Issues).ToList();
        var result = new JsonObject();
        if (issues.Count > 0)
        {
            result["issues"] = new JsonArray([.. issues.Select(i => (JsonNode)i.ToJson())]);
        }
        return GoogleJson.Result(result);
    }

    /// <summary>Creation is refused on the first ERROR issue, named as <c>file:line:col: description</c>.</summary>
    private async Task<IResult> CreateRulesetAsync(HttpContext http)
    {
        var body = await http.Request.ReadJsonObjectAsync();
        var files = Files(body);
        var services = new List<string>();
        foreach (var (file, index) in files.Select((f, i) => (f, i)))
        {
            var check = RulesSyntaxChecker.Check(file.Name, file.Content);
            if (check.Issues.FirstOrDefault(i => i.Severity == "ERROR") is { } issue)
            {
                throw GoogleErrors.InvalidArgument($"{issue}", [($"source.files[{index}].content", issue.ToString())]);
            }
            services.AddRange(check.Services);
        }
        var attachment = (string?)(body["attachmentPoint"] ?? body["attachment_point"]);
        var ruleset = store.CreateRuleset(http.RouteString("project"), (JsonArray)body["source"]!["files"]!,
            services.Distinct(StringComparer.Ordinal).ToList(), attachment);
        return GoogleJson.Result(RulesetJson(ruleset, withSource: true));
    }

    private IResult ListRulesets(HttpContext http)
    {
        var all = store.ListRulesets(http.RouteString("project"));
        var filter = http.Request.Query["filter"].ToString();
        var filtered = filter.Length == 0 ? all : all.Where(r => MatchesFilter(filter, r.Name, r.CreateTime)).ToList();
        var (page, next) = Paging.Page(filtered, http.Request, DefaultPageSize, MaxPageSize);
        var body = new JsonObject { ["rulesets"] = new JsonArray([.. page.Select(r => (JsonNode)RulesetJson(r, withSource: false))]) };
        if (next is not null)
        {
            body["nextPageToken"] = next;
        }
        return GoogleJson.Result(body);
    }

    private IResult ListReleases(HttpContext http)
    {
        var all = store.ListReleases(http.RouteString("project"));
        var filter = http.Request.Query["filter"].ToString();
        var filtered = filter.Length == 0 ? all : all.Where(r => MatchesReleaseFilter(filter, r)).ToList();
        var (page, next) = Paging.Page(filtered, http.Request, DefaultPageSize, MaxPageSize);
        var body = new JsonObject { ["releases"] = new JsonArray([.. page.Select(r => (JsonNode)ReleaseJson(r))]) };
        if (next is not null)
        {
            body["nextPageToken"] = next;
        }
        return GoogleJson.Result(body);
    }

    private async Task<IResult> CreateReleaseAsync(HttpContext http)
    {
        var project = http.RouteString("project");
        var body = await http.Request.ReadJsonObjectAsync();
        var name = Required(body, "name", "release.name");
        var prefix = $"projects/{project}/releases/";
        if (!name.StartsWith(prefix, StringComparison.Ordinal) || name.Length == prefix.Length)
        {
            throw GoogleErrors.InvalidArgument($"Release name '{name}' must be of the form {prefix}RELEASE_ID.", [("release.name", "invalid")]);
        }
        var release = store.CreateRelease(project, name[prefix.Length..], Required(body, "rulesetName", "release.ruleset_name"));
        return GoogleJson.Result(ReleaseJson(release));
    }

    /// <summary>The body is UpdateReleaseRequest <c>{release:{name, rulesetName}, updateMask}</c>; only the
    /// ruleset name can change.</summary>
    private async Task<IResult> PatchReleaseAsync(HttpContext http)
    {
        var name = ReleaseName(http);
        var body = await http.Request.ReadJsonObjectAsync();
        if (body["release"] is not JsonObject release)
        {
            throw GoogleErrors.InvalidArgument("The request body must be {\"release\": {...}, \"updateMask\": \"...\"}.", [("release", "required")]);
        }
        if ((string?)release["name"] is { } bodyName && bodyName != name)
        {
            throw GoogleErrors.InvalidArgument($"Release name '{bodyName}' does not match the URL ('{name}').", [("release.name", "must match the URL")]);
        }
        var mask = FieldMask.Parse((string?)(body["updateMask"] ?? body["update_mask"]));
        if (mask.Paths.Any(p => p is not ("rulesetName" or "name")))
        {
            throw GoogleErrors.InvalidArgument("Only ruleset_name can be updated.", [("update_mask", "only ruleset_name is supported")]);
        }
        return GoogleJson.Result(ReleaseJson(store.UpdateRelease(name, Required(release, "rulesetName", "release.ruleset_name"))));
    }

    private static List<(string Name, string Content)> Files(JsonObject body)
    {
        if (body["source"]?["files"] is not JsonArray { Count: > 0 } files)
        {
            throw GoogleErrors.InvalidArgument("source.files must contain at least one file.", [("source.files", "required")]);
        }
        return files.Select((f, i) => (
            (string?)f?["name"] ?? throw GoogleErrors.InvalidArgument($"source.files[{i}].name is required.", [($"source.files[{i}].name", "required")]),
            (string?)f?["content"] ?? throw GoogleErrors.InvalidArgument($"source.files[{i}].content is required.", [($"source.files[{i}].content", "required")])))
            .ToList();
    }

    private static JsonObject RulesetJson(StoredRuleset ruleset, bool withSource)
    {
        var json = new JsonObject { ["name"] = ruleset.Name };
        if (withSource)
        {
            json["source"] = new JsonObject { ["files"] = ruleset.Files.DeepClone() };
        }
        json["createTime"] = GoogleJson.Timestamp(ruleset.CreateTime);
        json["metadata"] = new JsonObject { ["services"] = new JsonArray([.. ruleset.Services.Select(s => (JsonNode)s)]) };
        if (ruleset.AttachmentPoint is not null)
        {
            json["attachmentPoint"] = ruleset.AttachmentPoint;
        }
        return json;
    }

    private static JsonObject ReleaseJson(StoredRelease release) => new()
    {
        ["name"] = release.Name,
        ["rulesetName"] = release.RulesetName,
        ["createTime"] = GoogleJson.Timestamp(release.CreateTime),
        ["updateTime"] = GoogleJson.Timestamp(release.UpdateTime),
    };

    /// <summary>Release filters per the API: <c>name=</c>, <c>ruleset_name=</c> (a trailing <c>*</c> is a prefix match).</summary>
    private static bool MatchesReleaseFilter(string filter, StoredRelease release) =>
        filter.Split(" AND ", StringSplitOptions.TrimEntries).All(term =>
        {
            var (field, value) = SplitTerm(term);
            return field switch
            {
                "name" => Matches(value, release.Name) || Matches(value, release.Id),
                "ruleset_name" or "rulesetName" => Matches(value, release.RulesetName) || Matches(value, release.RulesetName[(release.RulesetName.LastIndexOf('/') + 1)..]),
                _ => throw GoogleErrors.InvalidArgument($"Unsupported filter field '{field}'."),
            };
        });

    private static bool MatchesFilter(string filter, string name, DateTimeOffset createTime) =>
        filter.Split(" AND ", StringSplitOptions.TrimEntries).All(term =>
        {
            var (field, value) = SplitTerm(term);
            return field switch
            {
                "name" => Matches(value, name),
                "create_time" or "createTime" => GoogleJson.TryParseTimestamp(value, out var time) && createTime >= time,
                _ => throw GoogleErrors.InvalidArgument($"Unsupported filter field '{field}'."),
            };
        });

    private static (string Field, string Value) SplitTerm(string term)
    {
        var at = term.IndexOf('=');
        if (at <= 0)
        {
            throw GoogleErrors.InvalidArgument($"Invalid filter term '{term}'.");
        }
        return (term[..at].Trim(), term[(at + 1)..].Trim().Trim('"'));
    }

    private static bool Matches(string pattern, string value) =>
        pattern.EndsWith('*') ? value.StartsWith(pattern[..^1], StringComparison.Ordinal) : value == pattern;

    private static string Required(JsonObject body, string key, string field) =>
        (string?)body[key] is { Length: > 0 } value ? value : throw GoogleErrors.InvalidArgument($"{field} is required.", [(field, "required")]);

    private static string RulesetName(HttpContext http) => $"projects/{http.RouteString("project")}/rulesets/{http.RouteString("ruleset")}";

    private static string ReleaseName(HttpContext http) => $"projects/{http.RouteString("project")}/releases/{http.RouteString("release").Trim('/')}";
}
