using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using JobFinder.Ops.Errors;
using JobFinder.Ops.Events;
using JobFinder.Ops.Model;

namespace JobFinder.Ops.Project.Discovery;

/// <summary>Loads a Node codebase with its own firebase-functions SDK and returns the manifest the SDK
/// reports, as firebase-tools' node delegate does (<c>runtimes/node/index.ts</c> and
/// <c>runtimes/discovery/index.ts</c>): the SDK's manifest server runs from the codebase's node_modules
/// with the environment firebase-tools gives it, we GET <c>/__/functions.yaml</c> and then ask it to quit.
/// When <c>FIREBASE_FUNCTIONS_DISCOVERY_OUTPUT_PATH</c> is set, the SDK writes the manifest to a file
/// instead (<c>FUNCTIONS_MANIFEST_OUTPUT_PATH</c>), as firebase-tools 15 does. The process (and anything it
/// started) is always stopped: asked to quit, killed after a grace period, killed at the timeout.</summary>
internal sealed class NodeManifestServer(IEngineEventSink events)
{
    /// <summary>firebase-tools' default discovery timeout; <c>FUNCTIONS_DISCOVERY_TIMEOUT</c> (seconds) overrides it.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan QuitGrace = TimeSpan.FromSeconds(2);
    private const int StderrLinesShown = 12;

    public sealed record Request(string Codebase, string SourceDirectory, string ProjectId, string NodePath, NodeSdkLocator.Sdk Sdk, IReadOnlyList<EnvironmentVariable> UserEnvironment)
    {
        /// <summary>FIREBASE_CONFIG as firebase-tools gives it to the SDK (the project's adminSdkConfig).</summary>
        public FirebaseSdkDefaults Firebase { get; init; } = FirebaseSdkDefaults.Assumed(ProjectId);
    }

    public static TimeSpan Timeout =>
        double.TryParse(Environment.GetEnvironmentVariable("FUNCTIONS_DISCOVERY_TIMEOUT"), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? TimeSpan.FromSeconds(seconds)
            : DefaultTimeout;

    public string Discover(Request request)
    {
        var outputFolder = Environment.GetEnvironmentVariable("FIREBASE_FUNCTIONS_DISCOVERY_OUTPUT_PATH");
        return string.IsNullOrEmpty(outputFolder) ? DiscoverFromPort(request) : DiscoverFromFile(request, outputFolder);
    }

    private string DiscoverFromPort(Request request)
    {
        var port = FreePort();
        using var run = Start(request, new Dictionary<string, string> { ["PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        using var http = new HttpClient();
        var deadline = Stopwatch.StartNew();
        try
        {
            while (true)
            {
                var remaining = Timeout - deadline.Elapsed;
                if (remaining <= TimeSpan.Zero)
                {
                    throw run.Failure("FunctionsDiscoveryTimeout", ErrorKind.OperationTimeout, $"did not report its functions within {Timeout.TotalSeconds:0} s (the code may wait on something at load time; firebase-tools' FUNCTIONS_DISCOVERY_TIMEOUT raises the limit)");
                }

                if (run.Process.HasExited)
                {
                    throw run.Failure("FunctionsCodeLoadFailed", ErrorKind.InvalidOperation, $"exited with code {run.Process.ExitCode} before reporting its functions");
                }

                using var get = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{port}/__/functions.yaml") { Headers = { ConnectionClose = true } };
                try
                {
                    using var cancel = new CancellationTokenSource(remaining);
                    using var response = http.Send(get, cancel.Token);
                    var body = new StreamReader(response.Content.ReadAsStream(cancel.Token)).ReadToEnd();
                    if (response.StatusCode != HttpStatusCode.OK)
                    {
                        throw run.Failure("FunctionsCodeLoadFailed", ErrorKind.InvalidOperation, $"could not be loaded ({body.Trim()})");
                    }

                    events.Verbose($"  codebase '{request.Codebase}': manifest read from the SDK on port {port} after {deadline.ElapsedMilliseconds} ms");
                    return body;
                }
                catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
                {
                    // Not listening yet (ECONNREFUSED): try again, as firebase-tools' detectFromPort does.
                    Thread.Sleep(20);
                }
            }
        }
        finally
        {
            Quit(run, http, port);
        }
    }

    private string DiscoverFromFile(Request request, string outputFolder)
    {
        var temporary = outputFolder == "true";
        var folder = temporary ? Directory.CreateTempSubdirectory("jobfinder-discovery-").FullName : outputFolder;
        var manifest = Path.Combine(folder, "functions.yaml");
        try
        {
            using var run = Start(request, new Dictionary<string, string> { ["FUNCTIONS_MANIFEST_OUTPUT_PATH"] = manifest });
            try
            {
                if (!run.Process.WaitForExit(Timeout))
                {
                    throw run.Failure("FunctionsDiscoveryTimeout", ErrorKind.OperationTimeout, $"did not write its manifest within {Timeout.TotalSeconds:0} s");
                }

                run.Process.WaitForExit();
                if (run.Process.ExitCode != 0 || !File.Exists(manifest))
                {
                    throw run.Failure("FunctionsCodeLoadFailed", ErrorKind.InvalidOperation, $"exited with code {run.Process.ExitCode} without writing {manifest}");
                }

                return File.ReadAllText(manifest);
            }
            finally
            {
                Stop(run);
            }
        }
        finally
        {
            if (temporary)
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    private RunningSdk Start(Request request, Dictionary<string, string> extra)
    {
        var start = new ProcessStartInfo(request.NodePath)
        {
            ArgumentList = { request.Sdk.ServerScript, request.SourceDirectory },
            WorkingDirectory = request.SourceDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };

        // runtimes/node/index.ts spawnFunctionsProcess: only these variables, not the caller's whole environment.
        var inherited = Environment.GetEnvironmentVariables();
        start.Environment.Clear();
        foreach (var name in new[] { "HOME", "PATH", "NODE_ENV", "SystemRoot", "TEMP", "TMP", "USERPROFILE", "APPDATA" })
        {
            if (inherited[name] is string value)
            {
                start.Environment[name] = value;
            }
        }

        foreach (var variable in request.UserEnvironment)
        {
            start.Environment[variable.Name] = variable.Value;
        }

        var firebaseConfig = request.Firebase.Json;
        start.Environment["FIREBASE_CONFIG"] = firebaseConfig;
        start.Environment["CLOUD_RUNTIME_CONFIG"] = $"{{\"firebase\":{firebaseConfig}}}";
        start.Environment["GCLOUD_PROJECT"] = request.ProjectId;
        start.Environment["GOOGLE_CLOUD_QUOTA_PROJECT"] = request.ProjectId;
        start.Environment["FUNCTIONS_CONTROL_API"] = "true";
        foreach (var (name, value) in extra)
        {
            start.Environment[name] = value;
        }

        events.Verbose($"  codebase '{request.Codebase}': starting firebase-functions {request.Sdk.Version} ({request.Sdk.ServerScript}) with {request.NodePath}");
        var process = Process.Start(start) ?? throw new JobFinderException("FunctionsCodeLoadFailed", ErrorKind.InvalidOperation, $"Could not start '{request.NodePath}'.", request.SourceDirectory);
        process.StandardInput.Close();
        return new RunningSdk(process, request, events);
    }

    // Ask politely (POST /__/quitquitquit, as firebase-tools does), then kill the whole tree.
    private static void Quit(RunningSdk run, HttpClient http, int port)
    {
        if (!run.Process.HasExited)
        {
            try
            {
                using var quit = new HttpRequestMessage(HttpMethod.Post, $"http://127.0.0.1:{port}/__/quitquitquit") { Headers = { ConnectionClose = true } };
                using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(1));
                http.Send(quit, cancel.Token).Dispose();
            }
            catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
            {
                // The server never started or is already gone; the kill below covers it.
            }
        }

        Stop(run);
    }

    private static void Stop(RunningSdk run)
    {
        if (!run.Process.WaitForExit(QuitGrace))
        {
            try
            {
                run.Process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // Exited between the wait and the kill.
            }
        }

        run.Process.WaitForExit();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The SDK process with its output: stdout goes to Verbose, stderr is kept for errors.</summary>
    private sealed class RunningSdk : IDisposable
    {
        private readonly List<string> _stderr = [];
        private readonly Request _request;

        public RunningSdk(Process process, Request request, IEngineEventSink events)
        {
            Process = process;
            _request = request;
            process.OutputDataReceived += (_, e) =>
            {
                if (e.Data is not null)
                {
                    events.Verbose("  [code] " + e.Data);
                }
            };
            process.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is not null)
                {
                    events.Verbose("  [code] " + e.Data);
                    lock (_stderr)
                    {
                        _stderr.Add(e.Data);
                    }
                }
            };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        public Process Process { get; }

        /// <summary>An error naming the codebase and folder, with the first lines the code wrote to stderr
        /// (the process is stopped first so they are all in).</summary>
        public JobFinderException Failure(string errorId, ErrorKind kind, string what)
        {
            Kill();
            string stderr;
            lock (_stderr)
            {
                stderr = string.Join(Environment.NewLine, _stderr.Where(l => l.Trim().Length > 0).Take(StderrLinesShown));
            }

            var message = $"The code of codebase '{_request.Codebase}' at '{_request.SourceDirectory}' {what}."
                + (stderr.Length > 0 ? $"{Environment.NewLine}First lines of its error output:{Environment.NewLine}{stderr}" : "");
            return new JobFinderException(errorId, kind, message, _request.SourceDirectory)
            {
                RecommendedAction = $"Fix the error above in the code of codebase '{_request.Codebase}' (run 'node -e \"require('.')\"' in '{_request.SourceDirectory}' to see it), then run the command again.",
            };
        }

        public void Dispose()
        {
            Kill();
            Process.Dispose();
        }

        private void Kill()
        {
            try
            {
                Process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // Already exited.
            }

            Process.WaitForExit();
        }
    }
}
