using JobFinder.Ops.Model;
using Xunit;

namespace JobFinder.Ops.Tests;

public class SmokeBuildTests
{
    [Fact]
    public void OutcomeNamesAreStable() => Assert.Equal("RolledBack", DeploymentOutcome.RolledBack.ToString());
}
