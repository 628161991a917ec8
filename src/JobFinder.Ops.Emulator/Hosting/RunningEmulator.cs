using JobFinder.Ops.Emulator.Infrastructure.Persistence;

namespace JobFinder.Ops.Emulator.Hosting;

/// <summary>A started emulator. Dispose to stop it: state is saved (with a data path) and a temporary key
/// folder is deleted.</summary>
public sealed class RunningEmulator : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly EmulatorContext context;
    private readonly StatePersistence persistence;
    private readonly string? temporaryDirectory;
    private int disposed;

    internal RunningEmulator(WebApplication app, EmulatorContext context, StatePersistence persistence, string? temporaryDirectory)
    {
        this.app = app;
        this.context = context;
        this.persistence = persistence;
        this.temporaryDirectory = temporaryDirectory;
    }

    /// <summary><c>http://127.0.0.1:PORT/</c> (trailing slash).</summary>
    public Uri BaseAddress => context.BaseAddress;

    /// <summary><c>127.0.0.1:PORT</c> of the gRPC Firestore (<c>FIRESTORE_EMULATOR_HOST</c> for the Admin SDK).</summary>
    public string FirestoreEmulatorHost => context.FirestoreEmulatorHost;

    /// <summary>Deployer service-account key (owner of every project).</summary>
    public string KeyFilePath => context.KeyFilePath;

    /// <summary>Viewer service-account key (read-only).</summary>
    public string ReadOnlyKeyFilePath => context.ReadOnlyKeyFilePath;

    public IReadOnlyList<string> ProjectIds => context.ProjectIds;

    public string ApiKey => context.ApiKey;

    /// <summary>The web API key of <paramref name="projectId"/> (signs users into that project only).</summary>
    public string ApiKeyFor(string projectId) => context.ApiKeyFor(projectId);

    public TestUser TestUser => context.TestUser;

    public EmulatorOptions Options => context.Options;

    /// <summary>The emulator's services, for tests that need to look inside.</summary>
    public IServiceProvider Services => app.Services;

    /// <summary>Completes when the host stops (used by the CLI).</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => app.WaitForShutdownAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1)
        {
            return;
        }

        await app.StopAsync().ConfigureAwait(false);
        await persistence.ShutdownAsync().ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
        if (temporaryDirectory is not null && Directory.Exists(temporaryDirectory))
        {
            Directory.Delete(temporaryDirectory, recursive: true);
        }
    }
}
