using System.Reflection;
using System.Runtime.Loader;

namespace JobFinder.Ops.Cmdlets.Loading;

/// <summary>
/// The private AssemblyLoadContext that holds the engine (JobFinder.Ops.dll) and its third-party
/// packages from the module's <c>Dependencies/</c> folder. Another module that already loaded, say,
/// YamlDotNet 11 or Google.Apis.Core 1.68 into the default context cannot break us, and we cannot
/// break it (see PowerShell-Docs "resolving dependency conflicts", the "bridge" pattern).
/// Assemblies that are not in Dependencies/ (the framework, System.Management.Automation,
/// Newtonsoft.Json which PowerShell ships) fall through to the default context.
/// </summary>
internal sealed class EngineLoadContext : AssemblyLoadContext
{
    private readonly string _dependencyDirectory;

    public EngineLoadContext(string dependencyDirectory)
        : base("JobFinder.Ops.Engine", isCollectible: false)
    {
        _dependencyDirectory = dependencyDirectory;
    }

    public string DependencyDirectory => _dependencyDirectory;

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        var candidate = Path.Combine(_dependencyDirectory, assemblyName.Name + ".dll");
        return File.Exists(candidate) ? LoadFromAssemblyPath(candidate) : null;
    }
}
