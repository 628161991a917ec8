using JobFinder.Ops.Model;
using JobFinder.Ops.Project;
using Xunit;

namespace JobFinder.Ops.Tests.Project;

public class SourceHasherTests
{
    private static readonly SourceArchive Archive = new("default", "/tmp/x.zip", 10, new string('a', 64), ["index.js"]);

    private static readonly ProjectFunction Function = new()
    {
        Id = "submitJob",
        Codebase = "default",
        SourceDirectory = "/repo/functions",
        Runtime = "nodejs20",
        EntryPoint = "submitJob",
        Region = "us-central1",
        Regions = ["us-central1"],
        TriggerKind = FunctionTriggerKind.Callable,
        AvailableMemoryMb = 512,
        Labels = [new Label("team", "job-finder")],
        EnvironmentVariables = [new EnvironmentVariable("LOG_LEVEL", "info", ".env")],
        SecretEnvironmentVariables = [new SecretEnvironmentVariable("API_KEY", "API_KEY")],
    };

    [Fact]
    public void IsAStableLowercaseLabelValue()
    {
        var hash = SourceHasher.Compute(Archive, Function);

        Assert.Equal(hash, SourceHasher.Compute(Archive with { Path = "/elsewhere.zip" }, Function with { SourceDirectory = "/other/checkout" }));
        Assert.Equal(SourceHasher.Length, hash.Length);
        Assert.True(hash.Length <= 63);
        Assert.Matches("^[0-9a-f]+$", hash);
    }

    [Fact]
    public void OurOwnLabelAndEnvSourcesDoNotCount()
    {
        var hash = SourceHasher.Compute(Archive, Function);

        var relabelled = Function with { Labels = [.. Function.Labels, new Label(SourceHasher.LabelKey, "old")] };
        var movedFile = Function with { EnvironmentVariables = [new EnvironmentVariable("LOG_LEVEL", "info", ".env.production")] };

        Assert.Equal(hash, SourceHasher.Compute(Archive, relabelled));
        Assert.Equal(hash, SourceHasher.Compute(Archive, movedFile));
    }

    public static TheoryData<string, ProjectFunction, SourceArchive> Changes() => new()
    {
        { "code", Function, Archive with { Sha256 = new string('b', 64) } },
        { "memory", Function with { AvailableMemoryMb = 1024 }, Archive },
        { "timeout", Function with { TimeoutSeconds = 30 }, Archive },
        { "runtime", Function with { Runtime = "nodejs22" }, Archive },
        { "entry point", Function with { EntryPoint = "submitJobV2" }, Archive },
        { "max instances", Function with { MaxInstances = 3 }, Archive },
        { "region", Function with { Regions = ["europe-west1"] }, Archive },
        { "label", Function with { Labels = [new Label("team", "other")] }, Archive },
        { "env value", Function with { EnvironmentVariables = [new EnvironmentVariable("LOG_LEVEL", "debug", ".env")] }, Archive },
        { "env name", Function with { EnvironmentVariables = [new EnvironmentVariable("LOG_LEVELS", "info", ".env")] }, Archive },
        { "secret", Function with { SecretEnvironmentVariables = [new SecretEnvironmentVariable("API_KEY", "API_KEY_V2")] }, Archive },
        { "trigger", Function with { TriggerKind = FunctionTriggerKind.Https }, Archive },
    };

    [Theory]
    [MemberData(nameof(Changes))]
    public void AnyDeployRelevantChangeChangesTheHash(string what, ProjectFunction changed, SourceArchive archive)
    {
        Assert.False(SourceHasher.Compute(Archive, Function) == SourceHasher.Compute(archive, changed), $"a change of {what} must change the hash");
    }

    [Fact]
    public void FieldBoundariesCannotBeImitated()
    {
        var a = Function with { EnvironmentVariables = [new EnvironmentVariable("A", "1\n3:env:B=1:2", ".env")] };
        var b = Function with { EnvironmentVariables = [new EnvironmentVariable("A", "1", ".env"), new EnvironmentVariable("B", "2", ".env")] };

        Assert.NotEqual(SourceHasher.Compute(Archive, a), SourceHasher.Compute(Archive, b));
    }
}
