using System.IO.Compression;
using JobFinder.Ops.Errors;
using JobFinder.Ops.Model;
using JobFinder.Ops.Project;
using Xunit;

namespace JobFinder.Ops.Tests.Project;

public class SourcePackagerTests
{
    private static TempProject RepoWithFiles() => new TempProject()
        .Write("firebase.json", """{ "functions": { "source": "functions", "runtime": "nodejs20" } }""")
        .Write("functions/src/b.js", "module.exports = 'b';\n")
        .Write("functions/src/a.js", "module.exports = 'a';\n")
        .Write("functions/package.json", "{}")
        .Write("functions/node_modules/dep/index.js", "ignored")
        .Write("functions/.git/HEAD", "ignored")
        .Write("functions/firebase-debug.log", "ignored")
        .Write("functions/firebase-debug.1.log", "ignored")
        .Write("functions/.secret.local", "GENERATOR_API_KEY=secret")
        .Write("functions/.env.local", "LOCAL=1")
        .Write("functions/.env", "APP=1\n");

    private static FunctionCodebase Codebase(TempProject repo, string environment = "staging") =>
        ProjectLoader.Load(repo.Root, environment).Codebases[0];

    [Fact]
    public void DefaultIgnoreListIsHonoured()
    {
        using var repo = RepoWithFiles();

        var files = new SourcePackager().ListFiles(Codebase(repo));

        Assert.Equal([".env", "functions.yaml", "index.js", "package.json", "src/a.js", "src/b.js"], files);
    }

    [Fact]
    public void CustomIgnoreGlobsReplaceTheDefaultsButNeverShipSecretsOrLogs()
    {
        using var repo = RepoWithFiles()
            .Write("firebase.json", """{ "functions": { "source": "functions", "runtime": "nodejs20", "ignore": ["src/**/b.js", "*.json", "{index,other}.js"] } }""");

        var files = new SourcePackager().ListFiles(Codebase(repo));

        // "{index,other}.js" has no '/', so it matches the name at any depth (node_modules/dep/index.js too).
        Assert.Equal([".env", ".env.local", ".git/HEAD", "functions.yaml", "src/a.js"], files);
    }

    [Fact]
    public async Task TheSameSourceGivesTheSameBytes()
    {
        using var repo = RepoWithFiles();
        var codebase = Codebase(repo);
        var packager = new SourcePackager();

        var first = await packager.PackageAsync(codebase, repo.PathOf("one.zip"));
        File.SetLastWriteTimeUtc(repo.PathOf("functions/src/a.js"), DateTime.UtcNow.AddDays(-3));
        var second = await packager.PackageAsync(codebase, repo.PathOf("two.zip"));

        Assert.Equal(first.Sha256, second.Sha256);
        Assert.Equal(File.ReadAllBytes(first.Path), File.ReadAllBytes(second.Path));
        Assert.Equal(64, first.Sha256.Length);
        Assert.Equal(new FileInfo(first.Path).Length, first.SizeBytes);
    }

    [Fact]
    public async Task TheZipHoldsExactlyTheListedFilesInOrderWithFixedTimestamps()
    {
        using var repo = RepoWithFiles();
        var archive = await new SourcePackager().PackageAsync(Codebase(repo), repo.PathOf("out.zip"));

        using var zip = ZipFile.OpenRead(archive.Path);

        Assert.Equal(archive.Files, zip.Entries.Select(e => e.FullName));
        Assert.All(zip.Entries, e => Assert.Equal(1980, e.LastWriteTime.Year));
        using var reader = new StreamReader(zip.GetEntry("src/a.js")!.Open());
        Assert.Equal("module.exports = 'a';\n", reader.ReadToEnd());
    }

    [Fact]
    public async Task ChangedContentChangesTheHash()
    {
        using var repo = RepoWithFiles();
        var codebase = Codebase(repo);
        var packager = new SourcePackager();

        var before = await packager.PackageAsync(codebase, repo.PathOf("one.zip"));
        repo.Write("functions/src/a.js", "module.exports = 'A';\n");
        var after = await packager.PackageAsync(codebase, repo.PathOf("two.zip"));

        Assert.NotEqual(before.Sha256, after.Sha256);
    }

    [Fact]
    public async Task OverTheLimitIsSourceArchiveTooLargeAndLeavesNoFile()
    {
        using var repo = RepoWithFiles();
        var random = new Random(7);
        var noise = new byte[64 * 1024];
        random.NextBytes(noise);
        File.WriteAllBytes(repo.PathOf("functions/src/blob.bin"), noise);

        var error = await Assert.ThrowsAsync<JobFinderException>(() => new SourcePackager(maxArchiveBytes: 32 * 1024).PackageAsync(Codebase(repo), repo.PathOf("big.zip")));

        Assert.Equal("SourceArchiveTooLarge", error.ErrorId);
        Assert.Equal(ErrorKind.LimitsExceeded, error.Kind);
        Assert.Contains("32,768", error.Message);
        Assert.False(File.Exists(repo.PathOf("big.zip")));
    }

    [Fact]
    public void TheDefaultLimitIsTheDocumentedHundredMegabytes()
    {
        Assert.Equal(100L * 1024 * 1024, SourcePackager.DefaultMaxArchiveBytes);
    }

    [Theory]
    [InlineData("node_modules", "node_modules", true)]
    [InlineData("node_modules", "a/node_modules", true)]
    [InlineData("*.local", ".secret.local", true)]
    [InlineData("*.local", "sub/.env.local", true)]
    [InlineData("*.log", "logs/app.log", true)]
    [InlineData("src/*.js", "src/a.js", true)]
    [InlineData("src/*.js", "src/deep/a.js", false)]
    [InlineData("src/**/*.js", "src/deep/a.js", true)]
    [InlineData("**/test/**", "test/x.js", true)]
    [InlineData("file?.txt", "file1.txt", true)]
    [InlineData("[ab].txt", "c.txt", false)]
    [InlineData("!keep.js", "other.js", true)]
    [InlineData("!keep.js", "keep.js", false)]
    [InlineData("{broken", "{broken", true)]
    public void GlobsMatchLikeFirebaseTools(string pattern, string path, bool ignored)
    {
        Assert.Equal(ignored, new IgnoreGlobMatcher([pattern]).IsIgnored(path));
    }
}
