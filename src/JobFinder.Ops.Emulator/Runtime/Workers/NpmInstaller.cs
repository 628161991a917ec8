using System.Diagnostics;
using System.Text;

namespace JobFinder.Ops.Emulator.Runtime.Workers;

/// <summary>Runs npm in a folder and turns a failure into a <see cref="WorkerStartException"/> that carries
/// npm's own last lines (a missing package, no network with a cold cache).</summary>
internal static class NpmInstaller
{
    public static async Task RunAsync(string directory, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        // npm is a .cmd script on Windows, which Process cannot start without the shell.
        var start = OperatingSystem.IsWindows()
            ? new ProcessStartInfo("cmd.exe") { ArgumentList = { "/d", "/c", "npm" } }
            : new ProcessStartInfo("npm");
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.WorkingDirectory = directory;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new WorkerStartException($"Build failed: npm could not be started ({ex.Message}). Install Node.js 20 with npm and put it on PATH.");
        }

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
            string tail;
            lock (output)
            {
                tail = Tail(output.ToString(), 20);
            }

            throw new WorkerStartException($"Build failed: 'npm {string.Join(' ', arguments)}' exited with code {process.ExitCode}.\n{tail}");
        }
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }

    internal static string Tail(string text, int lines)
    {
        var all = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return string.Join('\n', all.Skip(Math.Max(0, all.Length - lines)));
    }
}
