using System.IO.Compression;
using System.Security.Cryptography;
using JobFinder.Ops.Errors;
using JobFinder.Ops.Events;
using JobFinder.Ops.Model;

namespace JobFinder.Ops.Project;

/// <summary>Zips a codebase's source folder for upload, honouring its ignore globs, deterministically:
/// entries in ordinal path order, every timestamp 1980-01-01 (the zip epoch), fixed permissions, so
/// the same files always give the same bytes and the same SHA-256. That is what lets an unchanged
/// function be recognised by its source hash and skipped.</summary>
public sealed class SourcePackager
{
    /// <summary>Cloud Functions' documented "max deployment size": 100 MB compressed for sources
    /// (cloud.google.com/functions/quotas). Gen2 builds go through Cloud Build, whose listing says
    /// N/A, but firebase-tools' upload path and our users' expectations follow the 100 MB figure.</summary>
    public const long DefaultMaxArchiveBytes = 100L * 1024 * 1024;

    /// <summary>Never packaged whatever firebase.json says: firebase-tools' debug logs, and the emulator-only
    /// secret and env files whose values must never reach a build.</summary>
    public static readonly IReadOnlyList<string> AlwaysExcluded = ["firebase-debug.log", "firebase-debug.*.log", ".secret.local", ".runtimeconfig.json"];

    private static readonly DateTimeOffset ZipEpoch = new(1980, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private const UnixFileMode RegularFile = (UnixFileMode)0x8000;

    private readonly long _maxArchiveBytes;
    private readonly IEngineEventSink _events;

    public SourcePackager(long maxArchiveBytes = DefaultMaxArchiveBytes, IEngineEventSink? events = null)
    {
        _maxArchiveBytes = maxArchiveBytes;
        _events = events ?? NullEventSink.Instance;
    }

    /// <summary>Lists the files that would be packaged ('/'-separated, relative, ordinal order).</summary>
    public IReadOnlyList<string> ListFiles(FunctionCodebase codebase)
    {
        var matcher = new IgnoreGlobMatcher(codebase.Ignore.Concat(AlwaysExcluded));
        var files = new List<string>();
        Walk(codebase.SourceDirectory, "", matcher, files);
        files.Sort(StringComparer.Ordinal);
        return files;
    }

    /// <summary>Writes the zip to <paramref name="outputPath"/> (streamed, never held in memory) and
    /// hashes it. Over the size limit: <c>SourceArchiveTooLarge</c> and no file is left behind.</summary>
    public async Task<SourceArchive> PackageAsync(FunctionCodebase codebase, string outputPath, CancellationToken cancellationToken = default)
    {
        var files = ListFiles(codebase);
        try
        {
            await WriteZipAsync(codebase, files, outputPath, cancellationToken).ConfigureAwait(false);
            var size = new FileInfo(outputPath).Length;
            EnsureWithinLimit(codebase, size);
            var sha = await HashFileAsync(outputPath, cancellationToken).ConfigureAwait(false);
            _events.Verbose($"Packaged codebase '{codebase.Name}': {files.Count} files, {size:N0} bytes, sha256 {sha}.");
            return new SourceArchive(codebase.Name, outputPath, size, sha, files);
        }
        catch
        {
            File.Delete(outputPath);
            throw;
        }
    }

    private async Task WriteZipAsync(FunctionCodebase codebase, IReadOnlyList<string> files, string outputPath, CancellationToken cancellationToken)
    {
        await using var output = new FileStream(outputPath, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 81920, useAsync: true);
        using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        foreach (var relative in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var fullPath = Path.Combine(codebase.SourceDirectory, relative.Replace('/', Path.DirectorySeparatorChar));
            var entry = zip.CreateEntry(relative, CompressionLevel.Optimal);
            entry.LastWriteTime = ZipEpoch;
            entry.ExternalAttributes = (int)(RegularFile | PermissionsOf(fullPath)) << 16;
            await using (var source = new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true))
            await using (var target = entry.Open())
            {
                await source.CopyToAsync(target, cancellationToken).ConfigureAwait(false);
            }

            // Stop early instead of writing gigabytes when someone forgot to ignore a data folder.
            EnsureWithinLimit(codebase, output.Length);
        }
    }

    private void EnsureWithinLimit(FunctionCodebase codebase, long size)
    {
        if (size > _maxArchiveBytes)
        {
            throw new JobFinderException("SourceArchiveTooLarge", ErrorKind.LimitsExceeded,
                $"The source archive of codebase '{codebase.Name}' is {size:N0} bytes (at least), over the {_maxArchiveBytes:N0}-byte limit for function sources.",
                codebase.SourceDirectory)
            { RecommendedAction = "Add what the functions do not need at runtime (node_modules, test data, build caches) to the codebase's 'ignore' in firebase.json." };
        }
    }

    // 0644, or 0755 when the owner may execute (a bundled binary or script); group/other bits are
    // normalised so two checkouts with different umasks give the same archive.
    private static UnixFileMode PermissionsOf(string path)
    {
        const UnixFileMode readable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        const UnixFileMode executable = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        if (OperatingSystem.IsWindows())
        {
            return readable;
        }

        return (File.GetUnixFileMode(path) & UnixFileMode.UserExecute) != 0 ? readable | executable : readable;
    }

    private void Walk(string directory, string prefix, IgnoreGlobMatcher matcher, List<string> files)
    {
        foreach (var entry in new DirectoryInfo(directory).EnumerateFileSystemInfos())
        {
            var relative = prefix + entry.Name;
            if (matcher.IsIgnored(relative))
            {
                continue;
            }

            if (entry is DirectoryInfo child)
            {
                if (child.LinkTarget is not null)
                {
                    // A linked folder can loop back on itself; firebase-tools fails on those too.
                    _events.Warning($"Skipped linked folder '{relative}' while packaging; copy its contents in or add it to 'ignore'.");
                    continue;
                }

                Walk(child.FullName, relative + "/", matcher, files);
            }
            else
            {
                files.Add(relative);
            }
        }
    }

    private static async Task<string> HashFileAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
        var hash = await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false);
        return Convert.ToHexStringLower(hash);
    }
}
