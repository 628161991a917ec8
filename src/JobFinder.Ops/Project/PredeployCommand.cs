using System.Diagnostics;
using JobFinder.Ops.Errors;
using JobFinder.Ops.Events;

namespace JobFinder.Ops.Project;

/// <summary>Runs one firebase.json <c>predeploy</c> command as firebase-tools does: through the shell
/// (<c>/bin/sh -c</c> on Unix, <c>cmd /c</c> on Windows) in the project root, with <c>RESOURCE_DIR</c>
/// (the codebase's source folder), <c>PROJECT_DIR</c> and <c>GCLOUD_PROJECT</c> set. Its output goes to
/// Verbose; a non-zero exit is <c>PredeployFailed</c> with the last lines of that output.</summary>
internal static class PredeployCommand
{
    public static async Task RunAsync(string projectRoot, string projectId, string codebase, string sourceDirectory, string command, IEngineEventSink events, CancellationToken cancellationToken)
    {
        events.Verbose($"Running predeploy of codebase '{codebase}': {command}");
        var start = OperatingSystem.IsWindows()
            ? new ProcessStartInfo("cmd.exe") { ArgumentList = { "/d", "/s", "/c", command } }
            : new ProcessStartInfo("/bin/sh") { ArgumentList = { "-c", command } };
        start.WorkingDirectory = projectRoot;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        start.Environment["RESOURCE_DIR"] = sourceDirectory;
        start.Environment["PROJECT_DIR"] = projectRoot;
        start.Environment["GCLOUD_PROJECT"] = projectId;
        using var process = Process.Start(start) ?? throw new JobFinderException("PredeployFailed", ErrorKind.InvalidOperation, $"Could not start the predeploy command '{command}'.", command);
        var tail = new Queue<string>();
        void Collect(string? line)
        {
            if (line is null)
            {
                return;
            }

            events.Verbose("  " + line);
            lock (tail)
            {
                tail.Enqueue(line);
                if (tail.Count > 10)
                {
                    tail.Dequeue();
                }
            }
        }

        process.OutputDataReceived += (_, e) => Collect(e.Data);
        process.ErrorDataReceived += (_, e) => Collect(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        if (process.ExitCode != 0)
        {
            string output;
            lock (tail)
            {
                output = string.Join(Environment.NewLine, tail);
            }

            throw new JobFinderException("PredeployFailed", ErrorKind.InvalidOperation,
                $"The predeploy command '{command}' of codebase '{codebase}' exited with {process.ExitCode}; nothing was deployed. Last output:{Environment.NewLine}{output}", command);
        }
    }
}
