using System.Text;

namespace JobFinder.Ops.Tests.Project;

/// <summary>A throw-away repository folder for loader tests. Starts with a minimal valid project
/// (one codebase, one function, .firebaserc with staging/production) that each test bends.</summary>
internal sealed class TempProject : IDisposable
{
    public const string MinimalManifest = """
        specVersion: v1alpha1
        endpoints:
          health:
            entryPoint: health
            httpsTrigger: {}
        """;

    public TempProject(bool minimal = true)
    {
        Root = Path.Combine(Path.GetTempPath(), "jf-project-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Root);
        if (minimal)
        {
            Write("firebase.json", """{ "functions": { "source": "functions", "runtime": "nodejs20" } }""");
            Write(".firebaserc", """{ "projects": { "default": "jobfinder-staging", "staging": "jobfinder-staging", "production": "jobfinder-prod" } }""");
            Write("functions/functions.yaml", MinimalManifest);
            Write("functions/index.js", "exports.health = () => {};\n");
        }
    }

    public string Root { get; }

    public string PathOf(string relative) => Path.Combine(Root, relative.Replace('/', Path.DirectorySeparatorChar));

    public TempProject Write(string relative, string content)
    {
        var path = PathOf(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content, new UTF8Encoding(false));
        return this;
    }

    public TempProject Delete(string relative)
    {
        File.Delete(PathOf(relative));
        return this;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A virus scanner or indexer holding a file must not fail the test; the OS cleans temp.
        }
    }

    /// <summary>The repository's examples/job-finder-be, found by walking up from this source file
    /// (builds use an --artifacts-path outside the repository, so the binaries' folder will not do).</summary>
    public static string ExamplePath([System.Runtime.CompilerServices.CallerFilePath] string sourceFile = "")
    {
        for (var dir = new DirectoryInfo(Path.GetDirectoryName(sourceFile)!); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "examples", "job-finder-be");
            if (File.Exists(Path.Combine(candidate, "firebase.json")))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("examples/job-finder-be not found above " + sourceFile);
    }

    /// <summary>Copies a folder tree (the example) into a new temp project.</summary>
    public static TempProject CopyOf(string source)
    {
        var project = new TempProject(minimal: false);
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint };
        foreach (var file in Directory.EnumerateFiles(source, "*", options))
        {
            var relative = Path.GetRelativePath(source, file);
            var target = Path.Combine(project.Root, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        // node_modules (a link into out/npm made by build.ps1) is linked again, not copied.
        foreach (var folder in Directory.EnumerateDirectories(source, "*", options).Prepend(source))
        {
            var modules = new DirectoryInfo(Path.Combine(folder, "node_modules"));
            if (modules.Exists && modules.LinkTarget is not null)
            {
                var target = Path.Combine(project.Root, Path.GetRelativePath(source, modules.FullName));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                Directory.CreateSymbolicLink(target, modules.ResolveLinkTarget(returnFinalTarget: true)!.FullName);
            }
        }

        return project;
    }

    /// <summary>A copy of the example whose functions/functions.yaml is the manifest the example's SDK
    /// reports (read once per test run): loads read it as firebase-tools would, without starting Node,
    /// for tests that load the example hundreds of times (the fuzzers).</summary>
    public static TempProject StaticCopyOfExample()
    {
        var copy = CopyOf(ExamplePath());
        copy.Write("functions/functions.yaml", ExampleSdkManifest.Value);
        return copy;
    }

    private static readonly Lazy<string> ExampleSdkManifest = new(() => NodeFixtures.SdkManifest(Path.Combine(ExamplePath(), "functions"), "jobfinder-staging"));

    /// <summary>Links <paramref name="relativeFolder"/>/node_modules to the shared install of the
    /// discovery fixtures (tests/Fixtures/NodeCodebases, installed by build.ps1).</summary>
    public TempProject LinkNodeModules(string relativeFolder)
    {
        var target = PathOf(relativeFolder + "/node_modules");
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        Directory.CreateSymbolicLink(target, NodeFixtures.Modules);
        return this;
    }
}
