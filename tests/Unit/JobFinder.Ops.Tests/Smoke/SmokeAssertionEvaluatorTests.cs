using System.Text.Json;
using JobFinder.Ops.Model;
using JobFinder.Ops.Project;
using JobFinder.Ops.Smoke;
using Xunit;

namespace JobFinder.Ops.Tests.Smoke;

public sealed class SmokeAssertionEvaluatorTests
{
    private const string Body = """
        {"result":{"success":true,"count":3,"ratio":0.5,"name":"Smoke Test Engineer","tags":["smoke-test","x"],"data":{"a":1},"none":null}}
        """;

    [Theory]
    [InlineData("$.result.success == true")]
    [InlineData("$.result.count == 3")]
    [InlineData("$.result.count == 3.0")]
    [InlineData("$.result.name == \"Smoke Test Engineer\"")]
    [InlineData("$.result.none == null")]
    [InlineData("$.result.success != false")]
    [InlineData("$.result.count != \"3\"")]
    [InlineData("$.result.missing != 1")]
    [InlineData("$.result.count > 2")]
    [InlineData("$.result.count >= 3")]
    [InlineData("$.result.ratio < 1")]
    [InlineData("$.result.ratio <= 0.5")]
    [InlineData("$.result.name contains \"Test\"")]
    [InlineData("$.result.tags contains \"smoke-test\"")]
    [InlineData("$.result.data contains \"a\"")]
    [InlineData("$.result.data exists")]
    [InlineData("$.result.none exists")]
    public void Holds(string text) => Assert.Null(Evaluate(text, Body));

    [Theory]
    [InlineData("$.result.success == false", "$.result.success is true")]
    [InlineData("$.result.count == \"3\"", "$.result.count is 3")]
    [InlineData("$.result.name == \"other\"", "$.result.name is \"Smoke Test Engineer\"")]
    [InlineData("$.result.success != true", "$.result.success is true")]
    [InlineData("$.result.count > 3", "$.result.count is 3")]
    [InlineData("$.result.count < 3", "$.result.count is 3")]
    [InlineData("$.result.name > 1", "not a number")]
    [InlineData("$.result.name contains \"nope\"", "is \"Smoke Test Engineer\"")]
    [InlineData("$.result.tags contains \"nope\"", "$.result.tags is [")]
    [InlineData("$.result.count contains 3", "$.result.count is 3")]
    [InlineData("$.result.missing exists", "$.result.missing is missing")]
    [InlineData("$.result.missing == 1", "$.result.missing is missing")]
    public void FailsNamingTheActualValue(string text, string reason) =>
        Assert.Contains(reason, Evaluate(text, Body), StringComparison.Ordinal);

    [Fact]
    public void ABodyThatIsNotJsonFailsEveryAssertion() =>
        Assert.Equal("the response body is not JSON", SmokeAssertionEvaluator.Evaluate(Parse("$.status exists"), null));

    [Fact]
    public void LongActualValuesAreCut()
    {
        var body = "{\"a\":\"" + new string('x', 400) + "\"}";
        var reason = Evaluate("$.a == \"y\"", body)!;
        Assert.EndsWith("...", reason, StringComparison.Ordinal);
        Assert.True(reason.Length < 160);
    }

    [Theory]
    [InlineData("$.items[*].id exists")]
    [InlineData("$..id == 1")]
    public void TheSettingsParserRejectsPathsTheRunnerCannotFollow(string text)
    {
        Assert.Null(SmokeAssertionParser.TryParse(text, out var problem));
        Assert.NotNull(problem);
    }

    private static string? Evaluate(string text, string body)
    {
        using var document = JsonDocument.Parse(body);
        return SmokeAssertionEvaluator.Evaluate(Parse(text), document.RootElement);
    }

    private static SmokeAssertion Parse(string text) =>
        SmokeAssertionParser.TryParse(text, out var problem) ?? throw new InvalidOperationException(problem);
}
