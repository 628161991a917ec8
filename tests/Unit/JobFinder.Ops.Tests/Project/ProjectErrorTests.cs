using JobFinder.Ops.Errors;
using JobFinder.Ops.Project;
using Xunit;

namespace JobFinder.Ops.Tests.Project;

public class ProjectErrorTests
{
    private static T Fails<T>(TempProject repo, string? environment = "staging")
        where T : JobFinderException => Assert.IsAssignableFrom<T>(Assert.ThrowsAny<JobFinderException>(() => ProjectLoader.Load(repo.Root, environment)));

    [Fact]
    public void MalformedFirebaseJsonReportsOneBasedLineAndColumn()
    {
        using var repo = new TempProject().Write("firebase.json", "{\n  \"functions\": {\n    \"source\" \"functions\"\n  }\n}");

        var error = Fails<JobFinderConfigurationException>(repo);

        Assert.Equal("FirebaseJsonMalformed", error.ErrorId);
        Assert.Equal(repo.PathOf("firebase.json"), error.FilePath);
        Assert.Equal(3, error.Line);
        Assert.Equal(14, error.Column);
        Assert.Contains(":3:14:", error.Message);
    }

    [Fact]
    public void WrongTypeInFirebaseJsonIsInvalidWithPosition()
    {
        using var repo = new TempProject().Write("firebase.json", "{\n  \"functions\": { \"source\": 42 }\n}");

        var error = Fails<JobFinderConfigurationException>(repo);

        Assert.Equal("FirebaseJsonInvalid", error.ErrorId);
        Assert.Equal("functions.source", error.Field);
        Assert.Equal(2, error.Line);
        Assert.Equal(28, error.Column);
    }

    [Fact]
    public void MissingFirebaseJson()
    {
        using var repo = new TempProject(minimal: false);

        var error = Fails<JobFinderException>(repo);

        Assert.Equal("FirebaseJsonNotFound", error.ErrorId);
        Assert.Equal(ErrorKind.ObjectNotFound, error.Kind);
        Assert.Equal(repo.PathOf("firebase.json"), error.Target);
    }

    [Fact]
    public void UnknownAliasListsTheKnownOnes()
    {
        using var repo = new TempProject();

        var error = Fails<JobFinderException>(repo, "prod");

        Assert.Equal("EnvironmentAliasUnknown", error.ErrorId);
        Assert.Equal(ErrorKind.ObjectNotFound, error.Kind);
        Assert.Contains("default, staging, production", error.Message);
        Assert.Equal("prod", error.Target);
    }

    [Fact]
    public void NoEnvironmentAndNoDefaultAlias()
    {
        using var repo = new TempProject().Write(".firebaserc", """{ "projects": { "staging": "jobfinder-staging" } }""");

        Assert.Equal("EnvironmentNotSpecified", Fails<JobFinderException>(repo, null).ErrorId);
    }

    [Fact]
    public void MalformedFirebaseRc()
    {
        using var repo = new TempProject().Write(".firebaserc", "{ \"projects\": { \"staging\": } }");

        var error = Fails<JobFinderConfigurationException>(repo);

        Assert.Equal("FirebaseRcMalformed", error.ErrorId);
        Assert.Equal(1, error.Line);
    }

    [Theory]
    [InlineData("""{ "functions": { "runtime": "nodejs20" }, "firestore": { "rules": "missing.rules" } }""", "RulesFileNotFound", "missing.rules")]
    [InlineData("""{ "functions": { "runtime": "nodejs20" }, "firestore": { "indexes": "missing.json" } }""", "IndexesFileNotFound", "missing.json")]
    [InlineData("""{ "functions": { "runtime": "nodejs20" }, "storage": { "rules": "nope/storage.rules" } }""", "RulesFileNotFound", "nope/storage.rules")]
    [InlineData("""{ "functions": { "source": "backend", "runtime": "nodejs20" } }""", "FunctionsSourceNotFound", "backend")]
    public void MissingReferencedPathsHaveDistinctIdsAndThePathAsTarget(string firebaseJson, string errorId, string relative)
    {
        using var repo = new TempProject().Write("firebase.json", firebaseJson);

        var error = Fails<JobFinderException>(repo);

        Assert.Equal(errorId, error.ErrorId);
        Assert.Equal(ErrorKind.ObjectNotFound, error.Kind);
        Assert.Equal(Path.GetFullPath(repo.PathOf(relative)), error.Target);
    }

    [Fact]
    public void UnknownRuntimeInFirebaseJsonPointsAtIt()
    {
        using var repo = new TempProject().Write("firebase.json", "{\n  \"functions\": {\n    \"runtime\": \"nodejs8\"\n  }\n}");

        var error = Fails<JobFinderConfigurationException>(repo);

        Assert.Equal("FunctionsRuntimeUnknown", error.ErrorId);
        Assert.Equal((3L, 16L), (error.Line!.Value, error.Column!.Value));
        Assert.Contains("nodejs20", error.Message);
    }

    [Fact]
    public void NoRuntimeAnywhereIsRuntimeUnknown()
    {
        using var repo = new TempProject().Write("firebase.json", """{ "functions": { "source": "functions" } }""");

        Assert.Equal("FunctionsRuntimeUnknown", Fails<JobFinderConfigurationException>(repo).ErrorId);
    }

    [Fact]
    public void NoManifestAndNoInstalledDependencies()
    {
        // Without functions.yaml the code is loaded, which needs its dependencies installed.
        using var repo = new TempProject().Delete("functions/functions.yaml");

        var error = Fails<JobFinderException>(repo);

        Assert.Equal("FunctionsDependenciesMissing", error.ErrorId);
        Assert.Equal(repo.PathOf("functions"), error.Target);
        Assert.Contains("npm ci", error.RecommendedAction);
    }

    [Theory]
    [InlineData("specVersion: v1alpha1\nendpoints:\n  health:\n    entryPoint: [unclosed\n", 5, "not valid YAML")]
    [InlineData("specVersion: v1alpha1\nendpoints:\n  health:\n    entryPoint: health\n", 4, "no trigger")]
    [InlineData("specVersion: v1alpha1\nendpoints:\n  health:\n    entryPoint: health\n    httpsTrigger: {}\n    availableMemoryMb: 300\n", 6, "availableMemoryMb")]
    [InlineData("specVersion: v1alpha1\nendpoints:\n  health:\n    entryPoint: health\n    httpsTrigger: {}\n    timeoutSecs: 3\n", 6, "Unknown endpoint key")]
    [InlineData("specVersion: v2\nendpoints: {}\n", 1, "specVersion")]
    [InlineData("specVersion: v1alpha1\nendpoints:\n  h:\n    entryPoint: h\n    eventTrigger: { retry: true }\n", 5, "eventType")]
    public void MalformedManifestReportsTheLine(string yaml, int line, string messagePart)
    {
        using var repo = new TempProject().Write("functions/functions.yaml", yaml);

        var error = Fails<JobFinderConfigurationException>(repo);

        Assert.Equal("FunctionsManifestMalformed", error.ErrorId);
        Assert.Equal(repo.PathOf("functions/functions.yaml"), error.FilePath);
        Assert.Equal(line, error.Line);
        Assert.NotNull(error.Column);
        Assert.Contains(messagePart, error.Message);
    }

    [Fact]
    public void UnknownStorageTarget()
    {
        using var repo = new TempProject()
            .Write("firebase.json", """{ "functions": { "runtime": "nodejs20" }, "storage": [ { "target": "uploads", "rules": "s.rules" } ] }""")
            .Write("s.rules", "rules_version = '2';");

        Assert.Equal("DeployTargetUnknown", Fails<JobFinderException>(repo).ErrorId);
    }

    [Fact]
    public void DuplicateFunctionIdsAcrossCodebases()
    {
        using var repo = new TempProject()
            .Write("firebase.json", """{ "functions": [ { "source": "functions", "runtime": "nodejs20" }, { "source": "two", "codebase": "two", "runtime": "nodejs20" } ] }""")
            .Write("two/functions.yaml", TempProject.MinimalManifest);

        Assert.Equal("FunctionsManifestMalformed", Fails<JobFinderConfigurationException>(repo).ErrorId);
    }

    [Fact]
    public void ReservedKeyInEnvFile()
    {
        using var repo = new TempProject().Write("functions/.env", "# config\nAPP=1\nGCLOUD_PROJECT=other\n");

        var error = Fails<JobFinderConfigurationException>(repo);

        Assert.Equal("EnvFileReservedKey", error.ErrorId);
        Assert.Equal(repo.PathOf("functions/.env"), error.FilePath);
        Assert.Equal(3, error.Line);
    }

    [Fact]
    public void AManifestVariableTheDeploymentSetsIsRefusedAtItsLine()
    {
        // The deployment sets FIREBASE_CONFIG from the project's adminSdkConfig; a manifest value would be replaced unseen.
        using var repo = new TempProject().Write("functions/functions.yaml", TempProject.MinimalManifest + "\n    environmentVariables:\n      APP: one\n      FIREBASE_CONFIG: '{}'\n");

        var error = Fails<JobFinderConfigurationException>(repo);

        Assert.Equal("FunctionsManifestReservedVariable", error.ErrorId);
        Assert.Equal(repo.PathOf("functions/functions.yaml"), error.FilePath);
        Assert.Equal(8, error.Line);
        Assert.Contains("FIREBASE_CONFIG", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BothProjectIdAndAliasEnvFilesConflict()
    {
        using var repo = new TempProject()
            .Write("functions/.env.staging", "A=1\n")
            .Write("functions/.env.jobfinder-staging", "A=2\n");

        Assert.Equal("EnvFileConflict", Fails<JobFinderConfigurationException>(repo).ErrorId);
    }
}
