using System.Text.Json.Nodes;
using JobFinder.Ops.Emulator.Infrastructure;

namespace JobFinder.Ops.Emulator.Monitoring;

/// <summary>Monitoring v3 notificationChannels CRUD. Labels are checked against the channel type's
/// descriptor (required and known keys); sensitive labels (tokens, passwords) are stored but never
/// returned, as the API obscures them. Deleting a channel a policy uses needs <c>force=true</c>.</summary>
internal sealed class NotificationChannelsApi(MonitoringStore store) : IEmulatorApi
{
    private const string Collection = "v3/projects/{project}/notificationChannels";
    private const string Kind = "Notification channel";
    private const string Obscured = "**************";
    private static readonly string[] ServerFields = ["name", "creationRecord", "mutationRecords", "verificationStatus"];

    /// <summary>Label keys per type: (required, optional, sensitive).</summary>
    private static readonly Dictionary<string, (string[] Required, string[] Optional, string[] Sensitive)> Types = new(StringComparer.Ordinal)
    {
        ["email"] = (["email_address"], [], []),
        ["webhook_tokenauth"] = (["url"], [], []),
        ["webhook_basicauth"] = (["url", "username", "password"], [], ["password"]),
        ["slack"] = (["channel_name"], ["auth_token", "team"], ["auth_token"]),
        ["pubsub"] = (["topic"], [], []),
        ["sms"] = (["number"], [], []),
        ["pagerduty"] = (["service_key"], [], ["service_key"]),
    };

    public string Label => "monitoring";

    public void Map(IEndpointRouteBuilder routes)
    {
        routes.MapPost(Collection, (Delegate)CreateAsync);
        routes.MapGet(Collection, (HttpContext c) =>
            MonitoringFilter.Page(c.Request, "notificationChannels", store.NotificationChannels.List(Prefix(c)).Select(Redact).ToList(), withTotalSize: true));
        routes.MapGet(Collection + "/{channel}", (HttpContext c) => GoogleJson.Result(Redact(store.NotificationChannels.Get(ChannelName(c), Kind))));
        routes.MapPatch(Collection + "/{channel}", (Delegate)PatchAsync);
        routes.MapDelete(Collection + "/{channel}", (HttpContext c) => Delete(c));
    }

    private async Task<IResult> CreateAsync(HttpContext http)
    {
        var channel = await http.Request.ReadJsonObjectAsync();
        foreach (var field in ServerFields)
        {
            channel.Remove(field);
        }
        Validate(channel);
        var name = Prefix(http) + MonitoringStore.NewNumericId();
        channel.Insert(0, "name", name);
        channel["enabled"] ??= true;
        var record = store.MutationRecord(http);
        channel["creationRecord"] = record.DeepClone();
        channel["mutationRecords"] = new JsonArray(record);
        store.NotificationChannels.Add(name, channel);
        store.MarkChanged();
        return GoogleJson.Result(Redact(channel));
    }

    private async Task<IResult> PatchAsync(HttpContext http)
    {
        var name = ChannelName(http);
        var body = await http.Request.ReadJsonObjectAsync();
        var mask = FieldMask.Parse(http.Request.Query["updateMask"].ToString());
        var updated = store.NotificationChannels.Update(name, Kind, current =>
        {
            var next = (JsonObject)current.DeepClone();
            if (mask.IsEmpty)
            {
                foreach (var (key, value) in body.Where(p => !ServerFields.Contains(p.Key)).ToList())
                {
                    next[key] = value?.DeepClone();
                }
            }
            else
            {
                mask.Apply(next, body, ignored: ServerFields);
            }
            KeepObscuredSecrets(current, next);
            Validate(next);
            var records = next["mutationRecords"] as JsonArray ?? [];
            records.Add(store.MutationRecord(http));
            next["mutationRecords"] = records;
            return next;
        });
        store.MarkChanged();
        return GoogleJson.Result(Redact(updated));
    }

    private IResult Delete(HttpContext http)
    {
        var name = ChannelName(http);
        store.NotificationChannels.Get(name, Kind);
        var force = http.Request.Query["force"].ToString() == "true";
        var users = store.AlertPolicies.List($"projects/{http.RouteString("project")}/alertPolicies/")
            .Where(p => (p["notificationChannels"] as JsonArray ?? []).Any(c => (string?)c == name)).ToList();
        if (users.Count > 0 && !force)
        {
            throw GoogleErrors.FailedPrecondition(
                $"Notification channel {name} is referenced by alert policy {(string?)users[0]["name"]}; delete with force=true to remove it anyway.");
        }
        foreach (var policy in users)
        {
            store.AlertPolicies.Update((string)policy["name"]!, "Alert policy", p =>
            {
                p["notificationChannels"] = new JsonArray([.. (p["notificationChannels"] as JsonArray ?? []).Where(c => (string?)c != name).Select(c => c!.DeepClone())]);
                return p;
            });
        }
        store.NotificationChannels.Remove(name, Kind);
        store.MarkChanged();
        return GoogleJson.Result(new JsonObject());
    }

    private static void Validate(JsonObject channel)
    {
        var violations = new List<(string, string)>();
        var type = (string?)channel["type"];
        if (type is null || !Types.TryGetValue(type, out var descriptor))
        {
            violations.Add(("type", $"Unknown notification channel type '{type}'. Known: {string.Join(", ", Types.Keys)}."));
        }
        else
        {
            var labels = channel["labels"] as JsonObject ?? [];
            violations.AddRange(descriptor.Required.Where(k => (string?)labels[k] is not { Length: > 0 })
                .Select(k => ($"labels.{k}", $"Label '{k}' is required for type {type}.")));
            violations.AddRange(labels.Select(l => l.Key).Where(k => !descriptor.Required.Contains(k) && !descriptor.Optional.Contains(k))
                .Select(k => ($"labels.{k}", $"Label '{k}' is not defined for type {type}.")));
            if (type == "email" && (string?)labels["email_address"] is { } email && !email.Contains('@'))
            {
                violations.Add(("labels.email_address", $"'{email}' is not an email address."));
            }
            if (type.StartsWith("webhook", StringComparison.Ordinal) && (string?)labels["url"] is { } url && !Uri.TryCreate(url, UriKind.Absolute, out _))
            {
                violations.Add(("labels.url", $"'{url}' is not an absolute URL."));
            }
        }
        if (violations.Count > 0)
        {
            throw GoogleErrors.InvalidArgument($"Field {violations[0].Item1} is invalid: {violations[0].Item2}", violations);
        }
    }

    /// <summary>A client that read a channel sends the obscured value back: keep the stored secret.</summary>
    private static void KeepObscuredSecrets(JsonObject current, JsonObject next)
    {
        if (next["labels"] is not JsonObject labels || current["labels"] is not JsonObject stored)
        {
            return;
        }
        foreach (var (key, value) in labels.ToList())
        {
            if ((string?)value == Obscured && stored[key] is { } secret)
            {
                labels[key] = secret.DeepClone();
            }
        }
    }

    private static JsonObject Redact(JsonObject channel)
    {
        if ((string?)channel["type"] is { } type && Types.TryGetValue(type, out var descriptor) && channel["labels"] is JsonObject labels)
        {
            foreach (var key in descriptor.Sensitive.Where(labels.ContainsKey))
            {
                labels[key] = Obscured;
            }
        }
        return channel;
    }

    private static string Prefix(HttpContext http) => $"projects/{http.RouteString("project")}/notificationChannels/";

    private static string ChannelName(HttpContext http) => Prefix(http) + http.RouteString("channel");
}
