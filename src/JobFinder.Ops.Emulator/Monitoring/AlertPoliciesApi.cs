using System.Text.Json.Nodes;
using JobFinder.Ops.Emulator.Infrastructure;

namespace JobFinder.Ops.Emulator.Monitoring;

/// <summary>Monitoring v3 alertPolicies: create/list/get/patch/delete with the API's validation,
/// server-assigned policy and condition names, creation/mutation records, and the documented patch
/// semantics (mask: listed fields set or reset; no mask: replace, condition names kept only if sent).</summary>
internal sealed class AlertPoliciesApi(MonitoringStore store) : IEmulatorApi
{
    private const string Collection = "v3/projects/{project}/alertPolicies";
    private const string Kind = "Alert policy";
    private static readonly string[] ServerFields = ["name", "creationRecord", "mutationRecord", "validity"];

    public string Label => "monitoring";

    public void Map(IEndpointRouteBuilder routes)
    {
        routes.MapPost(Collection, (Delegate)CreateAsync);
        routes.MapGet(Collection, (HttpContext c) =>
            MonitoringFilter.Page(c.Request, "alertPolicies", store.AlertPolicies.List(Prefix(c)), withTotalSize: true));
        routes.MapGet(Collection + "/{policy}", (HttpContext c) => GoogleJson.Result(store.AlertPolicies.Get(PolicyName(c), Kind)));
        routes.MapPatch(Collection + "/{policy}", (Delegate)PatchAsync);
        routes.MapDelete(Collection + "/{policy}", (HttpContext c) =>
        {
            store.AlertPolicies.Remove(PolicyName(c), Kind);
            store.MarkChanged();
            return GoogleJson.Result(new JsonObject());
        });
    }

    private async Task<IResult> CreateAsync(HttpContext http)
    {
        var policy = await http.Request.ReadJsonObjectAsync();
        foreach (var field in ServerFields)
        {
            policy.Remove(field);
        }
        var name = Prefix(http) + MonitoringStore.NewNumericId();
        policy.Insert(0, "name", name);
        policy["enabled"] ??= true;
        Prepare(policy, name, http.RouteString("project"));
        var record = store.MutationRecord(http);
        policy["creationRecord"] = record.DeepClone();
        policy["mutationRecord"] = record;
        store.AlertPolicies.Add(name, policy);
        store.MarkChanged();
        return GoogleJson.Result(policy);
    }

    private async Task<IResult> PatchAsync(HttpContext http)
    {
        var name = PolicyName(http);
        var body = await http.Request.ReadJsonObjectAsync();
        var mask = FieldMask.Parse(http.Request.Query["updateMask"].ToString());
        var updated = store.AlertPolicies.Update(name, Kind, current =>
        {
            JsonObject next;
            if (mask.IsEmpty)
            {
                next = (JsonObject)body.DeepClone();
                foreach (var field in ServerFields)
                {
                    next.Remove(field);
                }
                next.Insert(0, "name", name);
                next["creationRecord"] = current["creationRecord"]?.DeepClone();
                next["enabled"] ??= true;
            }
            else
            {
                next = current;
                mask.Apply(next, body, ignored: ServerFields);
            }
            Prepare(next, name, http.RouteString("project"));
            next["mutationRecord"] = store.MutationRecord(http);
            return next;
        });
        store.MarkChanged();
        return GoogleJson.Result(updated);
    }

    /// <summary>Validates, checks referenced channels exist, and names conditions that have no name yet.</summary>
    private void Prepare(JsonObject policy, string name, string project)
    {
        AlertPolicyValidator.ThrowIfInvalid(policy);
        var channels = policy["notificationChannels"] as JsonArray ?? [];
        for (var i = 0; i < channels.Count; i++)
        {
            var channel = (string?)channels[i];
            if (channel is null || !channel.StartsWith($"projects/{project}/notificationChannels/", StringComparison.Ordinal) || !store.NotificationChannels.Contains(channel))
            {
                throw GoogleErrors.InvalidArgument($"Notification channel {channel} does not exist.", [($"notificationChannels[{i}]", "unknown notification channel")]);
            }
        }
        foreach (var condition in (policy["conditions"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var conditionName = (string?)condition["name"];
            if (conditionName is null || !conditionName.StartsWith(name + "/conditions/", StringComparison.Ordinal))
            {
                condition.Remove("name");
                condition.Insert(0, "name", $"{name}/conditions/{MonitoringStore.NewNumericId()}");
            }
        }
    }

    private static string Prefix(HttpContext http) => $"projects/{http.RouteString("project")}/alertPolicies/";

    private static string PolicyName(HttpContext http) => Prefix(http) + http.RouteString("policy");
}
