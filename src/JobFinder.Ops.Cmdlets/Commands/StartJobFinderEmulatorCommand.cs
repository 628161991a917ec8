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
/// <remarks>Help (Get-Help Start-JobFinderEmulator): docs/help/Start-JobFinderEmulator.md.</remarks>
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

    /// <summary>Fast (tests: operations finish in milliseconds) or Realistic (Google's operation durations, times -TimeScale).</summary>
    [Parameter]
    [ValidateSet("Fast", "Realistic")]
    public string Profile { get; set; } = "Fast";

    /// <summary>Scales Google's clock: Cloud Monitoring timing (request metrics in 60 s points, visible 180 s after they end), the admin-API quota windows and, with Realistic, the operation durations: 1/60 shows 1 s points 3 s later and allows Google's per-minute quotas per second. Default: 1 with Realistic, 1/60 with Fast.</summary>
    [Parameter]
    [ValidateRange(0.001, 1.0)]
    public double? TimeScale { get; set; }

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
            TimeScale = TimeScale,
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
