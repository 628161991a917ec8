using System.Management.Automation;
using JobFinder.Ops.Cmdlets.Bases;
using JobFinder.Ops.Cmdlets.Session;
using JobFinder.Ops.Model;

namespace JobFinder.Ops.Commands;

/// <summary>Shows where this session's JobFinder commands go: emulator or Google, with which credentials.</summary>
/// <remarks>Help (Get-Help Get-JobFinderContext): docs/help/Get-JobFinderContext.md.</remarks>
[Cmdlet(VerbsCommon.Get, "JobFinderContext", HelpUri = "https://github.com/jobfinder/JobFinder.Ops/blob/main/README.md")]
[OutputType(typeof(JobFinderContext))]
public sealed class GetJobFinderContextCommand : JobFinderCmdlet
{
    protected override void ProcessRecordCore() =>
        WriteObject(RunEngine((events, token) => SessionContextReader.ReadAsync(token)));
}
