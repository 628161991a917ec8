using System.Text.Json;
using JobFinder.Ops.Smoke;
using Xunit;

namespace JobFinder.Ops.Tests.Smoke;

public sealed class JsonPathLiteTests
{
    private const string Body = """
        {"result":{"success":true,"jobId":"j-1","items":[{"id":"a"},{"id":"b"}],"odd key":5,"nothing":null},"status":"healthy"}
        """;

    [Theory]
    [InlineData("$", "object")]
    [InlineData("$.status", "\"healthy\"")]
    [InlineData("$.result.success", "true")]
    [InlineData("$.result.items[0].id", "\"a\"")]
    [InlineData("$.result.items[-1].id", "\"b\"")]
    [InlineData("$['result']['odd key']", "5")]
    [InlineData("$[\"result\"].jobId", "\"j-1\"")]
    [InlineData("$.result.nothing", "null")]
    public void SelectsTheNamedValue(string path, string expected)
    {
        using var document = JsonDocument.Parse(Body);
        var parsed = JsonPathLite.TryParse(path, out var problem);
        Assert.Null(problem);
        Assert.True(parsed!.TrySelect(document.RootElement, out var value));
        Assert.Equal(expected, value.ValueKind == JsonValueKind.Object ? "object" : value.GetRawText());
    }

    [Theory]
    [InlineData("$.missing")]
    [InlineData("$.result.items[2]")]
    [InlineData("$.result.items[-3]")]
    [InlineData("$.status.length")]
    [InlineData("$.result[0]")]
    [InlineData("$.result.jobId[0]")]
    public void ReportsAbsentValues(string path)
    {
        using var document = JsonDocument.Parse(Body);
        Assert.False(JsonPathLite.TryParse(path, out _)!.TrySelect(document.RootElement, out _));
    }

    [Theory]
    [InlineData("result.success", "must start with '$'")]
    [InlineData("$.result.*", "wildcards")]
    [InlineData("$..id", "empty member name")]
    [InlineData("$.items[*]", "not an array index")]
    [InlineData("$.items[?(@.id)]", "not an array index")]
    [InlineData("$['open", "unterminated")]
    [InlineData("$.items[0", "unterminated")]
    [InlineData("$x", "expected '.' or '['")]
    public void RejectsWhatItCannotFollow(string path, string reason)
    {
        Assert.Null(JsonPathLite.TryParse(path, out var problem));
        Assert.Contains(reason, problem, StringComparison.Ordinal);
    }
}
