using System.Globalization;
using System.Net;
using System.Text;

namespace JobFinder.Ops.Reporting;

/// <summary>Renders a <see cref="DeploymentReportModel"/> as one self-contained HTML file: inline CSS,
/// inline SVG charts, no script, no font, no image, no link to anything. A Content-Security-Policy of
/// <c>default-src 'none'</c> makes a browser refuse any fetch even if one slipped in. Every piece of
/// text from the record is HTML-encoded.</summary>
public static class HtmlReportRenderer
{
    private const string Style = """
        body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:24px auto;max-width:1100px;color:#1f2328;padding:0 16px}
        h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #d0d7de;padding-bottom:4px}
        .badge{display:inline-block;padding:2px 10px;border-radius:12px;font-weight:600;color:#fff;background:#57606a}
        .badge.Succeeded{background:#1a7f37}.badge.RolledBack{background:#bf8700}.badge.Failed,.badge.Aborted{background:#cf222e}
        dl{display:grid;grid-template-columns:max-content auto;gap:2px 16px;margin:8px 0}dt{font-weight:600}dd{margin:0}
        table{border-collapse:collapse;width:100%;margin:6px 0}th,td{border:1px solid #d0d7de;padding:4px 8px;text-align:left;vertical-align:top}
        th{background:#f6f8fa}td.num{text-align:right;font-variant-numeric:tabular-nums}
        .Pass,.Completed{color:#1a7f37}.Fail,.Failed{color:#cf222e;font-weight:600}.Inconclusive,.Started{color:#9a6700}
        .charts{display:flex;flex-wrap:wrap;gap:16px}figure{margin:0}figcaption{font-weight:600;margin-bottom:2px}
        svg.chart{background:#fff;border:1px solid #d0d7de}svg .plot{fill:#fbfcfd;stroke:#d0d7de}svg .grid{stroke:#eaeef2}
        svg .tick{font-size:11px;fill:#57606a}svg polyline{fill:none;stroke-width:2}svg .traffic{stroke:#0969da}
        svg .canary{stroke:#cf222e;fill:#cf222e}svg .stable{stroke:#1a7f37;fill:#1a7f37}svg polyline.canary,svg polyline.stable{fill:none}
        svg circle.traffic{fill:#0969da}svg .threshold{stroke:#9a6700;stroke-dasharray:6 4}
        .legend span{margin-right:14px}.legend .canary{color:#cf222e}.legend .stable{color:#1a7f37}.legend .threshold{color:#9a6700}
        code{font:12px ui-monospace,SFMono-Regular,Menlo,monospace}
        """;

    private static readonly CultureInfo s_invariant = CultureInfo.InvariantCulture;

    public static string Render(DeploymentReportModel model, DateTimeOffset? generatedAt = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        var html = new StringBuilder(32 * 1024);
        var where = model.Environment is { Length: > 0 } e && e != model.ProjectId ? $"{e} ({model.ProjectId})" : model.ProjectId;
        var title = $"{(model.Kind == "Rollback" ? "Undo" : "Deployment")} {model.DeploymentId} \u2014 {where}";
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
        html.Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">");
        html.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        html.Append("<meta name=\"generator\" content=\"JobFinder.Ops\">");
        html.Append("<title>").Append(E(title)).Append("</title><style>").Append(Style).Append("</style></head><body>\n");
        html.Append("<header><h1>").Append(E(title)).Append("</h1>");
        html.Append("<span id=\"outcome\" class=\"badge ").Append(E(model.Outcome)).Append("\">").Append(E(model.Outcome)).Append("</span></header>\n");

        Summary(html, model, generatedAt ?? DateTimeOffset.UtcNow);
        Charts(html, model);
        Verdicts(html, model);
        Plan(html, model);
        Backup(html, model);
        Timeline(html, model);
        html.Append("</body></html>\n");
        return html.ToString();
    }

    private static void Summary(StringBuilder html, DeploymentReportModel model, DateTimeOffset generatedAt)
    {
        html.Append("<section id=\"summary\"><h2>Outcome</h2><dl>");
        Item(html, "Outcome", model.Outcome);
        if (model.Reason is not null)
        {
            Item(html, "Reason", model.Reason);
        }

        Item(html, "Project", model.ProjectId);
        Item(html, "Environment", model.Environment ?? "\u2014");
        Item(html, "Deployment", model.DeploymentId);
        Item(html, "Owner", model.Owner);
        Item(html, "Started", Time(model.StartedAt));
        Item(html, "Ended", model.EndedAt is { } end ? Time(end) : "still running");
        Item(html, "Duration", model.Duration is { } d ? d.ToString(@"hh\:mm\:ss", s_invariant) : "\u2014");
        Item(html, "Report generated", Time(generatedAt));
        html.Append("</dl></section>\n");
    }

    private static void Charts(StringBuilder html, DeploymentReportModel model)
    {
        var times = model.Charts.SelectMany(c => c.Series).SelectMany(s => s.Points).Select(p => p.Time).Append(model.StartedAt).ToArray();
        var xMin = times.Min();
        var xMax = model.EndedAt is { } end && end > times.Max() ? end : times.Max();
        html.Append("<section id=\"charts\"><h2>Timeline</h2>");
        html.Append("<p class=\"legend\"><span class=\"canary\">\u25A0 canary (new revision)</span><span class=\"stable\">\u25A0 stable</span><span class=\"threshold\">- - threshold</span></p><div class=\"charts\">");
        foreach (var chart in model.Charts)
        {
            html.Append("<figure");
            if (chart.FunctionId is not null)
            {
                html.Append(" data-function=\"").Append(E(chart.FunctionId)).Append('"');
            }

            html.Append("><figcaption>").Append(E(chart.Title)).Append("</figcaption>");
            html.Append(SvgChartRenderer.Render(chart, xMin, xMax)).Append("</figure>");
        }

        html.Append("</div></section>\n");
    }

    private static void Verdicts(StringBuilder html, DeploymentReportModel model)
    {
        html.Append("<section id=\"verdicts\"><h2>Canary verdicts</h2>");
        if (model.Verdicts.Count == 0)
        {
            html.Append("<p>No analysis ran.</p></section>\n");
            return;
        }

        html.Append("<table><thead><tr><th>Time</th><th>Function</th><th>Traffic</th><th>Decision</th><th>Canary requests</th><th>Canary errors</th><th>Stable errors</th><th>Canary timeouts</th><th>Canary p95</th><th>Stable p95</th><th>Reason</th></tr></thead><tbody>");
        foreach (var v in model.Verdicts)
        {
            html.Append("<tr>");
            Cell(html, Clock(v.DecidedAt));
            Cell(html, v.FunctionId);
            Cell(html, Percent(v.CanaryPercent), numeric: true);
            html.Append("<td class=\"").Append(E(v.Decision)).Append("\">").Append(E(v.Decision)).Append("</td>");
            Cell(html, v.CanaryRequests.ToString(s_invariant) + (v.ProbesUsed ? " (with probes)" : string.Empty), numeric: true);
            Cell(html, Rate(v.CanaryErrorRate), numeric: true);
            Cell(html, v.StableErrorRate is { } se ? Rate(se) : "\u2014", numeric: true);
            Cell(html, Rate(v.CanaryTimeoutRate), numeric: true);
            Cell(html, Ms(v.CanaryP95Ms), numeric: true);
            Cell(html, Ms(v.StableP95Ms), numeric: true);
            Cell(html, v.Reason);
            html.Append("</tr>");
        }

        html.Append("</tbody></table></section>\n");
    }

    private static void Plan(StringBuilder html, DeploymentReportModel model)
    {
        html.Append("<section id=\"plan\"><h2>Plan</h2><dl>");
        Item(html, "Strategy", model.Strategy);
        Item(html, "Traffic steps", string.Join(" \u2192 ", model.TrafficSteps.Select(Percent)));
        Item(html, "Bake time", model.BakeTime.ToString(@"hh\:mm\:ss", s_invariant));
        if (model.Only is not null)
        {
            Item(html, "Only", model.Only);
        }

        html.Append("</dl><table id=\"functions\"><thead><tr><th>Function</th><th>Region</th><th>Action</th><th>Stable revision</th><th>New revision</th><th>Source hash</th><th>Traffic on new</th></tr></thead><tbody>");
        foreach (var f in model.Functions)
        {
            html.Append("<tr>");
            Cell(html, f.FunctionId);
            Cell(html, f.Region);
            Cell(html, f.Action);
            Cell(html, f.StableRevision ?? "\u2014");
            Cell(html, f.NewRevision ?? "\u2014");
            Cell(html, f.SourceHash ?? "\u2014");
            Cell(html, Percent(f.CanaryPercent), numeric: true);
            html.Append("</tr>");
        }

        html.Append("</tbody></table>");
        if (model.Rules.Count > 0)
        {
            html.Append("<table id=\"rules\"><thead><tr><th>Rules</th><th>File</th><th>Previous ruleset</th><th>New ruleset</th><th>Released</th></tr></thead><tbody>");
            foreach (var r in model.Rules)
            {
                html.Append("<tr>");
                Cell(html, r.Service);
                Cell(html, r.File);
                Cell(html, r.PreviousRuleset ?? "\u2014");
                Cell(html, r.NewRuleset ?? "\u2014");
                Cell(html, r.Released ? "yes" : "no");
                html.Append("</tr>");
            }

            html.Append("</tbody></table>");
        }

        foreach (var (label, indexes) in new[] { ("Indexes created", model.IndexesCreated), ("Indexes deleted", model.IndexesDeleted) })
        {
            if (indexes.Count > 0)
            {
                html.Append("<p>").Append(E(label)).Append(":</p><ul>");
                foreach (var index in indexes)
                {
                    html.Append("<li><code>").Append(E(index)).Append("</code></li>");
                }

                html.Append("</ul>");
            }
        }

        html.Append("</section>\n");
    }

    private static void Backup(StringBuilder html, DeploymentReportModel model)
    {
        html.Append("<section id=\"backup\"><h2>Backup</h2>");
        if (model.Backup is not { } backup)
        {
            html.Append("<p>No backup gate was used.</p></section>\n");
            return;
        }

        html.Append("<dl>");
        Item(html, "Backup", backup.Id);
        if (backup.BucketUri is not null)
        {
            Item(html, "Location", backup.BucketUri);
        }

        if (backup.Verification is not null)
        {
            Item(html, "Verification", backup.Verification);
        }

        if (backup.CreatedAt is { } created)
        {
            Item(html, "Taken", Time(created));
        }

        html.Append("</dl></section>\n");
    }

    private static void Timeline(StringBuilder html, DeploymentReportModel model)
    {
        html.Append("<section id=\"steps\"><h2>Steps</h2><table><thead><tr><th>#</th><th>Step</th><th>Kind</th><th>Split</th><th>State</th><th>Started</th><th>Duration</th><th>Message</th></tr></thead><tbody>");
        foreach (var s in model.Steps)
        {
            html.Append("<tr>");
            Cell(html, s.Sequence.ToString(s_invariant), numeric: true);
            Cell(html, s.Name);
            Cell(html, s.Kind);
            Cell(html, s.Split ?? string.Empty);
            html.Append("<td class=\"").Append(E(s.State)).Append("\">").Append(E(s.State)).Append("</td>");
            Cell(html, Clock(s.StartedAt));
            Cell(html, s.EndedAt is { } end ? (end - s.StartedAt).TotalSeconds.ToString("0.#", s_invariant) + " s" : "\u2014", numeric: true);
            Cell(html, s.Message ?? string.Empty);
            html.Append("</tr>");
        }

        html.Append("</tbody></table></section>\n");
    }

    private static void Item(StringBuilder html, string label, string value) =>
        html.Append("<dt>").Append(E(label)).Append("</dt><dd>").Append(E(value)).Append("</dd>");

    private static void Cell(StringBuilder html, string text, bool numeric = false) =>
        html.Append(numeric ? "<td class=\"num\">" : "<td>").Append(E(text)).Append("</td>");

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string Percent(int value) => value.ToString(s_invariant) + "%";

    private static string Rate(double fraction) => (fraction * 100).ToString("0.0", s_invariant) + "%";

    private static string Ms(double? value) => value is { } v ? v.ToString("0", s_invariant) + " ms" : "\u2014";

    private static string Time(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", s_invariant);

    private static string Clock(DateTimeOffset time) => time.ToUniversalTime().ToString("HH:mm:ss", s_invariant);
}
