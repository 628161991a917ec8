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
    /// Hooks the resolver; idempotent. PowerShell calls OnImport only after it has loaded every
    /// type of this assembly to find the cmdlets, so no type here may need the engine to *load*:
    /// a field (an auto-property's backing field too) of an engine value type (an enum or struct)
    /// needs the engine to lay out the type, and importing fails. Reference-type fields, method
    /// bodies and parameters are fine. Cmdlets therefore take engine enums as validated strings;
    /// CmdletAssemblyLoadTests guards this. (Registering the resolver from the psm1 instead, before
    /// that scan, cost 0.1 s of every Import-Module.)
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
