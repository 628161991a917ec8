using System.Globalization;
using System.Text.Json.Nodes;
using JobFinder.Ops.Emulator.Run;

namespace JobFinder.Ops.Emulator.Runtime.Workers;

/// <summary>Everything a revision's worker is started with, read from the revision as Cloud Run reads its
/// template: memory limit, request timeout, instances × concurrency, environment, entry point, source, and the
/// secrets its instances read at start as the revision's service account.</summary>
public sealed record WorkerLaunch(
    string ProjectId,
    string Location,
    string ServiceId,
    string RevisionId,
    string FunctionId,
    string EntryPoint,
    IReadOnlyDictionary<string, string> Environment,
    string? SourceLocation,
    long MemoryLimitBytes,
    TimeSpan Timeout,
    int MaxInstances,
    int Concurrency)
{
    /// <summary>The revision's full resource name, the pool's key.</summary>
    public string RevisionName => $"projects/{ProjectId}/locations/{Location}/services/{ServiceId}/revisions/{RevisionId}";

    /// <summary>Requests the revision may serve at once: Cloud Run answers 429 when every instance is at its
    /// concurrency (https://cloud.google.com/run/docs/about-concurrency, "maximum instances").</summary>
    public int Capacity => Math.Max(1, MaxInstances) * Math.Max(1, Concurrency);

    /// <summary>The template's <c>env[].valueSource.secretKeyRef</c> entries, resolved at each instance start.</summary>
    public IReadOnlyList<SecretEnvReference> Secrets { get; init; } = [];

    /// <summary>The revision's runtime identity (template <c>serviceAccount</c>): what reads the secrets.</summary>
    public string ServiceAccount { get; init; } = string.Empty;

    public long MemoryLimitMegabytes => Math.Max(64, MemoryLimitBytes / (1024 * 1024));

    public static WorkerLaunch Of(string project, string location, string serviceId, RunRevision revision)
    {
        var container = (revision.Template["containers"] as JsonArray)?.FirstOrDefault() as JsonObject;
        var memory = container?["resources"]?["limits"]?["memory"]?.ToString();
        var maxInstances = (int?)(revision.Template["scaling"]?["maxInstanceCount"]?.GetValue<int>()) ?? 100;
        var concurrency = (int?)(revision.Template["maxInstanceRequestConcurrency"]?.GetValue<int>()) ?? 80;
        return new WorkerLaunch(
            project,
            location,
            serviceId,
            revision.Id,
            revision.FunctionId,
            revision.EntryPoint,
            revision.Environment,
            revision.SourceLocation,
            ParseMemory(memory),
            TimeSpan.FromSeconds(revision.TimeoutSeconds > 0 ? revision.TimeoutSeconds : 300),
            maxInstances > 0 ? maxInstances : 100,
            concurrency > 0 ? concurrency : 80)
        {
            Secrets = SecretEnvReference.In(revision.Template),
            ServiceAccount = revision.Template["serviceAccount"]?.GetValue<string>() ?? Infrastructure.ProjectNumbers.ComputeServiceAccount(project),
        };
    }

    /// <summary>Kubernetes quantities as Cloud Run takes them ("256Mi", "1Gi", "512M", "2G"); 512 MiB when
    /// absent (Cloud Run's default) or unreadable.</summary>
    public static long ParseMemory(string? quantity)
    {
        const long fallback = 512L * 1024 * 1024;
        if (string.IsNullOrWhiteSpace(quantity))
        {
            return fallback;
        }

        var text = quantity.Trim();
        (string Suffix, long Factor)[] units = [("Ki", 1024L), ("Mi", 1024L * 1024), ("Gi", 1024L * 1024 * 1024), ("k", 1000L), ("M", 1000L * 1000), ("G", 1000L * 1000 * 1000)];
        foreach (var (suffix, factor) in units)
        {
            if (text.EndsWith(suffix, StringComparison.Ordinal)
                && double.TryParse(text[..^suffix.Length], NumberStyles.Float, CultureInfo.InvariantCulture, out var amount))
            {
                return (long)(amount * factor);
            }
        }

        return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var bytes) ? bytes : fallback;
    }
}
