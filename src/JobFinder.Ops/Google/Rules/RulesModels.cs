using System.Text.Json;
using System.Text.Json.Serialization;
using JobFinder.Ops.Google.Json;

namespace JobFinder.Ops.Google.Rules;

public sealed record RulesSource
{
    public List<RulesFile>? Files { get; init; }
}

public sealed record RulesFile
{
    /// <summary>The file name as in firebase.json (e.g. <c>firestore.rules</c>).</summary>
    public string? Name { get; init; }

    public string? Content { get; init; }

    public string? Fingerprint { get; init; }
}

public sealed record Ruleset
{
    /// <summary>Server-assigned, <c>projects/P/rulesets/&lt;uuid&gt;</c>.</summary>
    public string? Name { get; init; }

    public RulesSource? Source { get; init; }

    public DateTimeOffset? CreateTime { get; init; }

    public RulesetMetadata? Metadata { get; init; }

    public string? AttachmentPoint { get; init; }
}

public sealed record RulesetMetadata
{
    public List<string>? Services { get; init; }
}

public sealed record Release
{
    /// <summary><c>projects/P/releases/cloud.firestore</c>, <c>projects/P/releases/firebase.storage/BUCKET</c>.</summary>
    public string? Name { get; init; }

    public string? RulesetName { get; init; }

    public DateTimeOffset? CreateTime { get; init; }

    public DateTimeOffset? UpdateTime { get; init; }
}

/// <summary>PATCH body: a wrapper, not a bare Release.</summary>
public sealed record UpdateReleaseRequest
{
    public Release? Release { get; init; }

    public string? UpdateMask { get; init; }
}

public sealed record TestRulesetRequest
{
    public RulesSource? Source { get; init; }

    /// <summary>An optional test suite, passed through as JSON.</summary>
    public JsonElement? TestSuite { get; init; }
}

public sealed record TestRulesetResponse
{
    public List<RulesIssue>? Issues { get; init; }

    public List<JsonElement>? TestResults { get; init; }
}

public sealed record RulesIssue
{
    public SourcePosition? SourcePosition { get; init; }

    public string? Description { get; init; }

    public RulesIssueSeverity? Severity { get; init; }
}

public sealed record SourcePosition
{
    public string? FileName { get; init; }

    public int? Line { get; init; }

    public int? Column { get; init; }

    public int? CurrentOffset { get; init; }

    public int? EndOffset { get; init; }
}

public sealed record ListRulesetsResponse
{
    public List<Ruleset>? Rulesets { get; init; }

    public string? NextPageToken { get; init; }
}

public sealed record ListReleasesResponse
{
    public List<Release>? Releases { get; init; }

    public string? NextPageToken { get; init; }
}

[JsonConverter(typeof(GoogleEnumConverter<RulesIssueSeverity>))]
public enum RulesIssueSeverity
{
    SeverityUnspecified,
    Deprecation,
    Warning,
    Error,
}

/// <summary><c>projects/{Project}/releases/{Release}</c>; the release id may contain slashes.</summary>
public sealed record ReleaseName(string Project, string Release)
{
    public const string Firestore = "cloud.firestore";

    public static ReleaseName Parse(string name)
    {
        var parts = ResourceName.Parse(name, "projects/*/releases/**");
        return new ReleaseName(parts[0], parts[1]);
    }

    public static ReleaseName ForStorage(string project, string bucket) => new(project, $"firebase.storage/{bucket}");

    public override string ToString() => $"projects/{Project}/releases/{Release}";
}
