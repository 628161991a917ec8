using JobFinder.Ops.Errors;
using JobFinder.Ops.Model;
using JobFinder.Ops.Smoke;
using Xunit;

namespace JobFinder.Ops.Tests.Smoke;

public sealed class SmokeCheckFactoryTests
{
    [Fact]
    public void BuildsTheSameCheckTheSettingsFileDeclares()
    {
        var check = SmokeCheckFactory.Create(new SmokeCheckFactory.Input
        {
            Name = " Job submission ",
            Function = "submitJob",
            BodyJson = "{ \"data\": { \"title\": \"Smoke\" } }",
            Assertions = ["$.result.success == true", "$.result.jobId exists"],
            Auth = SmokeCheckAuth.FirebaseIdToken,
            Timeout = TimeSpan.FromSeconds(15),
            Retries = 2,
        });

        Assert.Equal("Job submission", check.Name);
        Assert.Equal("POST", check.Method);
        Assert.Equal("{\"data\":{\"title\":\"Smoke\"}}", check.Body);
        Assert.Equal(["$.result.success == true", "$.result.jobId exists"], check.Assertions.Select(a => a.Text));
        Assert.Equal("==", check.Assertions[0].Operator);
        Assert.Equal(SmokeCheckAuth.FirebaseIdToken, check.Auth);
        Assert.Equal(2, check.Retries);
        Assert.Equal("GET", SmokeCheckFactory.Create(new SmokeCheckFactory.Input { Name = "h", Url = "https://example.com/health" }).Method);
    }

    [Theory]
    [InlineData(null, null, null, null, "SmokeCheckInvalid")]
    [InlineData("f", "https://x.example", null, null, "SmokeCheckInvalid")]
    [InlineData(null, "ftp://x.example", null, null, "SmokeCheckInvalid")]
    [InlineData("f", null, "status", null, "SmokeCheckInvalid")]
    [InlineData("f", null, null, "{not json", "SmokeCheckInvalid")]
    public void RefusesInvalidChecks(string? function, string? url, string? path, string? body, string errorId) =>
        Assert.Equal(errorId, Assert.Throws<JobFinderException>(() => SmokeCheckFactory.Create(new SmokeCheckFactory.Input { Name = "c", Function = function, Url = url, Path = path, BodyJson = body })).ErrorId);

    [Fact]
    public void RefusesAnInvalidAssertionNamingIt()
    {
        var error = Assert.Throws<JobFinderException>(() => SmokeCheckFactory.Create(new SmokeCheckFactory.Input { Name = "c", Function = "f", Assertions = ["$.result.success = true"] }));
        Assert.Equal("SmokeAssertionInvalid", error.ErrorId);
        Assert.Contains("$.result.success = true", error.Message, StringComparison.Ordinal);
    }
}
