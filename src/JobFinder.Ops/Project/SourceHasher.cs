using System.Security.Cryptography;
using System.Text;
using JobFinder.Ops.Model;

namespace JobFinder.Ops.Project;

/// <summary>The per-function source hash stored as the <see cref="LabelKey"/> label on the deployed
/// function: it covers the packaged source, the function's configuration, its plain environment
/// (names and values) and its secret names, so "same hash" means "deploying would change nothing".</summary>
public static class SourceHasher
{
    public const string LabelKey = "jobfinder-source-hash";

    /// <summary>Hex characters kept: label values are limited to 63 lowercase characters, so the 64-char
    /// SHA-256 is shortened to 160 bits, far beyond any collision risk for this use.</summary>
    public const int Length = 40;

    public static string Compute(SourceArchive archive, ProjectFunction function)
    {
        var text = new StringBuilder();
        Field(text, "format", "jobfinder-source-hash/v1");
        Field(text, "archive", archive.Sha256);
        Field(text, "id", function.Id);
        Field(text, "runtime", function.Runtime);
        Field(text, "entryPoint", function.EntryPoint);
        Field(text, "platform", function.Platform);
        Field(text, "regions", string.Join(",", function.Regions));
        Field(text, "trigger", $"{function.TriggerKind}:{function.TriggerDetail}");
        Field(text, "memory", function.AvailableMemoryMb?.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Field(text, "timeout", function.TimeoutSeconds?.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Field(text, "minInstances", function.MinInstances?.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Field(text, "maxInstances", function.MaxInstances?.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Field(text, "concurrency", function.Concurrency?.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Field(text, "cpu", function.Cpu);
        Field(text, "serviceAccount", function.ServiceAccount);
        Field(text, "ingress", function.IngressSettings);
        Field(text, "invoker", string.Join(",", function.Invoker));
        // Trigger settings added with code discovery; written only when set, so the hash of a function
        // without them is what it was before (no needless redeploy after an upgrade).
        foreach (var filter in function.EventFilters.OrderBy(f => f.Attribute, StringComparer.Ordinal))
        {
            Field(text, (filter.PathPattern ? "filterPattern:" : "filter:") + filter.Attribute, filter.Value);
        }

        OptionalField(text, "retry", function.Retry ? "true" : null);
        OptionalField(text, "triggerRegion", function.TriggerRegion);
        OptionalField(text, "triggerServiceAccount", function.TriggerServiceAccount);
        OptionalField(text, "timeZone", function.ScheduleTimeZone);
        OptionalField(text, "scheduleRetry", function.ScheduleRetry?.ToString());
        foreach (var label in function.Labels.Where(l => l.Key != LabelKey).OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            Field(text, "label:" + label.Key, label.Value);
        }

        foreach (var variable in function.EnvironmentVariables.OrderBy(v => v.Name, StringComparer.Ordinal))
        {
            Field(text, "env:" + variable.Name, variable.Value);
        }

        foreach (var secret in function.SecretEnvironmentVariables.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            Field(text, "secret:" + secret.Key, secret.Secret);
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()));
        return Convert.ToHexStringLower(hash)[..Length];
    }

    private static void OptionalField(StringBuilder text, string name, string? value)
    {
        if (value is not null)
        {
            Field(text, name, value);
        }
    }

    // Length-prefixed so no value can imitate a field boundary ("a=b\nc" vs "a" + "b\nc").
    private static void Field(StringBuilder text, string name, string? value)
    {
        value ??= "\0";
        text.Append(name.Length).Append(':').Append(name).Append('=').Append(value.Length).Append(':').Append(value).Append('\n');
    }
}
