using System.Text.Json;
using System.Xml.Linq;
using JobFinder.Ops.Model;
using JobFinder.Ops.Smoke;
using Xunit;

namespace JobFinder.Ops.Tests.Smoke;

public sealed class SmokeOutputTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("smoke-output-").FullName;

    private static SmokeReport Report(double p95) => new()
    {
        ProjectId = "jobfinder-prod",
        Environment = "production",
        Target = "canary",
        StartTime = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero),
        Duration = TimeSpan.FromMilliseconds(1234),
        P50Ms = 120,
        P95Ms = p95,
        P95SlaMs = 5000,
        Checks =
        [
            new SmokeCheckResult { Name = "Health endpoint", Function = "health", Url = "http://x/_run/p/l/canary---health", Target = "canary", Revision = "health-00002-abc", StatusCode = 200, LatencyMs = 120, Attempts = 1, Passed = true },
            new SmokeCheckResult
            {
                Name = "Job submission", Function = "submitJob", Url = "http://x/_run/p/l/canary---submitjob", Target = "canary", Method = "POST", StatusCode = 200, LatencyMs = 340, Attempts = 1,
                Passed = false, FailedAssertion = "$.result.success == true", Reason = "assertion '$.result.success == true' failed: $.result.success is false", ResponseExcerpt = "{\"result\":{\"success\":false,\"note\":\"<&>\"}}",
            },
        ],
    };

    [Fact]
    public void JUnitXmlHasOneCasePerCheckPlusTheSlaAndNamesTheFailure()
    {
        var path = Path.Combine(_folder, "nested", "smoke.xml");
        SmokeJUnitWriter.Write(Report(6000), path);

        var xml = XDocument.Load(path);
        var suite = xml.Root!.Element("testsuite")!;
        Assert.Equal("testsuites", xml.Root.Name.LocalName);
        Assert.Equal("3", suite.Attribute("tests")!.Value);
        Assert.Equal("2", suite.Attribute("failures")!.Value);
        Assert.Equal("2026-01-02T03:04:05", suite.Attribute("timestamp")!.Value);
        var cases = suite.Elements("testcase").ToArray();
        Assert.Equal(["Health endpoint", "Job submission", SmokeJUnitWriter.SlaCaseName], cases.Select(c => c.Attribute("name")!.Value));
        Assert.Null(cases[0].Element("failure"));
        Assert.Equal("0.34", cases[1].Attribute("time")!.Value);
        var failure = cases[1].Element("failure")!;
        Assert.Equal("AssertionFailed", failure.Attribute("type")!.Value);
        Assert.Contains("$.result.success == true", failure.Attribute("message")!.Value, StringComparison.Ordinal);
        Assert.Contains("{\"result\":{\"success\":false,\"note\":\"<&>\"}}", failure.Value, StringComparison.Ordinal);
        Assert.Contains("6000 ms is not under the SLA of 5000 ms", cases[2].Element("failure")!.Attribute("message")!.Value, StringComparison.Ordinal);
        Assert.Equal("canary", suite.Element("properties")!.Elements("property").Single(p => p.Attribute("name")!.Value == "target").Attribute("value")!.Value);
    }

    [Fact]
    public void TheSlaCasePassesWhenP95IsUnderIt()
    {
        var path = Path.Combine(_folder, "ok.xml");
        SmokeJUnitWriter.Write(Report(400), path);
        var cases = XDocument.Load(path).Descendants("testcase").ToArray();
        Assert.Null(cases.Single(c => c.Attribute("name")!.Value == SmokeJUnitWriter.SlaCaseName).Element("failure"));
        Assert.Equal("1", XDocument.Load(path).Root!.Element("testsuite")!.Attribute("failures")!.Value);
    }

    [Fact]
    public void JsonLinesAppendOneParsableLinePerRun()
    {
        var path = Path.Combine(_folder, "log", "smoke.jsonl");
        SmokeJsonLines.Append(Report(400), path);
        SmokeJsonLines.Append(Report(6000), path);

        var lines = File.ReadAllLines(path);
        Assert.Equal(2, lines.Length);
        using var second = JsonDocument.Parse(lines[1]);
        var root = second.RootElement;
        Assert.Equal("jobfinder-prod", root.GetProperty("projectId").GetString());
        Assert.False(root.GetProperty("passed").GetBoolean());
        Assert.Equal(2, root.GetProperty("total").GetInt32());
        Assert.Equal("$.result.success == true", root.GetProperty("checks")[1].GetProperty("failedAssertion").GetString());
        Assert.False(root.GetProperty("checks")[0].TryGetProperty("reason", out _)); // nulls omitted
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
