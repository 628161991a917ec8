using System.Net;
using System.Text.Json.Nodes;
using JobFinder.Ops.Emulator.Infrastructure;

namespace JobFinder.Ops.Emulator.Firestore;

/// <summary><c>POST /_emulator/firestore/seed {"project","database","collection","count"}</c>: adds
/// <c>count</c> generated job documents (ids <c>job-00000</c>...) in one call, so tests and the bench get a
/// large database without 50,000 REST writes. Admin-style (no auth, loopback only); installed as a
/// startup filter so it sits beside the admin API without changing it.</summary>
internal sealed class FirestoreSeedEndpoint : IStartupFilter
{
    public const string Path = "/_emulator/firestore/seed";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, nextMiddleware) =>
        {
            if (!HttpMethods.IsPost(context.Request.Method) || !context.Request.Path.Equals(Path, StringComparison.Ordinal))
            {
                await nextMiddleware(context);
                return;
            }
            try
            {
                var result = await SeedAsync(context);
                await GoogleJson.WriteAsync(context.Response, result);
            }
            catch (GoogleApiException error)
            {
                await error.ExecuteAsync(context);
            }
        });
        next(app);
    };

    private static async Task<JsonObject> SeedAsync(HttpContext context)
    {
        if (context.Connection.RemoteIpAddress is { } remote && !IPAddress.IsLoopback(remote))
        {
            throw GoogleErrors.PermissionDenied("The emulator admin API is served on loopback only.");
        }
        var body = await context.Request.ReadJsonObjectAsync();
        var store = context.RequestServices.GetRequiredService<FirestoreStore>();
        var project = (string?)body["project"] ?? throw GoogleErrors.InvalidArgument("project is required.", [("project", "required")]);
        if (!context.RequestServices.GetRequiredService<Hosting.EmulatorContext>().IsKnownProject(project))
        {
            throw GoogleErrors.NotFound($"Project {project} is not emulated.");
        }
        var database = (string?)body["database"] ?? FirestoreStore.DefaultDatabase;
        var collection = (string?)body["collection"] ?? throw GoogleErrors.InvalidArgument("collection is required.", [("collection", "required")]);
        var count = (int)(GoogleJson.ReadInt64(body["count"]) ?? throw GoogleErrors.InvalidArgument("count is required.", [("count", "required")]));
        var total = store.SeedDocuments(project, database, collection, count);
        return new JsonObject
        {
            ["project"] = project,
            ["database"] = database,
            ["collection"] = collection,
            ["seeded"] = count,
            ["documents"] = total,
        };
    }
}
