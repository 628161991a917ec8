using System.Globalization;
using JobFinder.Ops.Model;
using JobFinder.Ops.Rollout;

namespace JobFinder.Ops.Notifications;

/// <summary>Turns a deployment record into the message for one phase. The announcement follows the
/// plan's communication template (start time, expected duration and impact, what is deployed,
/// monitoring plan, contact); the later phases say what happened with the numbers that decided it.
/// Only names, percentages and measurements appear: never environment values.</summary>
public static class DeploymentMessageComposer
{
    /// <summary>Deploy and promote time on top of the bake times, for the duration estimate.</summary>
    private static readonly TimeSpan s_buildAllowance = TimeSpan.FromMinutes(3);

    public static NotificationMessage Compose(NotificationPhase phase, DeploymentRecord record, NotificationContext? context = null)
    {
        ArgumentNullException.ThrowIfNull(record);
        context ??= new NotificationContext();
        return phase switch
        {
            NotificationPhase.Started => Started(record, context),
            NotificationPhase.CanaryStepPassed or NotificationPhase.CanaryStepFailed => CanaryStep(phase, record, context),
            NotificationPhase.RolledBack => RolledBack(record, context),
            NotificationPhase.Completed => Completed(record, context),
            _ => Failed(record, context),
        };
    }

    private static NotificationMessage Started(DeploymentRecord record, NotificationContext context)
    {
        var verb = record.Kind == "Rollback" ? "Rolling back" : "Deploying";
        return new NotificationMessage
        {
            Phase = NotificationPhase.Started,
            Title = $"{verb} to {Where(record)}",
            Text = $"{(record.Kind == "Rollback" ? "Undo" : "Deployment")} {record.Id} started at {Time(record.StartedAt)}.",
            Facts =
            [
                new("Start time", Time(record.StartedAt)),
                new("Expected duration", ExpectedDuration(record)),
                new("Expected impact", context.ExpectedImpact ?? ExpectedImpact(record)),
                new("What is deployed", WhatIsDeployed(record)),
                new("Monitoring plan", MonitoringPlan(record, context)),
                new("Contact", Contact(record, context)),
            ],
        };
    }

    private static NotificationMessage CanaryStep(NotificationPhase phase, DeploymentRecord record, NotificationContext context)
    {
        var step = record.Steps.LastOrDefault(s => s.Kind == DeploymentStepKind.Analysis && s.Verdicts.Count > 0);
        var verdicts = step?.Verdicts ?? [];
        var percent = step?.CanaryPercent ?? verdicts.FirstOrDefault()?.CanaryPercent ?? record.Functions.Select(f => f.CanaryPercent).DefaultIfEmpty(0).Max();
        var passed = phase == NotificationPhase.CanaryStepPassed;
        // Compact: a step of many functions is one line of its worst figures, and a failed step names only
        // the functions that failed; a chat message per step must stay readable on a phone.
        var shown = passed ? verdicts : verdicts.Where(v => v.Decision != CanaryDecision.Pass).ToArray();
        var facts = shown.Count <= MaxVerdictFacts
            ? shown.Select(v => new NotificationFact(v.FunctionId, Describe(v))).ToList()
            : [new NotificationFact(passed ? "Canaries" : "Failed canaries", Worst(shown))];
        if (passed)
        {
            var next = record.TrafficSteps.FirstOrDefault(s => s > percent);
            facts.Add(new("Next", next > 0 ? Percent(next) + " of traffic" : "promote to 100%"));
        }
        else
        {
            facts.Add(new("Action", "rolling back every function of this deployment to its stable revision"));
        }

        facts.Add(new("Contact", Contact(record, context)));
        return new NotificationMessage
        {
            Phase = phase,
            Severity = passed ? NotificationSeverity.Info : NotificationSeverity.Danger,
            Title = $"Canary at {Percent(percent)} {(passed ? "passed" : "failed")} on {Where(record)}",
            Text = passed
                ? $"Deployment {record.Id}: every function passed the analysis at {Percent(percent)}."
                : $"Deployment {record.Id}: {string.Join("; ", verdicts.Where(v => v.Decision != CanaryDecision.Pass).Select(v => $"{v.FunctionId}: {v.Reason}").DefaultIfEmpty(record.Reason ?? "the analysis failed"))}.",
            Facts = facts,
        };
    }

    private static NotificationMessage RolledBack(DeploymentRecord record, NotificationContext context) => new()
    {
        Phase = NotificationPhase.RolledBack,
        Severity = NotificationSeverity.Warning,
        Title = $"Rolled back on {Where(record)}",
        Text = $"Deployment {record.Id} was rolled back{(record.Reason is null ? "." : ": " + record.Reason)}",
        Facts =
        [
            .. record.Functions.Where(f => f.StableRevision is not null).Select(f => new NotificationFact(f.FunctionId, $"100% on {f.StableRevision}")),
            .. record.Rules.Where(r => r.PreviousRuleset is not null).Select(r => new NotificationFact($"{r.Service} rules", $"back on {ShortName(r.PreviousRuleset!)}")),
            new("Duration", Duration(record)),
            new("Contact", Contact(record, context)),
        ],
    };

    private static NotificationMessage Completed(DeploymentRecord record, NotificationContext context) => new()
    {
        Phase = NotificationPhase.Completed,
        Severity = NotificationSeverity.Good,
        Title = $"{(record.Kind == "Rollback" ? "Undo" : "Deployment")} completed on {Where(record)}",
        Text = $"{record.Id} ended {record.Outcome} at {Time(record.EndedAt ?? DateTimeOffset.UtcNow)}.",
        Facts =
        [
            new("Deployed", WhatIsDeployed(record)),
            new("Duration", Duration(record)),
            new("Monitoring", context.WatchDuration is { } watch ? $"production is watched for {Span(watch)} with automatic rollback triggers" : "alert policies stay active"),
            new("Contact", Contact(record, context)),
        ],
    };

    /// <summary>Not a failed release: nothing to undo, a set-up to fix (docs/SMOKE.md).</summary>
    private static NotificationMessage StoppedForCredentials(DeploymentRecord record, SmokeCredentialProblem credentials, NotificationContext context) => new()
    {
        Phase = NotificationPhase.Failed,
        Severity = NotificationSeverity.Warning,
        Title = $"Deployment stopped on {Where(record)}: smoke credentials rejected",
        Text = $"{record.Id} stopped before any traffic moved; what it changed was put back. {credentials.Summary}",
        Facts =
        [
            new("Next step", credentials.Fix),
            new("Production", "unchanged: the release was not judged"),
            new("Duration", Duration(record)),
            new("Contact", Contact(record, context)),
        ],
    };

    private static NotificationMessage Failed(DeploymentRecord record, NotificationContext context)
    {
        if (record.CredentialProblem is { } credentials)
        {
            return StoppedForCredentials(record, credentials, context);
        }

        return new()
        {
            Phase = NotificationPhase.Failed,
            Severity = NotificationSeverity.Danger,
            Title = $"{(record.Kind == "Rollback" ? "Undo" : "Deployment")} {record.Outcome} on {Where(record)}",
            Text = $"{record.Id} stopped{(record.Reason is null ? "." : ": " + record.Reason)}",
            Facts =
            [
                new("Next step", $"{DeploymentOwnership.UndoCommand(record)} (or {DeploymentOwnership.ResumeCommand(record)})"),
                new("Duration", Duration(record)),
                new("Contact", Contact(record, context)),
            ],
        };
    }

    private static string Where(DeploymentRecord record) =>
        record.Environment is { Length: > 0 } environment && environment != record.ProjectId ? $"{environment} ({record.ProjectId})" : record.ProjectId;

    private static string ExpectedDuration(DeploymentRecord record)
    {
        var bakes = Math.Max(0, record.TrafficSteps.Count - 1);
        var total = record.BakeTime * bakes + s_buildAllowance;
        return $"about {Math.Ceiling(total.TotalMinutes).ToString(CultureInfo.InvariantCulture)} min: traffic steps {string.Join(" \u2192 ", record.TrafficSteps.Select(Percent))}"
            + (bakes > 0 ? $", {Span(record.BakeTime)} bake after each step but the last" : string.Empty);
    }

    private static string ExpectedImpact(DeploymentRecord record)
    {
        var first = record.TrafficSteps.Count > 0 ? record.TrafficSteps[0] : 100;
        return first >= 100
            ? "none expected: all traffic moves once the new revisions pass their smoke checks; a failure sends it back to the previous revisions"
            : $"none expected: at most {Percent(first)} of requests reach the new version until it passes analysis, and a failing canary is rolled back automatically";
    }

    private static string WhatIsDeployed(DeploymentRecord record)
    {
        var parts = record.Functions
            .Where(f => f.Action is PlannedChangeAction.Create or PlannedChangeAction.Update or PlannedChangeAction.Delete)
            .GroupBy(f => f.Action)
            .OrderBy(g => g.Key)
            .Select(g => $"{g.Key.ToString().ToLowerInvariant()} {string.Join(", ", g.Select(f => f.FunctionId).Order(StringComparer.Ordinal))}")
            .ToList();
        parts.AddRange(record.Rules.Select(r => $"{r.Service} rules ({Path.GetFileName(r.File)})"));
        if (record.IndexesCreated.Count > 0)
        {
            parts.Add($"{record.IndexesCreated.Count} new index(es)");
        }

        return parts.Count == 0 ? "no changes" : string.Join("; ", parts);
    }

    private static string MonitoringPlan(DeploymentRecord record, NotificationContext context)
    {
        var t = context.Thresholds ?? record.Verdicts.LastOrDefault()?.Thresholds ?? new AnalysisThresholds();
        var plan = string.Create(CultureInfo.InvariantCulture,
            $"canary analysis after each step from Cloud Monitoring{(t.SyntheticProbes ? " (plus synthetic probes when traffic is thin)" : string.Empty)}; automatic rollback when the error rate exceeds {Rate(t.MaxErrorRate, "0.#")}, timeouts {Rate(t.MaxTimeoutRate, "0.#")} or p95 {t.MaxP95Ms:0} ms");
        return context.WatchDuration is { } watch ? $"{plan}; production watched for {Span(watch)} afterwards" : plan;
    }

    private static string Contact(DeploymentRecord record, NotificationContext context) => context.Contact ?? record.Owner;

    private static string Describe(CanaryVerdict v)
    {
        var text = string.Create(CultureInfo.InvariantCulture,
            $"{v.Decision}: {v.Canary.Requests} requests, {Rate(v.Canary.ErrorRate)} errors, {Rate(v.Canary.TimeoutRate)} timeouts, p95 {(v.Canary.P95Ms is { } p ? p.ToString("0", CultureInfo.InvariantCulture) + " ms" : "n/a")}");
        if (v.Stable is { } stable)
        {
            text += string.Create(CultureInfo.InvariantCulture, $" (stable {Rate(stable.ErrorRate)} errors)");
        }

        return v.Decision == CanaryDecision.Pass ? text : $"{text} \u2014 {v.Reason}";
    }

    /// <summary>More verdicts than this become one summary fact (<see cref="Worst"/>).</summary>
    private const int MaxVerdictFacts = 3;

    private static string Worst(IReadOnlyList<CanaryVerdict> verdicts)
    {
        var errors = verdicts.MaxBy(v => v.Canary.ErrorRate)!;
        var slowest = verdicts.Where(v => v.Canary.P95Ms is not null).MaxBy(v => v.Canary.P95Ms);
        return string.Create(CultureInfo.InvariantCulture,
            $"{verdicts.Count} functions, {verdicts.Sum(v => v.Canary.Requests)} requests; highest error rate {Rate(errors.Canary.ErrorRate)} ({errors.FunctionId})")
            + (slowest is null ? string.Empty : string.Create(CultureInfo.InvariantCulture, $", highest p95 {slowest.Canary.P95Ms:0} ms ({slowest.FunctionId})"));
    }

    private static string Duration(DeploymentRecord record) => record.Duration is { } d ? Span(d) : "still running";

    /// <summary>A fraction as <c>31.0%</c> (the invariant culture's P format puts a space before the sign).</summary>
    internal static string Rate(double fraction, string format = "0.0") => (fraction * 100).ToString(format, CultureInfo.InvariantCulture) + "%";

    private static string Percent(int value) => value.ToString(CultureInfo.InvariantCulture) + "%";

    private static string Time(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    private static string ShortName(string resource) => resource[(resource.LastIndexOf('/') + 1)..];

    /// <summary><c>45 s</c>, <c>5 min</c>, <c>2 h 30 min</c>.</summary>
    internal static string Span(TimeSpan span)
    {
        if (span < TimeSpan.FromMinutes(1))
        {
            return span.TotalSeconds.ToString("0", CultureInfo.InvariantCulture) + " s";
        }

        if (span < TimeSpan.FromHours(1))
        {
            var seconds = span.Seconds;
            return span.Minutes.ToString(CultureInfo.InvariantCulture) + " min" + (seconds > 0 ? $" {seconds.ToString(CultureInfo.InvariantCulture)} s" : string.Empty);
        }

        var minutes = span.Minutes;
        return ((int)span.TotalHours).ToString(CultureInfo.InvariantCulture) + " h" + (minutes > 0 ? $" {minutes.ToString(CultureInfo.InvariantCulture)} min" : string.Empty);
    }
}
