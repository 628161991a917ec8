using System.Management.Automation;
using JobFinder.Ops.Cmdlets.Session;

namespace JobFinder.Ops.Cmdlets.Loading;

/// <summary>
/// Runs when the module is removed (Remove-Module, or Import-Module -Force replacing it): stops every
/// emulator this session started, so no emulator process outlives the module that owns it.
/// </summary>
public sealed class ModuleAssemblyCleanup : IModuleAssemblyCleanup
{
    public void OnRemove(PSModuleInfo psModuleInfo) => JobFinderSession.StopAllEmulators();
}
