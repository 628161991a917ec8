using System.Diagnostics;
using JobFinder.Ops.Errors;
using JobFinder.Ops.Events;
using JobFinder.Ops.Model;

namespace JobFinder.Ops.Rollout;

/// <summary>Runs each codebase's firebase.json <c>predeploy</c> commands as firebase-tools does: through
/// the shell (<c>/bin/sh -c</c> on Unix, <c>cmd /c</c> on Windows) in the project root, with
/// <c>RESOURCE_DIR</c> (the codebase's source folder), <c>PROJECT_DIR</c> and <c>GCLOUD_PROJECT</c> set.
/// Any non-zero exit stops the deployment before any change (ErrorId <c>PredeployFailed</c>).</summary>
internal sealed class PredeployRunner(IEngineEventSink events)
{
    public async Task RunAsync(JobFinderProject project, IEnumerable<FunctionCodebase> codebases, CancellationToken cancellationToken)
    {
        foreach (var codebase in codebases)
        {
            foreach (var command in codebase.Predeploy)
            {
                await RunOneAsync(project, codebase, command, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task RunOneAsync(JobFinderProject project, FunctionCodebase codebase, string command, CancellationToken cancellationToken)
    {
        events.Verbose($"Running predeploy of codebase '{codebase.Name}': {command}");
        var start = OperatingSystem.IsWindows()
            ? new ProcessStartInfo("cmd.exe") { ArgumentList = { "/d", "/s", "/c", command } }
            : new ProcessStartInfo("/bin/sh") { ArgumentList = { "-c", command } };
        start.WorkingDirectory = project.RootPath;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        start.Environment["RESOURCE_DIR"] = codebase.SourceDirectory;
        start.Environment["PROJECT_DIR"] = project.RootPath;
        start.Environment["GCLOUD_PROJECT"] = project.ProjectId;
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
                $"The predeploy command '{command}' of codebase '{codebase.Name}' exited with {process.ExitCode}; nothing was deployed. Last output:{Environment.NewLine}{output}", command);
        }
    }
}
