using System.Text.RegularExpressions;

namespace JobFinder.Ops.Monitoring.Specs;

/// <summary>Reads the <c>notificationChannels:</c> section. Labels that are credentials (a Slack
/// <c>auth_token</c>, a token-auth webhook <c>url</c>, passwords and service keys) must be given as
/// <c>secretLabels</c> naming an environment variable; an inline value is refused so it never sits in a
/// repository.</summary>
internal static partial class ChannelSpecReader
{
    private static readonly string[] s_keys = ["name", "type", "displayName", "description", "enabled", "labels", "secretLabels"];

    /// <summary>Per known type: labels that must be present (inline or secret) and which of them are credentials.</summary>
    private static readonly Dictionary<string, (string[] Required, string[] Secret)> s_types = new(StringComparer.Ordinal)
    {
        ["email"] = (["email_address"], []),
        ["webhook_tokenauth"] = (["url"], ["url"]),
        ["webhook_basicauth"] = (["url", "username", "password"], ["password"]),
        ["slack"] = (["channel_name", "auth_token"], ["auth_token"]),
        ["pagerduty"] = (["service_key"], ["service_key"]),
        ["sms"] = (["number"], []),
        ["pubsub"] = (["topic"], []),
    };

    private static readonly HashSet<string> s_alwaysSecret = new(StringComparer.Ordinal) { "auth_token", "password", "service_key", "token" };

    /// <summary>Whether a channel label holds a credential (never inline, never exported).</summary>
    public static bool IsSecretLabel(string type, string label) =>
        s_alwaysSecret.Contains(label) || (s_types.TryGetValue(type, out var rules) && rules.Secret.Contains(label));

    public static IReadOnlyList<ChannelSpec> Read(SpecDocument document, SpecNode? node)
    {
        if (node is null or SpecScalar { IsNull: true })
        {
            return [];
        }

        var items = node as SpecSequence ?? throw document.Error(MonitoringErrorIds.ChannelInvalid, node, $"'notificationChannels' must be a list, not {node.KindName}.");
        var channels = new List<ChannelSpec>();
        foreach (var item in items.Items)
        {
            var channel = ReadOne(document, item);
            if (channels.Any(c => c.Key == channel.Key))
            {
                throw document.Error(MonitoringErrorIds.ChannelInvalid, item, $"Notification channel '{channel.Key}' is declared twice.");
            }

            channels.Add(channel);
        }

        return channels;
    }

    private static ChannelSpec ReadOne(SpecDocument document, SpecNode item)
    {
        var section = new SpecSection(document, item, MonitoringErrorIds.ChannelInvalid, $"notification channel at {item.Path}", s_keys);
        var key = section.RequiredString("name");
        section.Subject = $"notification channel '{key}'";
        if (!GcpNames.IsLabelValue(key))
        {
            throw section.Error(section["name"]!, "'name' must be lower-case letters, digits, '-' or '_', starting with a letter (it is stored as a label).");
        }

        var type = section.RequiredString("type");
        var labels = section.StringMap("labels");
        var secrets = section.StringMap("secretLabels");
        var (required, secret) = s_types.TryGetValue(type, out var rules) ? rules : ([], []);
        foreach (var label in labels.Keys.Where(l => secret.Contains(l) || s_alwaysSecret.Contains(l)))
        {
            throw section.Error(section["labels"]!, $"label '{label}' is a credential; do not write it in the file. Put it in an environment variable and name that variable under secretLabels: {{ {label}: MY_ENV_VAR }}.");
        }

        foreach (var (label, variable) in secrets)
        {
            if (labels.ContainsKey(label))
            {
                throw section.Error(section["secretLabels"]!, $"label '{label}' is given both inline and as a secret.");
            }

            if (!EnvironmentVariableName().IsMatch(variable))
            {
                throw section.Error(section["secretLabels"]!, $"secretLabels.{label} must name an environment variable (letters, digits, '_'), not a value.");
            }
        }

        foreach (var label in required.Where(l => !labels.ContainsKey(l) && !secrets.ContainsKey(l)))
        {
            var where = secret.Contains(label) ? "secretLabels" : "labels";
            throw section.Error($"a {type} channel needs the label '{label}' (under {where}).");
        }

        var source = new SourcePositions(document, section.Subject);
        source.Add("", item);
        return new ChannelSpec(key, type, section.OptionalString("displayName") ?? key, section.OptionalString("description"), section.OptionalBool("enabled", true), labels, secrets, source);
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex EnvironmentVariableName();
}
