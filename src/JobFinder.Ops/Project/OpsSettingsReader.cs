using JobFinder.Ops.Model;

namespace JobFinder.Ops.Project;

/// <summary>Reads <c>jobfinder.ops.json</c> and resolves it for one environment: defaults, then the
/// file's top-level sections, then <c>environments.&lt;alias&gt;</c>, then <c>environments.&lt;projectId&gt;</c>.
/// Unknown properties are errors (a typo must not silently keep a default).</summary>
internal static class OpsSettingsReader
{
    public const string FileName = "jobfinder.ops.json";
    public const string DefaultAlertPolicyFile = "monitoring-config.yaml";

    private static readonly ConfigErrorIds ErrorIds = new("OpsSettingsMalformed", "OpsSettingsInvalid", "OpsSettingsUnknownProperty");

    private static readonly string[] SectionKeys = ["region", "backup", "rollout", "analysis", "smoke", "monitoring"];

    /// <summary>The settings a project without the file gets.</summary>
    public static OpsSettings Defaults(string projectId, string rootPath)
    {
        var policyFile = Path.Combine(rootPath, DefaultAlertPolicyFile);
        return new OpsSettings
        {
            Backup = new BackupSettings { Bucket = $"gs://{projectId}-backups" },
            Monitoring = new MonitoringSettings { AlertPolicyFile = File.Exists(policyFile) ? policyFile : null },
        };
    }

    /// <summary>Reads the file at <paramref name="path"/> for <paramref name="alias"/>/<paramref name="projectId"/>;
    /// relative paths resolve against <paramref name="rootPath"/>. When <paramref name="knownEnvironments"/>
    /// (aliases and project ids of .firebaserc) is non-empty, an <c>environments</c> key outside it is
    /// reported as an unknown property (a misspelt environment).</summary>
    public static OpsSettings Read(string path, string rootPath, string? alias, string projectId, IReadOnlyCollection<string> knownEnvironments)
    {
        using var file = JsonConfigFile.Load(path, ErrorIds);
        var root = file.Root.RequireObject("the ops settings");
        root.EnsureKnown([.. SectionKeys, "environments"]);
        var settings = ApplySections(Defaults(projectId, rootPath), root, rootPath);
        if (root.Object("environments") is not { } environments)
        {
            return settings;
        }

        if (knownEnvironments.Count > 0)
        {
            environments.EnsureKnown([.. knownEnvironments]);
        }

        foreach (var key in new[] { alias, projectId }.OfType<string>().Distinct())
        {
            if (environments.Object(key) is { } section)
            {
                section.EnsureKnown(SectionKeys);
                settings = ApplySections(settings, section, rootPath);
            }
        }

        return settings;
    }

    private static OpsSettings ApplySections(OpsSettings settings, JsonSection section, string rootPath) => settings with
    {
        Region = section.NonEmpty("region") ?? settings.Region,
        Backup = section.Object("backup") is { } b ? BackupSectionBinder.Apply(settings.Backup, b) : settings.Backup,
        Rollout = section.Object("rollout") is { } r ? RolloutSectionBinder.Apply(settings.Rollout, r) : settings.Rollout,
        Analysis = section.Object("analysis") is { } a ? AnalysisSectionBinder.Apply(settings.Analysis, a) : settings.Analysis,
        Smoke = section.Object("smoke") is { } s ? SmokeSectionBinder.Apply(settings.Smoke, s) : settings.Smoke,
        Monitoring = section.Object("monitoring") is { } m ? MonitoringSectionBinder.Apply(settings.Monitoring, m, rootPath) : settings.Monitoring,
    };
}
