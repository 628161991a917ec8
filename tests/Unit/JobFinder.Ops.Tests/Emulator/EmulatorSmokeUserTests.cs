using JobFinder.Ops.Emulator;
using JobFinder.Ops.Model;
using Xunit;

namespace JobFinder.Ops.Tests.Emulator;

/// <summary>The smoke variables Start-JobFinderEmulator sets, and what stopping the emulator puts back.</summary>
public sealed class EmulatorSmokeUserTests
{
    private readonly Dictionary<string, string?> _environment = new(StringComparer.Ordinal);

    private EmulatorSmokeUser Apply(SmokeAuthSettings? names = null) =>
        EmulatorSmokeUser.Apply(names ?? new SmokeAuthSettings(), "key-staging", "smoke@example.test", "s3cret-password", ["key-staging", "key-prod"],
            name => _environment.GetValueOrDefault(name), (name, value) => _environment[name] = value);

    [Fact]
    public void SetsTheVariablesTheSettingsName()
    {
        var user = Apply(new SmokeAuthSettings { ApiKeyEnvVar = "MY_KEY", EmailEnvVar = "MY_EMAIL", PasswordEnvVar = "MY_PASSWORD" });

        Assert.Equal(["MY_KEY", "MY_EMAIL", "MY_PASSWORD"], user.Variables);
        Assert.Equal("key-staging", _environment["MY_KEY"]);
        Assert.Equal("smoke@example.test", _environment["MY_EMAIL"]);
        Assert.Equal("s3cret-password", _environment["MY_PASSWORD"]);
    }

    [Fact]
    public void RestorePutsBackWhatTheVariablesHeldAndRemovesWhatWasUnset()
    {
        _environment["JOBFINDER_API_KEY"] = "the user's real key";
        var user = Apply();
        _environment["JOBFINDER_API_KEY"] = "key-prod"; // switched to another environment of the same emulator

        user.Restore();

        Assert.Equal("the user's real key", _environment["JOBFINDER_API_KEY"]);
        Assert.Null(_environment["JOBFINDER_SMOKE_EMAIL"]);
        Assert.Null(_environment["JOBFINDER_SMOKE_PASSWORD"]);
    }

    [Fact]
    public void RestoreKeepsAValueTheUserSetSince()
    {
        var user = Apply();
        _environment["JOBFINDER_SMOKE_EMAIL"] = "someone-else@example.test";

        user.Restore();

        Assert.Equal("someone-else@example.test", _environment["JOBFINDER_SMOKE_EMAIL"]);
        Assert.Null(_environment["JOBFINDER_API_KEY"]);
    }
}
