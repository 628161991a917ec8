using JobFinder.Ops.Errors;
using JobFinder.Ops.Project;
using Xunit;

namespace JobFinder.Ops.Tests.Project;

public class DotEnvParserTests
{
    private static Dictionary<string, string> Parse(string text) =>
        DotEnvParser.Parse(text, "/repo/functions/.env").GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Last().Value);

    [Fact]
    public void PlainValuesCommentsAndWhitespace()
    {
        var env = Parse("# leading comment\n\n  KEY_A = value a  \nKEY_B=b # trailing comment\nEMPTY=\r\nURL=https://x.dev/a#frag\n");

        Assert.Equal("value a", env["KEY_A"]);
        Assert.Equal("b", env["KEY_B"]);
        Assert.Equal("", env["EMPTY"]);
        Assert.Equal("https://x.dev/a", env["URL"]);
    }

    [Fact]
    public void SingleQuotesAreLiteral()
    {
        var env = Parse("A='no \\n escapes # here'\nB='multi\nline'\n");

        Assert.Equal("no \\n escapes # here", env["A"]);
        Assert.Equal("multi\nline", env["B"]);
    }

    [Fact]
    public void DoubleQuotesUnescapeEveryOccurrence()
    {
        var env = Parse("A=\"line1\\nline2\\nline3\\t\\\"q\\\" \\\\ end\" # comment\n");

        Assert.Equal("line1\nline2\nline3\t\"q\" \\ end", env["A"]);
    }

    [Fact]
    public void DoubleQuotedValuesMaySpanLines()
    {
        var env = Parse("PUBLIC_KEY=\"-----BEGIN-----\nABC\nEFG\n-----END-----\"\nNEXT=1\n");

        Assert.Equal("-----BEGIN-----\nABC\nEFG\n-----END-----", env["PUBLIC_KEY"]);
        Assert.Equal("1", env["NEXT"]);
    }

    [Fact]
    public void LaterDuplicatesWin()
    {
        Assert.Equal("2", Parse("A=1\nA=2\n")["A"]);
    }

    [Theory]
    [InlineData("A=1\nnot a pair\n", 2)]
    [InlineData("A=1\nB=\"never closed\nC=3\n", 2)]
    [InlineData("A='x' trailing\n", 1)]
    [InlineData("lower_case=1\n", 1)]
    [InlineData("1ABC=1\n", 1)]
    public void MalformedLinesReportTheLine(string text, int line)
    {
        var error = Assert.Throws<JobFinderConfigurationException>(() => DotEnvParser.Parse(text, "/repo/functions/.env"));

        Assert.Equal("EnvFileMalformed", error.ErrorId);
        Assert.Equal(line, error.Line);
        Assert.Equal("/repo/functions/.env", error.FilePath);
    }

    [Theory]
    [InlineData("FIREBASE_CONFIG")]
    [InlineData("GCLOUD_PROJECT")]
    [InlineData("PORT")]
    [InlineData("K_SERVICE")]
    [InlineData("X_GOOGLE_ANYTHING")]
    [InlineData("FIREBASE_TOKEN")]
    [InlineData("EVENTARC_CLOUD_EVENT_SOURCE")]
    [InlineData("EXT_INSTANCE_ID")]
    [InlineData("KIT_NAME")]
    public void ReservedKeysAreRejected(string key)
    {
        var error = Assert.Throws<JobFinderConfigurationException>(() => DotEnvParser.Parse($"OK=1\n{key}=x\n", "/repo/functions/.env"));

        Assert.Equal("EnvFileReservedKey", error.ErrorId);
        Assert.Equal(2, error.Line);
        Assert.Equal(key, error.Field);
    }
}
