using System.Net.Http.Json;
using JobFinder.Ops.Backup;
using JobFinder.Ops.Events;
using JobFinder.Ops.Google;
using JobFinder.Ops.Tests.Google;
using Xunit;

namespace JobFinder.Ops.Tests.Backup;

/// <summary>An emulator for backup tests, plus a scratch local backup root per test and helpers for
/// the admin endpoints backups care about (seeding documents, failing the next export).</summary>
public sealed class BackupEmulatorFixture : IAsyncLifetime
{
    public const string Project = EmulatorFixture.Project;


    public EmulatorFixture Emulator { get; } = new();

    public string TempRoot { get; } = Path.Combine(Path.GetTempPath(), "jf-backup-tests-" + Guid.NewGuid().ToString("N")[..8]);

    public BackupDestination Destination => new($"{Project}-backups", "tests/" + Guid.NewGuid().ToString("N")[..8]);

    public async Task InitializeAsync() => await Emulator.InitializeAsync();

    public async Task DisposeAsync()
    {
        await Emulator.DisposeAsync();
        if (Directory.Exists(TempRoot))
        {
            Directory.Delete(TempRoot, recursive: true);
        }
    }

    public BackupService Service(IEngineEventSink? events = null) => new(Emulator.Client(events));

    public BackupRequest Request(BackupDestination? destination = null, IReadOnlyList<string>? collections = null) => new()
    {
        ProjectId = Project,
        Environment = "staging",
        Destination = destination ?? Destination,
        LocalRoot = Path.Combine(TempRoot, Guid.NewGuid().ToString("N")[..8]),
        CollectionIds = collections ?? [],
    };

    public Task SeedAsync(string collection, int count) =>
        Emulator.PostAdminAsync("/_emulator/firestore/seed", new { project = Project, collection, count });

    public Task FailNextExportAsync() =>
        Emulator.PostAdminAsync("/_emulator/operation-faults", new { api = "firestore", kind = "fail", count = 1, message = "injected export failure" });

    public async Task<IReadOnlyList<string>> MutatingRequestsAsync()
    {
        var log = await Emulator.Admin.GetFromJsonAsync<RequestLog>("/_emulator/requests");
        return [.. log!.Requests.Where(r => r.Mutating).Select(r => $"{r.Method} {r.Path}")];
    }

    public sealed record RequestLog(List<RequestLogEntry> Requests);

    public sealed record RequestLogEntry(string Method, string Path, bool Mutating, int Status);
}
