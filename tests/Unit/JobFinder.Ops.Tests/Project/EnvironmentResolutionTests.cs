using JobFinder.Ops.Errors;
using JobFinder.Ops.Project;
using Xunit;

namespace JobFinder.Ops.Tests.Project;

/// <summary>-Environment takes an alias or any project id, as <c>firebase deploy --project</c> does.</summary>
public class EnvironmentResolutionTests
{
    [Fact]
    public void AnAliasResolvesToItsProjectAndIsListed()
    {
        using var repo = new TempProject();

        var project = ProjectLoader.Load(repo.Root, "production");

        Assert.Equal("production", project.Environment);
        Assert.True(project.ProjectIdListed);
    }

    [Fact]
    public void AProjectIdThatFirebaseRcDoesNotListIsUsedAsItIs()
    {
        using var repo = new TempProject();

        var project = ProjectLoader.Load(repo.Root, "acme-preview-42");

        Assert.Equal("acme-preview-42", project.ProjectId);
        Assert.Null(project.Environment);
        Assert.False(project.ProjectIdListed);
    }

    [Fact]
    public void AProjectIdWorksWithoutAnyFirebaseRc()
    {
        using var repo = new TempProject().Delete(".firebaserc");

        var project = ProjectLoader.Load(repo.Root, "acme-preview-42");

        Assert.Equal("acme-preview-42", project.ProjectId);
        Assert.Null(project.FirebaseRcPath);
    }

    [Theory]
    [InlineData("Production", "production")]
    [InlineData("STAGING", "staging")]
    public void AnAliasMatchesWhateverItsCaseAsPowerShellNamesDo(string typed, string alias)
    {
        using var repo = new TempProject();

        var project = ProjectLoader.Load(repo.Root, typed);

        Assert.Equal(alias, project.Environment);
        Assert.True(project.ProjectIdListed);
    }

    [Theory]
    [InlineData("Prodution", "production")]
    [InlineData("prodution", "production")]
    [InlineData("stagign", "staging")]
    public void AnUnlistedIdWithinTwoEditsOfAnAliasIsRefusedAsATypo(string typo, string alias)
    {
        using var repo = new TempProject();

        var error = Assert.Throws<JobFinderException>(() => ProjectLoader.Load(repo.Root, typo));

        Assert.Equal("EnvironmentAliasUnknown", error.ErrorId);
        Assert.Contains($"Did you mean '{alias}'", error.RecommendedAction);
    }

    [Theory]
    [InlineData("prod")]             // shorter than 6
    [InlineData("Acme-Production")]  // upper case
    [InlineData("1acme-prod")]       // starts with a digit
    [InlineData("acme-prod-")]       // trailing hyphen
    public void AValueThatCannotBeAProjectIdIsRefused(string value)
    {
        using var repo = new TempProject();

        Assert.Equal("EnvironmentAliasUnknown", Assert.Throws<JobFinderException>(() => ProjectLoader.Load(repo.Root, value)).ErrorId);
    }

    [Theory]
    [InlineData("production", "production", 0)]
    [InlineData("prodution", "production", 1)]
    [InlineData("staigng", "staging", 1)]
    [InlineData("abc", "xyz", 3)]
    public void EditDistanceCountsInsertionsDeletionsSubstitutionsAndTranspositions(string a, string b, int expected) =>
        Assert.Equal(expected, EditDistance.Of(a, b));
}
