using System.Globalization;
using System.Xml;
using JobFinder.Ops.Model;

namespace JobFinder.Ops.Smoke;

/// <summary>Writes a <see cref="SmokeReport"/> as JUnit XML (the Jenkins/Ant schema that GitHub Actions,
/// GitLab, Azure DevOps and Jenkins read): one <c>testsuite</c>, one <c>testcase</c> per check with a
/// <c>failure</c> naming the reason and the response excerpt, and a final <c>testcase</c> for the p95
/// latency SLA so a slow release fails the CI job too.</summary>
public static class SmokeJUnitWriter
{
    public const string SlaCaseName = "p95 latency SLA";

    public static void Write(SmokeReport report, string path)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        using var stream = File.Create(path);
        Write(report, stream);
    }

    public static void Write(SmokeReport report, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(report);
        using var xml = XmlWriter.Create(stream, new XmlWriterSettings { Indent = true, Encoding = new System.Text.UTF8Encoding(false) });
        var failures = report.FailedCount + (report.SlaMet ? 0 : 1);
        var suiteName = $"JobFinder smoke: {report.ProjectId} ({report.Target})";
        xml.WriteStartDocument();
        xml.WriteStartElement("testsuites");
        xml.WriteAttributeString("name", "JobFinder.Ops smoke checks");
        xml.WriteAttributeString("tests", Number(report.Total + 1));
        xml.WriteAttributeString("failures", Number(failures));
        xml.WriteAttributeString("errors", "0");
        xml.WriteAttributeString("time", Seconds(report.Duration.TotalMilliseconds));

        xml.WriteStartElement("testsuite");
        xml.WriteAttributeString("name", suiteName);
        xml.WriteAttributeString("tests", Number(report.Total + 1));
        xml.WriteAttributeString("failures", Number(failures));
        xml.WriteAttributeString("errors", "0");
        xml.WriteAttributeString("skipped", "0");
        xml.WriteAttributeString("time", Seconds(report.Duration.TotalMilliseconds));
        xml.WriteAttributeString("timestamp", report.StartTime.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture));
        xml.WriteAttributeString("hostname", Environment.MachineName);
        WriteProperties(xml, report);
        foreach (var check in report.Checks)
        {
            WriteCase(xml, check);
        }

        xml.WriteStartElement("testcase");
        xml.WriteAttributeString("classname", "smoke.sla");
        xml.WriteAttributeString("name", SlaCaseName);
        xml.WriteAttributeString("time", "0");
        if (!report.SlaMet)
        {
            xml.WriteStartElement("failure");
            xml.WriteAttributeString("message", FormattableString.Invariant($"p95 {report.P95Ms:0} ms is not under the SLA of {report.P95SlaMs:0} ms"));
            xml.WriteAttributeString("type", "SlaBreached");
            xml.WriteString(string.Join(Environment.NewLine, report.Checks.OrderByDescending(c => c.LatencyMs).Select(c => FormattableString.Invariant($"{c.Name}: {c.LatencyMs:0} ms"))));
            xml.WriteEndElement();
        }

        xml.WriteEndElement();
        xml.WriteEndElement();
        xml.WriteEndElement();
        xml.WriteEndDocument();
    }

    private static void WriteProperties(XmlWriter xml, SmokeReport report)
    {
        xml.WriteStartElement("properties");
        foreach (var (name, value) in new[]
        {
            ("project", report.ProjectId),
            ("environment", report.Environment ?? ""),
            ("target", report.Target),
            ("p50Ms", Number(report.P50Ms)),
            ("p95Ms", Number(report.P95Ms)),
            ("p95SlaMs", Number(report.P95SlaMs)),
        })
        {
            xml.WriteStartElement("property");
            xml.WriteAttributeString("name", name);
            xml.WriteAttributeString("value", value);
            xml.WriteEndElement();
        }

        xml.WriteEndElement();
    }

    private static void WriteCase(XmlWriter xml, SmokeCheckResult check)
    {
        xml.WriteStartElement("testcase");
        xml.WriteAttributeString("classname", "smoke." + (check.Function ?? "url"));
        xml.WriteAttributeString("name", check.Name);
        xml.WriteAttributeString("time", Seconds(check.LatencyMs));
        if (!check.Passed)
        {
            xml.WriteStartElement("failure");
            xml.WriteAttributeString("message", check.Reason ?? "failed");
            xml.WriteAttributeString("type", check.FailedAssertion is null ? "CheckFailed" : "AssertionFailed");
            xml.WriteString(FormattableString.Invariant($"{check.Method} {check.Url} ({check.Target}{(check.Revision is null ? "" : ", revision " + check.Revision)}) -> {(check.StatusCode?.ToString(CultureInfo.InvariantCulture) ?? "no answer")} after {check.Attempts} attempt(s)"));
            if (check.ResponseExcerpt is not null)
            {
                xml.WriteString(Environment.NewLine + "Response: " + check.ResponseExcerpt);
            }

            xml.WriteEndElement();
        }

        xml.WriteEndElement();
    }

    private static string Number(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Seconds(double milliseconds) => (milliseconds / 1000).ToString("0.###", CultureInfo.InvariantCulture);
}
