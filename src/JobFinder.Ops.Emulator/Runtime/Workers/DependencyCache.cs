using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace JobFinder.Ops.Emulator.Runtime.Workers;

/// <summary>Installs a source's dependencies once per lock file: <c>npm ci --omit=dev</c> when the source has
/// a package-lock.json (the lock decides, as in Google's Node.js buildpack), else <c>npm install --omit=dev</c>,
/// into <c>deps/&lt;ci|install&gt;-&lt;sha256 of the lock or package.json&gt;</c>. The install happens in a
/// temporary folder renamed into place, so an interrupted install never looks finished, and a finished one
/// is reused without npm (offline). Also installs the Functions Framework for sources that lack it.</summary>
public sealed class DependencyCache(WorkerPoolSettings settings)
{
    /// <summary>Installs under way in this process, by folder: shared by every emulator instance (tests start
    /// many), and never cancelled by an instance stopping, so a cold install is done once.</summary>
    private static readonly ConcurrentDictionary<string, Lazy<Task<string>>> Installs = new(StringComparer.Ordinal);

    /// <summary>The <c>node_modules</c> folder holding <paramref name="sourceDirectory"/>'s production
    /// dependencies, or null when its package.json declares none.</summary>
    public async Task<string?> EnsureAsync(string sourceDirectory, CancellationToken cancellationToken)
    {
        var packageJson = Path.Combine(sourceDirectory, "package.json");
        if (!File.Exists(packageJson))
        {
            return null;
        }

        JsonObject? package;
        try
        {
            package = JsonNode.Parse(await File.ReadAllTextAsync(packageJson, cancellationToken).ConfigureAwait(false)) as JsonObject;
        }
        catch (System.Text.Json.JsonException ex)
        {
            throw new WorkerStartException($"Build failed: package.json is not valid JSON ({ex.Message}).");
        }

        if (package?["dependencies"] is not JsonObject { Count: > 0 })
        {
            return null;
        }

        var lockFile = Path.Combine(sourceDirectory, "package-lock.json");
        var hasLock = File.Exists(lockFile);
        var key = (hasLock ? "ci-" : "install-") + Hash(hasLock ? lockFile : packageJson);
        void CopyManifests(string folder)
        {
            File.Copy(packageJson, Path.Combine(folder, "package.json"));
            if (hasLock)
            {
                File.Copy(lockFile, Path.Combine(folder, "package-lock.json"));
            }
        }

        string[] command = hasLock
            ? ["ci", "--omit=dev", "--no-audit", "--no-fund", "--loglevel=error"]
            : ["install", "--omit=dev", "--no-audit", "--no-fund", "--loglevel=error"];
        var directory = await InstallOnceAsync(Path.Combine(settings.DependenciesDirectory, key), CopyManifests, command, cancellationToken).ConfigureAwait(false);
        return Path.Combine(directory, "node_modules");
    }

    /// <summary>The Functions Framework's <c>main.js</c>: the source's own when its dependencies include
    /// it, else the emulator's pinned copy (installed once per machine).</summary>
    public async Task<string> FrameworkMainAsync(string? sourceModules, CancellationToken cancellationToken)
    {
        var own = sourceModules is null ? null : MainIn(sourceModules);
        if (own is not null && File.Exists(own))
        {
            return own;
        }

        var manifest = new JsonObject
        {
            ["name"] = "jobfinder-emulator-functions-framework",
            ["private"] = true,
            ["dependencies"] = new JsonObject { [WorkerPoolSettings.FrameworkPackage] = WorkerPoolSettings.FrameworkVersion },
        }.ToJsonString();
        var directory = await InstallOnceAsync(
            settings.FrameworkDirectory,
            folder => File.WriteAllText(Path.Combine(folder, "package.json"), manifest),
            ["install", "--omit=dev", "--no-audit", "--no-fund", "--loglevel=error"],
            cancellationToken).ConfigureAwait(false);
        return MainIn(Path.Combine(directory, "node_modules"));
    }

    private static string MainIn(string modules) =>
        Path.Combine(modules, "@google-cloud", "functions-framework", "build", "src", "main.js");

    private Task<string> InstallOnceAsync(string directory, Action<string> layOut, string[] command, CancellationToken cancellationToken)
    {
        var lazy = Installs.GetOrAdd(directory, d => new Lazy<Task<string>>(() => Task.Run(() => InstallAsync(d, layOut, command))));
        var task = lazy.Value;
        if (task.IsFaulted || task.IsCanceled)
        {
            // A failed install (offline, registry hiccup) is retried by the next revision, not remembered.
            Installs.TryRemove(new KeyValuePair<string, Lazy<Task<string>>>(directory, lazy));
        }

        // The caller may stop waiting (its emulator stops); the install itself goes on for the next one.
        return task.WaitAsync(cancellationToken);
    }

    private static async Task<string> InstallAsync(string directory, Action<string> layOut, string[] command)
    {
        var stamp = Path.Combine(directory, "installed.stamp");
        if (File.Exists(stamp))
        {
            return directory;
        }

        var temporary = directory + ".tmp-" + Guid.NewGuid().ToString("N")[..8];
        Directory.CreateDirectory(temporary);
        try
        {
            layOut(temporary);

            await NpmInstaller.RunAsync(temporary, command, CancellationToken.None).ConfigureAwait(false);
            await File.WriteAllTextAsync(Path.Combine(temporary, "installed.stamp"), DateTimeOffset.UtcNow.ToString("O")).ConfigureAwait(false);
            try
            {
                Directory.Move(temporary, directory);
            }
            catch (IOException) when (File.Exists(stamp))
            {
                // Another emulator on this machine finished the same install first: use theirs.
                Directory.Delete(temporary, recursive: true);
            }

            return directory;
        }
        catch
        {
            if (Directory.Exists(temporary))
            {
                Directory.Delete(temporary, recursive: true);
            }

            throw;
        }
    }

    internal static string Hash(string file)
    {
        using var stream = File.OpenRead(file);
        return Convert.ToHexStringLower(SHA256.HashData(stream))[..16];
    }
}
