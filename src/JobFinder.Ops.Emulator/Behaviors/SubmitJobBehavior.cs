using System.Text.Json.Nodes;
using JobFinder.Ops.Emulator.Firestore;

namespace JobFinder.Ops.Emulator.Behaviors;

/// <summary><c>submitJob</c>: an authenticated user submits a posting (<c>url</c>, <c>companyName</c>,
/// optional <c>title</c>/<c>location</c>); it is checked against the stop list and written to <c>jobs</c>.
/// Returns <c>{success:true, jobId}</c>.</summary>
internal sealed class SubmitJobBehavior(FirestoreStore firestore) : CallableBehavior(firestore)
{
    public override string EntryPoint => "submitJob";

    protected override Task<JsonNode> CallAsync(CallableRequest request)
    {
        var user = request.RequireUser();
        var url = request.RequiredString("url");
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
        {
            throw CallableException.InvalidArgument($"'url' must be an http(s) URL, not '{url}'.");
        }
        var company = request.RequiredString("companyName", maxLength: 200);
        StopList.ThrowIfListed(request.Database, company, uri.Host);
        var jobId = FirestoreDocumentsApi.NewDocumentId();
        var now = Firestore.Now;
        var fields = new JsonObject
        {
            ["url"] = FirestoreValues.String(url),
            ["companyName"] = FirestoreValues.String(company),
            ["title"] = FirestoreValues.String(request.OptionalString("title") ?? "Untitled position"),
            ["location"] = FirestoreValues.String(request.OptionalString("location") ?? "Unknown"),
            ["status"] = FirestoreValues.String("new"),
            ["source"] = FirestoreValues.String("submitJob"),
            ["submittedBy"] = FirestoreValues.String(user.Uid),
            ["postedAt"] = FirestoreValues.Timestamp(now),
        };
        request.Database.Put($"jobs/{jobId}", _ => fields, now, mustExist: false);
        Firestore.NotifyChanged();
        return Task.FromResult<JsonNode>(new JsonObject { ["success"] = true, ["jobId"] = jobId });
    }
}

/// <summary>The backend's stop list, kept in <c>config/stopList</c>.</summary>
internal static class StopList
{
    public const string DocumentPath = "config/stopList";

    public static JsonObject Read(FirestoreDatabase database)
    {
        var document = database.Find(DocumentPath);
        var plain = document is null ? [] : FirestoreValues.PlainFields(document.Fields());
        return new JsonObject
        {
            ["excludedCompanies"] = plain["excludedCompanies"]?.DeepClone() ?? new JsonArray(),
            ["excludedKeywords"] = plain["excludedKeywords"]?.DeepClone() ?? new JsonArray(),
            ["excludedDomains"] = plain["excludedDomains"]?.DeepClone() ?? new JsonArray(),
        };
    }

    public static void ThrowIfListed(FirestoreDatabase database, string company, string host)
    {
        var list = Read(database);
        if (list["excludedCompanies"]!.AsArray().Any(c => string.Equals((string?)c, company, StringComparison.OrdinalIgnoreCase)))
        {
            throw new CallableException("FAILED_PRECONDITION", $"Company '{company}' is on the stop list.");
        }
        if (list["excludedDomains"]!.AsArray().Any(d => (string?)d is { } domain && (host == domain || host.EndsWith("." + domain, StringComparison.OrdinalIgnoreCase))))
        {
            throw new CallableException("FAILED_PRECONDITION", $"Domain '{host}' is on the stop list.");
        }
    }
}

/// <summary><c>getStopList</c>: the stop list as <c>{success:true, data:{excludedCompanies, excludedKeywords, excludedDomains}}</c>.</summary>
internal sealed class GetStopListBehavior(FirestoreStore firestore) : CallableBehavior(firestore)
{
    public override string EntryPoint => "getStopList";

    protected override Task<JsonNode> CallAsync(CallableRequest request) =>
        Task.FromResult<JsonNode>(new JsonObject { ["success"] = true, ["data"] = StopList.Read(request.Database) });
}
