using System.Management.Automation;
using System.Reflection;
using System.Runtime.Loader;

namespace JobFinder.Ops.Cmdlets.Loading;

/// <summary>
/// Runs when PowerShell imports the cmdlet assembly. It hooks the default context's Resolving
/// event for exactly one assembly name, the engine, and answers it from <see cref="EngineLoadContext"/>.
/// Everything the engine needs is then resolved inside that context.
/// When the engine dll sits next to this one (xunit tests, a plain `dotnet build`), no hook is
/// needed and the default context finds it first.
/// </summary>
public sealed class ModuleAssemblyInitializer : IModuleAssemblyInitializer
{
    private const string EngineAssemblyName = "JobFinder.Ops";
    private static readonly object s_sync = new();
    private static EngineLoadContext? s_context;

    /// <summary>The context the engine loaded into, or null when it loaded side by side.</summary>
    internal static EngineLoadContext? Context => s_context;

    public void OnImport() => RegisterEngineResolver();

    /// <summary>
    /// Hooks the resolver. The module's psm1 (a nested module, so it runs before PowerShell analyses
    /// this assembly) calls this first: enumerating the cmdlet types already needs the engine when a
    /// cmdlet has a parameter of an engine value type (an enum such as RolloutStrategy lays out its
    /// backing field), and IModuleAssemblyInitializer.OnImport only runs after that analysis.
    /// Idempotent.
    /// </summary>
    public static void RegisterEngineResolver()
    {
        lock (s_sync)
        {
            if (s_context is not null)
            {
                return;
            }

            var moduleDirectory = Path.GetDirectoryName(typeof(ModuleAssemblyInitializer).Assembly.Location)!;
            var dependencyDirectory = Path.Combine(moduleDirectory, "Dependencies");
            if (!Directory.Exists(dependencyDirectory))
            {
                return;
            }

            s_context = new EngineLoadContext(dependencyDirectory);
            AssemblyLoadContext.Default.Resolving += ResolveEngine;
        }
    }

    private static Assembly? ResolveEngine(AssemblyLoadContext defaultContext, AssemblyName name)
    {
        if (!string.Equals(name.Name, EngineAssemblyName, StringComparison.Ordinal) || s_context is null)
        {
            return null;
        }

        return s_context.LoadFromAssemblyName(name);
    }
}
