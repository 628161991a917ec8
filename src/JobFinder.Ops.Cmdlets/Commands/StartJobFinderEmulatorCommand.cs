using System.Management.Automation;
using JobFinder.Ops.Cmdlets.Bases;
using JobFinder.Ops.Cmdlets.Completers;
using JobFinder.Ops.Cmdlets.Session;
using JobFinder.Ops.Emulator;
using JobFinder.Ops.Errors;
using JobFinder.Ops.Events;
using JobFinder.Ops.Google;
using JobFinder.Ops.Model;
using JobFinder.Ops.Project;

namespace JobFinder.Ops.Commands;

/// <summary>Starts the local Google Cloud emulator and points this session at it.</summary>
/// <remarks>
/// <para>The emulator is a local stand-in for Cloud Functions v2, Cloud Run v2, Firestore, Firebase Rules, Cloud Monitoring, Cloud Storage, Identity Toolkit and Artifact Registry that speaks Google's REST wire format on 127.0.0.1. It serves the deployed functions on loopback URLs and records every request as Cloud Monitoring data, so a whole deployment (canary analysis included) can be rehearsed without a Google project.</para>
/// <para>After it starts, JOBFINDER_EMULATOR_HOST is set for this process and the session connects with the emulator's deployer service-account key, so the real Google.Apis.Auth flow runs against the emulator's token endpoint. The emulator stops when Stop-JobFinderEmulator runs, when the module is removed, or when this PowerShell process exits; it runs in its own process group, so Ctrl+C at the session's prompt does not stop it. Starting another emulator leaves the first one running (the session points at the newest); each is stopped by piping its object to Stop-JobFinderEmulator, or all with Stop-JobFinderEmulator -All, and stopping the newest returns the session to the one before.</para>
/// <para>If the emulator dies (killed, or crashed), the session does not turn to Google: the next JobFinder command fails within two seconds with the error EmulatorUnreachable, which names the emulator and the ways on. Get-JobFinderContext shows where the session points and whether its emulator is alive.</para>
/// <para>-Profile Fast finishes long-running operations in milliseconds (tests); Realistic takes seconds (demos). -DataPath keeps the state across restarts.</para>
/// <para>It also sets up what the repository's smoke checks need, the way a CI job provides it: the environment variables its jobfinder.ops.json names in smoke.auth (JOBFINDER_API_KEY, JOBFINDER_SMOKE_EMAIL and JOBFINDER_SMOKE_PASSWORD by default) get the web API key of the environment's project and the emulator's seeded test user. The repository is -RepositoryPath, else the current location when it holds firebase.json; the environment is -Environment, else the repository's default alias (what commands use without -Environment). Without a repository the default variable names get the key of the emulator's first project. The output's ApiKeys holds every project's key (to switch environment: $env:JOBFINDER_API_KEY = $emulator.ApiKeys['jobfinder-prod']), SmokeProjectId and SmokeVariables say what was set, TestUserEmail names the user; the password is only in its variable, never in the output. Stopping the emulator puts back what those variables held before. See docs/SMOKE.md.</para>
/// </remarks>
/// <example>
/// <code>$emulator = Start-JobFinderEmulator
/// Get-JobFinderProject -RepositoryPath ./examples/job-finder-be -Environment production</code>
/// <para>Starts an emulator on a free port; every later JobFinder command talks to it.</para>
/// </example>
/// <example>
/// <code>Start-JobFinderEmulator -Port 8085 -Profile Realistic -DataPath ./.emulator</code>
/// <para>Starts a persistent emulator with demo timings on a fixed port.</para>
/// </example>
/// <example>
/// <code>$emulator = Start-JobFinderEmulator -RepositoryPath ./examples/job-finder-be -Environment production
/// $emulator.SmokeVariables</code>
/// <para>Starts an emulator and sets the smoke variables for the example's production project (jobfinder-prod), so its signed-in smoke checks pass; lists the variables it set.</para>
/// </example>
[Cmdlet(VerbsLifecycle.Start, "JobFinderEmulator", HelpUri = "https://github.com/jobfinder/JobFinder.Ops/blob/main/src/JobFinder.Ops.Emulator/README.md")]
[OutputType(typeof(EmulatorInstance))]
public sealed class StartJobFinderEmulatorCommand : JobFinderCloudCmdlet
{
    /// <summary>TCP port on 127.0.0.1; 0 (the default) picks a free one.</summary>
    [Parameter]
    [ValidateRange(0, 65535)]
    public int Port { get; set; }

    /// <summary>Folder where the emulator keeps its state (and its key files) across restarts.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? DataPath { get; set; }

    /// <summary>Fast (tests: operations finish in milliseconds) or Realistic (demos: seconds).</summary>
    [Parameter]
    [ValidateSet("Fast", "Realistic")]
    public string Profile { get; set; } = "Fast";

    /// <summary>Project ids the emulator serves (default: jobfinder-staging, jobfinder-prod, portfolio-site).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? ProjectId { get; set; }

    /// <summary>Accept only tokens the emulator issued (refuses the literal 'owner' token).</summary>
    [Parameter]
    public SwitchParameter Strict { get; set; }

    /// <summary>Seed the new emulator with this backup's live snapshot (functions with their config, revisions and traffic split, released rules, indexes, alert policies, and the export's documents) so a rehearsal runs against a twin of production. The backup's project must be one the emulator serves (-ProjectId).</summary>
    [Parameter]
    public BackupManifest? FromBackup { get; set; }

    /// <summary>The Firebase repository whose smoke checks the emulator is set up for (its smoke.auth variable names and .firebaserc); default: the current location when it holds firebase.json.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [Alias("RootPath", "ProjectRoot")]
    public string? RepositoryPath { get; set; }

    /// <summary>The .firebaserc alias (or project id) whose web API key goes into the smoke API key variable; default: the repository's default alias.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(EnvironmentAliasCompleter))]
    public string? Environment { get; set; }

    protected override void ProcessRecordCore()
    {
        // Read before the emulator starts: a repository or environment given by name that cannot be
        // loaded stops here, with nothing started.
        var smokeProject = SmokeProject();
        var previous = JobFinderSession.CurrentTarget;
        var previousNotConnected = previous.EmulatorHost is null && JobFinderSession.NotConnectedReason is not null;
        var moduleBase = MyInvocation.MyCommand.Module?.ModuleBase
            ?? Path.GetDirectoryName(typeof(StartJobFinderEmulatorCommand).Assembly.Location)!;
        var options = new EmulatorLaunchOptions
        {
            EmulatorDirectory = Path.Combine(moduleBase, "Emulator"),
            Port = Port,
            DataPath = DataPath is null ? null : GetUnresolvedProviderPathFromPSPath(DataPath),
            Profile = Profile.ToLowerInvariant(),
            Strict = Strict,
            ProjectIds = ProjectId ?? [],
        };
        var emulator = RunEngine((events, token) => EmulatorProcess.StartAsync(options, events, token));

        try
        {
            var names = smokeProject?.Settings.Smoke.Auth ?? new SmokeAuthSettings();
            RunEngine((events, _) => Task.FromResult(emulator.SetSmokeUser(names, smokeProject?.ProjectId ?? emulator.Instance.ProjectId, smokeProject?.Environment, events)));
        }
        catch (JobFinderException)
        {
            // The environment's project is not one this emulator serves: nothing is left running.
            emulator.Dispose();
            throw;
        }

        JobFinderSession.UseStartedEmulator(emulator);
        if (FromBackup is not null)
        {
            var source = previousNotConnected ? null : RunEngine((events, token) => SeedSourceAsync(previous, events, token));
            WriteVerbose("Seeded " + RunEngine(async (events, token) => await EmulatorSeeder.SeedFromSessionAsync(FromBackup, source, await JobFinderSession.GetConnectionAsync(token).ConfigureAwait(false), events, token).ConfigureAwait(false)));
        }

        WriteObject(emulator.Instance);
    }

    /// <summary>Where the backup's artifacts are read: where the session pointed before this emulator
    /// started, pinned to that emulator (JOBFINDER_EMULATOR_HOST now names the new one); null when that
    /// emulator is gone, so the seeder uses the backup's local copy rather than retrying a dead port.</summary>
    private static async Task<GoogleClientOptions?> SeedSourceAsync(SessionTarget previous, IEngineEventSink events, CancellationToken token)
    {
        if (previous.EmulatorHost is not { } host)
        {
            return previous.Options with { Environment = name => name == GoogleEndpoints.EmulatorHostVariable ? null : previous.Options.Environment(name) };
        }

        if (await JobFinderSession.FindEmulatorProblemAsync(host, token).ConfigureAwait(false) is { } problem)
        {
            events.Warning($"The emulator at {host}, where the session pointed before, is gone ({problem}); seeding from the backup's local copy only.");
            return null;
        }

        return previous.Options with { EmulatorHost = host };
    }

    /// <summary>The project whose smoke checks are set up: the named repository (errors end the command),
    /// else the current location's when it is a repository (a problem there only warns: the emulator is
    /// still useful), else none.</summary>
    private JobFinderProject? SmokeProject()
    {
        if (RepositoryPath is not null || Environment is not null)
        {
            return ResolveProject(null, RepositoryPath, Environment);
        }

        var here = SessionState.Path.CurrentFileSystemLocation.ProviderPath;
        if (!File.Exists(Path.Combine(here, ProjectLoader.FirebaseJsonFileName)))
        {
            return null;
        }

        try
        {
            return LoadProject(here, null);
        }
        catch (JobFinderException ex)
        {
            WriteWarning($"The repository at {here} could not be read ({ex.Message}); the smoke variables get the default names and the key of the emulator's first project.");
            return null;
        }
    }
}
