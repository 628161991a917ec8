using System.Reflection;
using JobFinder.Ops.Cmdlets.Loading;
using Xunit;

namespace JobFinder.Ops.Tests.Cmdlets;

/// <summary>
/// Import-Module loads every type of the cmdlet assembly before ModuleAssemblyInitializer.OnImport
/// registers the engine's load context. A type with a field of an engine value type (enum, struct)
/// cannot be laid out without the engine then, and the import fails for users; only the module's
/// own fresh-process import test would notice. This finds the field and names it.
/// </summary>
public sealed class CmdletAssemblyLoadTests
{
    private const BindingFlags AllFields = BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;

    [Fact]
    public void NoCmdletAssemblyTypeNeedsTheEngineToLoad()
    {
        var cmdlets = typeof(ModuleAssemblyInitializer).Assembly;
        var engine = typeof(JobFinder.Ops.Model.DeploymentRecord).Assembly;

        var offenders = cmdlets.GetTypes()
            .SelectMany(type => type.GetFields(AllFields).Select(field => (type, field)))
            .Where(pair => NeedsToLoad(pair.field.FieldType, engine))
            .Select(pair => $"{pair.type.FullName}.{pair.field.Name} : {pair.field.FieldType}")
            .ToList();

        Assert.True(offenders.Count == 0, "Fields of engine value types (use a string or a reference type): " + string.Join("; ", offenders));
    }

    [Fact]
    public void TheCheckSeesAnEngineEnumField()
    {
        var engine = typeof(JobFinder.Ops.Model.DeploymentRecord).Assembly;
        var engineEnum = engine.GetTypes().First(t => t.IsEnum && t.IsPublic);

        Assert.True(NeedsToLoad(engineEnum, engine));
        Assert.True(NeedsToLoad(typeof(Nullable<>).MakeGenericType(engineEnum), engine));
        Assert.False(NeedsToLoad(typeof(JobFinder.Ops.Model.DeploymentRecord), engine));
        Assert.False(NeedsToLoad(typeof(int), engine));
    }

    // A value type is laid out inline, so its assembly must load with the declaring type; that holds
    // for the value type arguments of a generic value type (int? of an engine enum) as well.
    private static bool NeedsToLoad(Type type, Assembly engine) =>
        type.IsValueType && (type.Assembly == engine || (type.IsGenericType && type.GetGenericArguments().Any(a => NeedsToLoad(a, engine))));
}
