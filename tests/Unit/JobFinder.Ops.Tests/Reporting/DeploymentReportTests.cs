using System.Globalization;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using JobFinder.Ops.Model;
using JobFinder.Ops.Reporting;
using Xunit;

namespace JobFinder.Ops.Tests.Reporting;

/// <summary>The HTML report parsed as a browser would: the charts' data and pixels match the record,
/// everything is encoded, nothing is fetched, no secret leaks.</summary>
public sealed class DeploymentReportTests
{
    [Fact]
    public void The_traffic_chart_steps_through_every_traffic_change_of_the_record()
    {
        var record = SampleDeployments.Succeeded();
        var document = Parse(record);

        var line = Polyline(document, "chart-traffic", "traffic");
        Assert.Equal([0, 10, 50, 100, 100], Values(line));
        Assert.Equal([record.StartedAt, SampleDeployments.At(60), SampleDeployments.At(91), SampleDeployments.At(122), SampleDeployments.At(124)], Times(line));
        Assert.Equal("true", line.GetAttribute("data-step"));
        AssertPixelsMatch(document.GetElementById("chart-traffic")!, line, staircase: true);
    }

    [Fact]
    public void Error_rate_and_p95_charts_carry_the_canary_and_stable_numbers_of_each_verdict()
    {
        var document = Parse(SampleDeployments.Succeeded());

        var canaryErrors = Polyline(document, "chart-error-rate-submitJob", "canary");
        Assert.Equal([2.0 / 240, 6.0 / 1200], Values(canaryErrors));
        Assert.Equal([SampleDeployments.At(91), SampleDeployments.At(122)], Times(canaryErrors));
        Assert.Equal([11.0 / 2160, 7.0 / 1190], Values(Polyline(document, "chart-error-rate-submitJob", "stable")));
        Assert.Equal([180.5, 190.75], Values(Polyline(document, "chart-p95-submitJob", "canary")));
        Assert.Equal([150.25, 149], Values(Polyline(document, "chart-p95-submitJob", "stable")));
        Assert.Equal([12, 13], Values(Polyline(document, "chart-p95-health", "canary")));
        foreach (var id in new[] { "chart-error-rate-submitJob", "chart-p95-submitJob", "chart-error-rate-health", "chart-p95-health" })
        {
            var svg = document.GetElementById(id)!;
            foreach (var polyline in svg.QuerySelectorAll("polyline"))
            {
                AssertPixelsMatch(svg, polyline, staircase: false);
            }
        }

        var threshold = document.GetElementById("chart-error-rate-submitJob")!.QuerySelector("line.threshold")!;
        Assert.Equal("0.1", threshold.GetAttribute("data-threshold"));
        Assert.Null(document.GetElementById("chart-p95-submitJob")!.QuerySelector("line.threshold"));
    }

    [Fact]
    public void A_rolled_back_deployment_shows_the_failing_verdict_the_reason_and_traffic_back_at_zero()
    {
        var document = Parse(SampleDeployments.RolledBack());

        Assert.Equal([0, 10, 0, 0], Values(Polyline(document, "chart-traffic", "traffic")));
        Assert.Equal([0.31], Values(Polyline(document, "chart-error-rate-submitJob", "canary")));
        Assert.Equal("RolledBack", document.GetElementById("outcome")!.TextContent);
        Assert.Contains("submitJob: error rate 31.0% > 10.0%", document.GetElementById("summary")!.TextContent, StringComparison.Ordinal);
        var failed = document.QuerySelectorAll("#verdicts tbody tr").Single(r => r.QuerySelector("td.Fail") is not null);
        Assert.Equal(["submitJob", "10%", "Fail", "200", "31.0%", "0.5%"], failed.QuerySelectorAll("td").Skip(1).Take(6).Select(c => c.TextContent).ToArray());
    }

    [Fact]
    public void The_plan_backup_and_steps_are_listed()
    {
        var backup = new BackupManifest
        {
            Id = "20261126T220000Z-prod-1a2b3c",
            ProjectId = "jobfinder-prod",
            Environment = "production",
            CreatedAt = SampleDeployments.Start.AddMinutes(-15),
            FirestoreExport = new BackupFirestoreExport { Database = "(default)", OutputUriPrefix = "gs://jobfinder-prod-backups/x/firestore", State = "SUCCESSFUL" },
            BucketUri = "gs://jobfinder-prod-backups/jobfinder/backups/20261126T220000Z-prod-1a2b3c",
            Verification = BackupVerificationStatus.RestoreVerified,
        };
        var html = HtmlReportRenderer.Render(DeploymentReportModel.FromRecord(SampleDeployments.Succeeded(), backup));
        var document = new HtmlParser().ParseDocument(html);

        Assert.Equal(["submitJob", "health"], document.QuerySelectorAll("#functions tbody tr td:first-child").Select(c => c.TextContent).ToArray());
        Assert.Contains("10% \u2192 50% \u2192 100%", document.GetElementById("plan")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("RestoreVerified", document.GetElementById("backup")!.TextContent, StringComparison.Ordinal);
        Assert.Contains(backup.BucketUri, document.GetElementById("backup")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(9, document.QuerySelectorAll("#steps tbody tr").Length);
    }

    [Fact]
    public void The_report_is_self_contained()
    {
        var html = HtmlReportRenderer.Render(DeploymentReportModel.FromRecord(SampleDeployments.Succeeded()));
        var document = new HtmlParser().ParseDocument(html);

        Assert.Empty(document.QuerySelectorAll("script, link, img, iframe, object, embed, video, audio, source, base"));
        Assert.DoesNotContain("url(", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("@import", html, StringComparison.OrdinalIgnoreCase);
        var attributes = document.All.SelectMany(e => e.Attributes).Where(a => a.Name != "xmlns");
        Assert.DoesNotContain(attributes, a => a.Value.Contains("//", StringComparison.Ordinal));
        Assert.Equal("default-src 'none'; style-src 'unsafe-inline'", document.QuerySelector("meta[http-equiv='Content-Security-Policy']")!.GetAttribute("content"));
        Assert.Equal(5, document.QuerySelectorAll("svg.chart").Length);
    }

    [Fact]
    public void Text_from_the_record_is_encoded_and_environment_values_never_appear()
    {
        var hostile = SampleDeployments.RolledBack() with
        {
            Reason = "<script>alert('reason')</script>",
            Owner = "\"><img src=x onerror=alert(1)>",
            Functions =
            [
                SampleDeployments.RolledBack().Functions[0] with { PreviousConfigJson = """{"serviceConfig":{"environmentVariables":{"STRIPE_KEY":"sk_live_SECRET_VALUE"}}}""" },
            ],
        };

        var html = HtmlReportRenderer.Render(DeploymentReportModel.FromRecord(hostile));
        var document = new HtmlParser().ParseDocument(html);

        Assert.Empty(document.QuerySelectorAll("script, img"));
        Assert.Contains("<script>alert('reason')</script>", document.GetElementById("summary")!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("sk_live_SECRET_VALUE", html, StringComparison.Ordinal);
        Assert.DoesNotContain("STRIPE_KEY", html, StringComparison.Ordinal);
    }

    [Fact]
    public void The_writer_writes_one_utf8_file()
    {
        var path = Path.Combine(Path.GetTempPath(), $"report-{Guid.NewGuid():N}.html");
        try
        {
            var file = DeploymentReportWriter.Write(SampleDeployments.Succeeded(), path);

            Assert.Equal(path, file.FullName);
            var bytes = File.ReadAllBytes(path);
            Assert.Equal((byte)'<', bytes[0]);
            Assert.Single(Directory.GetFiles(Path.GetDirectoryName(path)!, Path.GetFileName(path) + "*"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static IDocument Parse(DeploymentRecord record) =>
        new HtmlParser().ParseDocument(HtmlReportRenderer.Render(DeploymentReportModel.FromRecord(record)));

    private static IElement Polyline(IDocument document, string chartId, string series) =>
        document.GetElementById(chartId)?.QuerySelector($"polyline[data-series='{series}']")
        ?? throw new Xunit.Sdk.XunitException($"No {series} line in {chartId}.");

    private static double[] Values(IElement polyline) =>
        polyline.GetAttribute("data-values")!.Split(' ').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();

    private static DateTimeOffset[] Times(IElement polyline) =>
        polyline.GetAttribute("data-times")!.Split(' ').Select(t => DateTimeOffset.Parse(t, CultureInfo.InvariantCulture)).ToArray();

    /// <summary>Recomputes each drawn point from the data attributes and the chart's declared scale.</summary>
    private static void AssertPixelsMatch(IElement svg, IElement polyline, bool staircase)
    {
        var plot = svg.GetAttribute("data-plot")!.Split(' ').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        var xMin = DateTimeOffset.Parse(svg.GetAttribute("data-x-min")!, CultureInfo.InvariantCulture);
        var xMax = DateTimeOffset.Parse(svg.GetAttribute("data-x-max")!, CultureInfo.InvariantCulture);
        var yMax = double.Parse(svg.GetAttribute("data-y-max")!, CultureInfo.InvariantCulture);
        var expected = Times(polyline).Zip(Values(polyline), (t, v) => (
            X: plot[0] + (plot[2] * (t - xMin).TotalMilliseconds / (xMax - xMin).TotalMilliseconds),
            Y: plot[1] + plot[3] - (plot[3] * v / yMax))).ToList();
        if (staircase)
        {
            expected = expected.SelectMany((p, i) => i == 0 ? [p] : new[] { (p.X, expected[i - 1].Y), p }).ToList();
        }

        var drawn = polyline.GetAttribute("points")!.Split(' ').Select(p => p.Split(',').Select(c => double.Parse(c, CultureInfo.InvariantCulture)).ToArray()).ToArray();
        Assert.Equal(expected.Count, drawn.Length);
        for (var i = 0; i < drawn.Length; i++)
        {
            Assert.Equal(expected[i].X, drawn[i][0], 0.01);
            Assert.Equal(expected[i].Y, drawn[i][1], 0.01);
            Assert.InRange(drawn[i][1], plot[1], plot[1] + plot[3]);
        }
    }
}
