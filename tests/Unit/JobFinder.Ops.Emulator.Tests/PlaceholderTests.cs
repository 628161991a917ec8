using Xunit;
namespace JobFinder.Ops.Emulator.Tests;
public class BuildTests { [Fact] public void Builds() => Assert.True(true); }
