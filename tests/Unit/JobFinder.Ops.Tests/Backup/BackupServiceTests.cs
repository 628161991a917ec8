using System.Net.Http.Json;
using System.Text;
using JobFinder.Ops.Backup;
using JobFinder.Ops.Errors;
using JobFinder.Ops.Google.Firestore;
using JobFinder.Ops.Google.Functions;
using JobFinder.Ops.Google.Storage;
using JobFinder.Ops.Model;
using JobFinder.Ops.Tests.Google;
using Xunit;

namespace JobFinder.Ops.Tests.Backup;

public sealed class BackupServiceTests(BackupEmulatorFixture fixture) : IClassFixture<BackupEmulatorFixture>
{
    [Fact]
    public async Task Backup_then_restore_verification_matches_counts_and_cleans_up_the_scratch_database()
    {
        await fixture.SeedAsync("restorecheck", 250);
        var service = fixture.Service();

        var manifest = await service.CreateAsync(fixture.Request());

        Assert.Equal("SUCCESSFUL", manifest.FirestoreExport.State);
        Assert.True(manifest.FirestoreExport.Documents >= 250);
        Assert.Equal(BackupVerificationStatus.Unverified, manifest.Verification);
        Assert.False(manifest.IsVerified);
        Assert.Matches(@"^\d{8}T\d{6}Z-staging-[0-9a-f]{6}$", manifest.Id);
        Assert.Contains(manifest.Artifacts, a => a.Name == "snapshot.json");
        Assert.Contains(manifest.Artifacts, a => a.Name == BackupIntegrityChecker.ExportObjectsArtifact);
        Assert.True(manifest.FirestoreExport.ObjectCount > 0);
        Assert.True(File.Exists(Path.Combine(manifest.LocalPath!, "manifest.json")));

        var verification = await service.VerifyAsync(manifest, new BackupVerifyOptions { Restore = true, SampleSize = 5 });

        Assert.True(verification.Passed, string.Join(Environment.NewLine, verification.Checks.Where(c => !c.Passed).Select(c => $"{c.Check} {c.Target}: {c.Message}")));
        Assert.Equal(BackupVerificationStatus.RestoreVerified, verification.Manifest.Verification);
        Assert.True(verification.Manifest.IsVerified);
        var count = Assert.Single(verification.Checks, c => c.Check == "DocumentCount" && c.Target == "restorecheck");
        Assert.Equal("250", count.Expected);
        Assert.Equal("250", count.Actual);
        var sample = Assert.Single(verification.Checks, c => c.Check == "DocumentSample" && c.Target == "restorecheck");
        Assert.Equal("5", sample.Actual);
        Assert.Contains(verification.Checks, c => c.Check == "ScratchCleanup" && c.Passed);
        Assert.Equal(manifest.Artifacts.Count * 2, verification.Checks.Count(c => c.Check == "ArtifactHash" && c.Passed));

        var databases = await new FirestoreAdminApi(fixture.Emulator.Client()).ListDatabasesAsync(BackupEmulatorFixture.Project);
        Assert.DoesNotContain(databases.Databases ?? [], d => d.Name!.Contains("restore-check", StringComparison.Ordinal));

        var saved = await service.ReadManifestAsync(manifest.LocalPath!);
        Assert.Equal(BackupVerificationStatus.RestoreVerified, saved.Verification);
        var fromBucket = await service.ReadManifestAsync(manifest.BucketUri);
        Assert.Equal(BackupVerificationStatus.RestoreVerified, fromBucket.Verification);
    }

    [Fact]
    public async Task A_tampered_local_artifact_fails_verification_with_a_hash_mismatch()
    {
        var service = fixture.Service();
        var manifest = await service.CreateAsync(fixture.Request());
        var snapshot = manifest.Artifacts.Single(a => a.Name == "snapshot.json");
        await File.AppendAllTextAsync(snapshot.LocalPath!, " ");

        var verification = await service.VerifyAsync(manifest);

        Assert.False(verification.Passed);
        Assert.Equal(BackupVerificationStatus.Failed, verification.Manifest.Verification);
        Assert.False(verification.Manifest.IsVerified);
        var failed = Assert.Single(verification.Checks, c => !c.Passed);
        Assert.Equal("BackupArtifactHashMismatch", failed.ErrorId);
        Assert.Equal("local:snapshot.json", failed.Target);
        Assert.Contains("ArtifactHash", verification.Manifest.FailureReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_changed_or_missing_bucket_object_fails_verification()
    {
        var service = fixture.Service();
        var manifest = await service.CreateAsync(fixture.Request());
        var storage = new StorageApi(fixture.Emulator.Client());
        var bucket = BackupDestination.FromFolderUri(manifest.BucketUri).Destination.Bucket;
        var snapshot = manifest.Artifacts.Single(a => a.Name == "snapshot.json");
        await storage.InsertObjectAsync(bucket, snapshot.BucketObject, Encoding.UTF8.GetBytes("{}"), "application/json");
        var exportObject = await FirstExportObjectAsync(storage, bucket, manifest);
        await storage.DeleteObjectAsync(bucket, exportObject);

        var verification = await service.VerifyAsync(manifest, new BackupVerifyOptions { Restore = true });

        Assert.Contains(verification.Checks, c => c.Target == "bucket:snapshot.json" && c.ErrorId == "BackupArtifactHashMismatch");
        Assert.Contains(verification.Checks, c => c.Check == "ExportObjects" && c.ErrorId == "BackupArtifactMissing");
        Assert.Contains(verification.Checks, c => c.Check == "RestoreImport" && c.Status == BackupCheckStatus.Skipped);
        Assert.Equal(BackupVerificationStatus.Failed, verification.Manifest.Verification);
    }

    [Fact]
    public async Task A_failed_export_throws_and_leaves_a_failed_manifest_that_never_verifies()
    {
        var service = fixture.Service();
        var request = fixture.Request();
        await fixture.FailNextExportAsync();

        var error = await Assert.ThrowsAsync<JobFinderException>(() => service.CreateAsync(request));

        Assert.Equal("FirestoreExportFailed", error.ErrorId);
        var listed = await service.ListAsync(BackupEmulatorFixture.Project, request.Destination, request.LocalRoot);
        var failed = Assert.Single(listed);
        Assert.Equal(BackupVerificationStatus.Failed, failed.Verification);
        Assert.Equal("FAILED", failed.FirestoreExport.State);
        Assert.False(failed.IsVerified);

        var verification = await service.VerifyAsync(failed, new BackupVerifyOptions { Restore = true });
        Assert.False(verification.Manifest.IsVerified);
        Assert.Contains(verification.Checks, c => c.Check == "ExportState" && c.ErrorId == "FirestoreExportFailed");
        var restore = await Assert.ThrowsAsync<JobFinderException>(() => service.RestoreAsync(failed));
        Assert.Equal("BackupNotRestorable", restore.ErrorId);
    }

    [Fact]
    public async Task A_missing_bucket_is_reported_before_any_change()
    {
        var service = fixture.Service();
        var request = fixture.Request(new BackupDestination("no-such-bucket-for-backups", string.Empty));

        var error = await Assert.ThrowsAsync<JobFinderException>(() => service.CreateAsync(request));

        Assert.Equal("BackupBucketNotFound", error.ErrorId);
        Assert.Equal(ErrorKind.ObjectNotFound, error.Kind);
        Assert.False(Directory.Exists(request.LocalRoot));
    }

    [Fact]
    public async Task A_read_only_principal_gets_a_permission_error()
    {
        using var viewer = await fixture.Emulator.ConnectAsync(fixture.Emulator.Emulator.ReadOnlyKeyFilePath);
        var service = new BackupService(new JobFinder.Ops.Google.GoogleRestClient(viewer));

        var error = await Assert.ThrowsAsync<JobFinder.Ops.Google.Errors.GoogleApiException>(() => service.CreateAsync(fixture.Request()));

        Assert.Equal("GoogleApiPermissionDenied", error.ErrorId);
    }

    [Fact]
    public async Task Listing_is_newest_first_and_retention_deletes_only_what_the_manifest_lists()
    {
        var service = fixture.Service();
        var destination = fixture.Destination;
        var request = fixture.Request(destination);
        var older = await service.CreateAsync(request);
        var newer = await service.CreateAsync(request);
        var storage = new StorageApi(fixture.Emulator.Client());
        var foreignInFolder = destination.ObjectOf(older.Id, "notes-by-someone-else.txt");
        var foreignFolder = destination.ObjectOf("20200101T000000Z-manual-abcdef", "data.txt");
        await storage.InsertObjectAsync(destination.Bucket, foreignInFolder, Encoding.UTF8.GetBytes("keep me"), "text/plain");
        await storage.InsertObjectAsync(destination.Bucket, foreignFolder, Encoding.UTF8.GetBytes("keep me too"), "text/plain");

        var listed = await service.ListAsync(BackupEmulatorFixture.Project, destination, request.LocalRoot);
        Assert.Equal([newer.Id, older.Id], listed.Select(m => m.Id));
        Assert.All(listed, m => Assert.NotNull(m.LocalPath));

        var expired = await service.FindExpiredAsync(BackupEmulatorFixture.Project, destination, TimeSpan.Zero);
        Assert.Equal([newer.Id, older.Id], expired.Select(m => m.Id));
        foreach (var manifest in expired)
        {
            await service.DeleteFromBucketAsync(manifest);
        }

        var remaining = new List<string>();
        await foreach (var item in storage.ListObjectsAsync(destination.Bucket, destination.ListPrefix))
        {
            remaining.Add(item.Name!);
        }

        Assert.Equal(new[] { foreignFolder, foreignInFolder }.Order(StringComparer.Ordinal), remaining.Order(StringComparer.Ordinal));
        Assert.Empty(await service.ListAsync(BackupEmulatorFixture.Project, destination, localRoot: null));
    }

    [Fact]
    public async Task Retention_keeps_the_newest_verified_backup()
    {
        var service = fixture.Service();
        var destination = fixture.Destination;
        var verified = (await service.VerifyAsync(await service.CreateAsync(fixture.Request(destination)))).Manifest;
        var unverified = await service.CreateAsync(fixture.Request(destination));

        var expired = await service.FindExpiredAsync(BackupEmulatorFixture.Project, destination, TimeSpan.Zero);

        Assert.Equal([unverified.Id], expired.Select(m => m.Id));
        Assert.True(verified.IsVerified);
    }

    [Fact]
    public async Task Function_configs_keep_their_values_in_artifacts_only()
    {
        var client = fixture.Emulator.Client();
        var functions = new CloudFunctionsApi(client);
        var functionId = fixture.Emulator.NewFunctionId("bk");
        await fixture.Emulator.DeployAsync(functions, functionId, new Dictionary<string, string> { ["API_TOKEN"] = "s3cr3t-value-123" });
        var service = fixture.Service();

        var manifest = await service.CreateAsync(fixture.Request());

        var live = Assert.Single(manifest.Snapshot!.Functions, f => f.Name == functionId);
        Assert.Equal(["API_TOKEN"], live.EnvironmentVariableNames);
        Assert.NotEmpty(live.Traffic);
        Assert.NotNull(live.ServingRevision);
        var manifestText = await File.ReadAllTextAsync(Path.Combine(manifest.LocalPath!, "manifest.json"));
        var snapshotText = await File.ReadAllTextAsync(Path.Combine(manifest.LocalPath!, "snapshot.json"));
        Assert.DoesNotContain("s3cr3t-value-123", manifestText, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t-value-123", snapshotText, StringComparison.Ordinal);

        var config = await service.ReadFunctionConfigAsync(manifest, functionId);
        Assert.Equal("s3cr3t-value-123", config.ServiceConfig!.EnvironmentVariables!["API_TOKEN"]);
        File.Delete(Path.Combine(manifest.LocalPath!, live.ConfigArtifact!));
        var fromBucket = await service.ReadFunctionConfigAsync(manifest, functionId);
        Assert.Equal(config.Name, fromBucket.Name);
    }

    [Fact]
    public async Task Restore_puts_deleted_documents_back()
    {
        await fixture.SeedAsync("restoreme", 30);
        var service = fixture.Service();
        var manifest = await service.CreateAsync(fixture.Request(collections: ["restoreme"]));
        using var http = new HttpClient { BaseAddress = fixture.Emulator.Emulator.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new("Bearer", "owner");
        using (var deleted = await http.DeleteAsync($"v1/projects/{BackupEmulatorFixture.Project}/databases/(default)/documents/restoreme/job-00003"))
        {
            deleted.EnsureSuccessStatusCode();
        }

        var result = await service.RestoreAsync(manifest);

        Assert.Equal("SUCCESSFUL", result.State);
        Assert.Equal(30, result.Documents);
        using var back = await http.GetAsync($"v1/projects/{BackupEmulatorFixture.Project}/databases/(default)/documents/restoreme/job-00003");
        Assert.True(back.IsSuccessStatusCode);
    }

    [Fact]
    public async Task Restore_verification_compares_with_the_recorded_contents_not_with_the_database_written_since()
    {
        await fixture.SeedAsync("livewrites", 40);
        var service = fixture.Service();
        var manifest = await service.CreateAsync(fixture.Request(collections: ["livewrites"]));
        var recorded = Assert.Single(manifest.Contents!.Collections);
        Assert.Equal(40, recorded.Documents);
        Assert.Equal(20, recorded.Samples.Count);
        Assert.Contains(recorded.Samples, s => s.Path == "livewrites/job-00003");

        // The database moves on after the backup: a document added, one deleted, a sampled one changed.
        using var http = OwnerClient();
        var documents = $"v1/projects/{BackupEmulatorFixture.Project}/databases/(default)/documents/livewrites";
        (await http.PostAsJsonAsync($"{documents}?documentId=added-after-backup", new { fields = new { title = new { stringValue = "new" } } })).EnsureSuccessStatusCode();
        (await http.PostAsJsonAsync($"{documents}?documentId=added-again", new { fields = new { title = new { stringValue = "new" } } })).EnsureSuccessStatusCode();
        (await http.DeleteAsync($"{documents}/job-00007")).EnsureSuccessStatusCode();
        (await http.PatchAsJsonAsync($"{documents}/job-00003?updateMask.fieldPaths=title", new { fields = new { title = new { stringValue = "edited" } } })).EnsureSuccessStatusCode();

        var verification = await service.VerifyAsync(manifest, new BackupVerifyOptions { Restore = true });

        Assert.True(verification.Passed, string.Join(Environment.NewLine, verification.Checks.Where(c => c.Status == BackupCheckStatus.Failed).Select(c => $"{c.Check} {c.Target}: {c.Message}")));
        var count = Assert.Single(verification.Checks, c => c.Check == "DocumentCount");
        Assert.Equal(("40", "40"), (count.Expected, count.Actual));
        Assert.Equal("20", Assert.Single(verification.Checks, c => c.Check == "DocumentSample").Actual);
        Assert.Equal(BackupVerificationStatus.RestoreVerified, verification.Manifest.Verification);
    }

    [Fact]
    public async Task Restore_verification_fails_when_the_restored_copy_differs_from_the_recorded_contents()
    {
        await fixture.SeedAsync("tampered", 12);
        var service = fixture.Service();
        var manifest = await service.CreateAsync(fixture.Request(collections: ["tampered"]));
        var collection = manifest.Contents!.Collections.Single();
        var first = collection.Samples[0];
        var changedHashes = first.FieldSha256.ToDictionary(f => f.Key, f => f.Key == "title" ? new string('0', 64) : f.Value, StringComparer.Ordinal);
        var tampered = manifest with
        {
            Contents = manifest.Contents with
            {
                Collections = [collection with { Documents = 13, Samples = [first with { FieldSha256 = changedHashes }, .. collection.Samples.Skip(1)] }],
            },
        };

        var verification = await service.VerifyAsync(tampered, new BackupVerifyOptions { Restore = true });

        Assert.False(verification.Passed);
        var count = Assert.Single(verification.Checks, c => c.Check == "DocumentCount");
        Assert.Equal("BackupRestoreCountMismatch", count.ErrorId);
        Assert.Equal(("13", "12"), (count.Expected, count.Actual));
        var sample = Assert.Single(verification.Checks, c => c.Check == "DocumentSample");
        Assert.Equal("BackupRestoreDocumentMismatch", sample.ErrorId);
        Assert.Contains($"{first.Path}: field 'title' has another value", sample.Message, StringComparison.Ordinal);
        Assert.Equal(BackupVerificationStatus.Failed, verification.Manifest.Verification);
        Assert.Contains(verification.Checks, c => c.Check == "ScratchCleanup" && c.Passed);
    }

    [Fact]
    public async Task A_backup_without_recorded_contents_is_proven_to_import_and_warns_that_it_was_not_compared()
    {
        await fixture.SeedAsync("legacy", 5);
        var events = new JobFinder.Ops.Events.CollectingEventSink();
        var service = fixture.Service(events);
        var manifest = await service.CreateAsync(fixture.Request(collections: ["legacy"])) with { Contents = null };

        var verification = await service.VerifyAsync(manifest, new BackupVerifyOptions { Restore = true });

        Assert.True(verification.Passed);
        Assert.Contains(verification.Checks, c => c.Check == "RestoreImport" && c.Passed && c.Actual == "5");
        var skipped = Assert.Single(verification.Checks, c => c.Check == "DocumentCount");
        Assert.Equal(BackupCheckStatus.Skipped, skipped.Status);
        Assert.DoesNotContain(verification.Checks, c => c.Check == "DocumentSample");
        Assert.Contains(events.Events, e => e.Kind == JobFinder.Ops.Events.EngineEventKind.Warning && e.Message.Contains("records no contents", StringComparison.Ordinal));
    }

    private HttpClient OwnerClient()
    {
        var http = new HttpClient { BaseAddress = fixture.Emulator.Emulator.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new("Bearer", "owner");
        return http;
    }

    private static async Task<string> FirstExportObjectAsync(StorageApi storage, string bucket, BackupManifest manifest)
    {
        var prefix = GcsUri.Parse(manifest.FirestoreExport.OutputUriPrefix).ObjectName + "/";
        await foreach (var item in storage.ListObjectsAsync(bucket, prefix))
        {
            return item.Name!;
        }

        throw new InvalidOperationException("The export wrote no objects.");
    }
}
