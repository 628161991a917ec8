using System.Globalization;
using System.Text.Json.Nodes;
using JobFinder.Ops.Emulator.Hosting;
using JobFinder.Ops.Emulator.Infrastructure;
using JobFinder.Ops.Emulator.Infrastructure.Operations;
using JobFinder.Ops.Emulator.Infrastructure.Persistence;
using JobFinder.Ops.Emulator.Infrastructure.Quotas;
using JobFinder.Ops.Emulator.Scheduler;

namespace JobFinder.Ops.Emulator.Admin;

/// <summary><c>/_emulator/*</c>: info, transient faults, operation faults, the request log, reset.
/// No authentication; refused unless the caller is on loopback.</summary>
public static class AdminApi
{
    private static readonly string[] KnownApis = ["run", "cloudfunctions", "firestore", "firebaserules", "monitoring", "storage", "artifactregistry", "identitytoolkit", "cloudscheduler", "secretmanager", "*"];

    public static void Map(IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/_emulator").AddEndpointFilter(async (ctx, next) =>
        {
            var remote = ctx.HttpContext.Connection.RemoteIpAddress;
            if (remote is not null && !System.Net.IPAddress.IsLoopback(remote))
            {
                return GoogleErrors.PermissionDenied("The emulator admin API is served on loopback only.");
            }

            return await next(ctx).ConfigureAwait(false);
        });

        admin.MapGet("/info", (EmulatorContext context, SchedulerClock scheduler) => GoogleJson.Result(EmulatorInfo.ToJson(context, scheduler)));

        // The Cloud Scheduler time scale (tests make a daily job fire within a second).
        admin.MapPost("/scheduler", async (HttpContext http, SchedulerClock scheduler) =>
        {
            var body = await http.Request.ReadJsonObjectAsync().ConfigureAwait(false);
            var scale = body["timeScale"]?.GetValue<double>() ?? double.NaN;
            if (!(scale >= 1 && scale <= 10_000_000))
            {
                throw GoogleErrors.InvalidArgument("timeScale must be a number from 1 (real time) to 10000000.", [("timeScale", "out of range")]);
            }

            scheduler.TimeScale = scale;
            return GoogleJson.Result(new JsonObject { ["timeScale"] = scheduler.TimeScale });
        });

        admin.MapPost("/faults", async (HttpContext http, FaultInjection faults) =>
        {
            var body = await http.Request.ReadJsonObjectAsync().ConfigureAwait(false);
            var rule = ParseFaultRule(body);
            faults.Set(rule);
            return GoogleJson.Result(new JsonObject { ["faults"] = new JsonArray(faults.Snapshot().Select(f => (JsonNode)f.ToJson()).ToArray()) });
        });
        admin.MapGet("/faults", (FaultInjection faults) =>
            GoogleJson.Result(new JsonObject { ["faults"] = new JsonArray(faults.Snapshot().Select(f => (JsonNode)f.ToJson()).ToArray()) }));
        admin.MapDelete("/faults", (FaultInjection faults) =>
        {
            faults.Clear();
            return Results.NoContent();
        });

        admin.MapPost("/operation-faults", async (HttpContext http, OperationFaults faults) =>
        {
            var body = await http.Request.ReadJsonObjectAsync().ConfigureAwait(false);
            faults.Add(ParseOperationFault(body));
            return GoogleJson.Result(OperationFaultsJson(faults));
        });
        admin.MapGet("/operation-faults", (OperationFaults faults) => GoogleJson.Result(OperationFaultsJson(faults)));
        admin.MapDelete("/operation-faults", (OperationFaults faults) =>
        {
            faults.Clear();
            return Results.NoContent();
        });

        admin.MapGet("/requests", (RequestLog log) =>
            GoogleJson.Result(new JsonObject { ["requests"] = new JsonArray(log.Snapshot().Select(e => (JsonNode)e.ToJson()).ToArray()) }));
        admin.MapDelete("/requests", (RequestLog log) =>
        {
            log.Clear();
            return Results.NoContent();
        });

        admin.MapPost("/reset", (StatePersistence persistence, FaultInjection faults, OperationFaults operationFaults, RequestLog log, RateQuotaLedger quotas) =>
        {
            faults.Clear();
            quotas.Clear();
            operationFaults.Clear();
            persistence.ResetAll();
            log.Clear();
            return GoogleJson.Result(new JsonObject { ["reset"] = true });
        });
    }

    private static FaultRule ParseFaultRule(JsonObject body)
    {
        var api = RequireApi(body);
        var rate = body["rate"]?.GetValue<double>() ?? 1.0;
        if (rate is < 0 or > 1)
        {
            throw GoogleErrors.InvalidArgument("rate must be between 0 and 1.", [("rate", "out of range")]);
        }

        var codes = body["codes"] is JsonArray array ? array.Select(c => c!.GetValue<int>()).ToList() : [503];
        if (codes.Count == 0 || codes.Any(c => c is < 400 or > 599))
        {
            throw GoogleErrors.InvalidArgument("codes must be HTTP error statuses (400-599).", [("codes", "invalid")]);
        }

        return new FaultRule(api, rate, codes, body["retryAfterSeconds"]?.GetValue<int>() ?? 0);
    }

    private static OperationFault ParseOperationFault(JsonObject body)
    {
        var api = RequireApi(body);
        var kind = body["kind"]?.GetValue<string>() ?? "fail";
        if (kind is not ("fail" or "slow"))
        {
            throw GoogleErrors.InvalidArgument("kind must be \"fail\" or \"slow\".", [("kind", "invalid")]);
        }

        return new OperationFault
        {
            Api = api,
            Kind = kind,
            Remaining = Math.Max(1, body["count"]?.GetValue<int>() ?? 1),
            Delay = TimeSpan.FromMilliseconds(body["delayMs"]?.GetValue<long>() ?? 5000),
            Message = body["message"]?.GetValue<string>() ?? "Injected operation failure.",
            Code = body["code"]?.GetValue<int>() ?? RpcCode.Internal.Number,
        };
    }

    private static string RequireApi(JsonObject body)
    {
        var api = body["api"]?.GetValue<string>() ?? "*";
        if (!KnownApis.Contains(api, StringComparer.OrdinalIgnoreCase))
        {
            throw GoogleErrors.InvalidArgument(
                string.Create(CultureInfo.InvariantCulture, $"Unknown api \"{api}\"; expected one of {string.Join(", ", KnownApis)}."),
                [("api", "unknown")]);
        }

        return api.ToLowerInvariant();
    }

    private static JsonObject OperationFaultsJson(OperationFaults faults) =>
        new() { ["operationFaults"] = new JsonArray(faults.Snapshot().Select(f => (JsonNode)f.ToJson()).ToArray()) };
}
