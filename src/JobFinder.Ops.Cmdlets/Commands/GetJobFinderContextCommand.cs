using System.Management.Automation;
using JobFinder.Ops.Cmdlets.Bases;
using JobFinder.Ops.Cmdlets.Session;
using JobFinder.Ops.Model;

namespace JobFinder.Ops.Commands;

/// <summary>Shows where this session's JobFinder commands go: emulator or Google, with which credentials.</summary>
/// <remarks>
/// <para>Run it before a production command. It returns one JobFinderContext: Destination (Emulator, Google or NotConnected), the root URL of every API and what chose it (the emulator host, a JOBFINDER_&lt;API&gt;_URL variable, or Google's default), the kind of credentials (EmulatorServiceAccount, EmulatorOwnerToken, KeyFile, AccessToken or ApplicationDefault) with the key file, its service account and project, and the emulator: its HOST:PORT, whether this session started it (and its process id) or JOBFINDER_EMULATOR_HOST or Connect-JobFinderProject -EmulatorHost named it, and whether it is alive.</para>
/// <para>It never shows a token or key material and sends no request: credentials are named, not loaded (loading Application Default Credentials may contact Google), and the emulator is checked with one connection attempt to its port.</para>
/// <para>NotConnected means the emulator the session used was stopped and no emulator it used before still runs: every JobFinder command fails with SessionNotConnected until Start-JobFinderEmulator or Connect-JobFinderProject. A session that never chose anything goes to Google with Application Default Credentials, the documented default.</para>
/// </remarks>
/// <example>
/// <code>Get-JobFinderContext</code>
/// <para>Shows the destination, the credentials and the emulator of this session.</para>
/// </example>
/// <example>
/// <code>(Get-JobFinderContext).Endpoints</code>
/// <para>Lists the root URL of every API and whether the emulator, a JOBFINDER_&lt;API&gt;_URL variable or Google's default chose it.</para>
/// </example>
/// <example>
/// <code>if ((Get-JobFinderContext).Destination -ne 'Emulator') { throw 'This rehearsal must run against the emulator.' }</code>
/// <para>Guards a rehearsal script against running on Google.</para>
/// </example>
[Cmdlet(VerbsCommon.Get, "JobFinderContext", HelpUri = "https://github.com/jobfinder/JobFinder.Ops/blob/main/README.md")]
[OutputType(typeof(JobFinderContext))]
public sealed class GetJobFinderContextCommand : JobFinderCmdlet
{
    protected override void ProcessRecordCore() =>
        WriteObject(RunEngine((events, token) => SessionContextReader.ReadAsync(token)));
}
