using JobFinder.Ops.Errors;
using JobFinder.Ops.Rollout;
using Xunit;

namespace JobFinder.Ops.Tests.Rollout;

public sealed class DeploymentTargetsTests
{
    [Fact]
    public void NothingSelectsEverything()
    {
        var targets = DeploymentTargets.Parse(null);
        Assert.True(targets.AllFunctions && targets.FirestoreRules && targets.FirestoreIndexes && targets.StorageRules);
    }

    [Fact]
    public void FirebaseDeployOnlySyntaxIsUnderstood()
    {
        var targets = DeploymentTargets.Parse("functions:submitJob, firestore:rules, functions:api:health");
        Assert.True(targets.Includes("default", "submitJob"));
        Assert.True(targets.Includes("api", "health"));
        Assert.False(targets.Includes("default", "health"));
        Assert.True(targets.FirestoreRules);
        Assert.False(targets.FirestoreIndexes);
        Assert.False(targets.StorageRules);
    }

    [Fact]
    public void ACodebaseNameSelectsItsFunctions()
    {
        var targets = DeploymentTargets.Parse("functions:api");
        Assert.True(targets.Includes("api", "anything"));
        Assert.False(targets.Includes("default", "anything"));
    }

    [Theory]
    [InlineData("hosting")]
    [InlineData("firestore:data")]
    [InlineData("functions:")]
    [InlineData("functions:a:b:c")]
    public void UnknownTargetsAreRefused(string only)
    {
        var error = Assert.Throws<JobFinderException>(() => DeploymentTargets.Parse(only));
        Assert.Equal("DeploymentOnlyFilterInvalid", error.ErrorId);
    }
}
