using JobFinder.Ops.Cmdlets.Session;
using JobFinder.Ops.Errors;
using JobFinder.Ops.Events;
using JobFinder.Ops.Google;
using JobFinder.Ops.Model;
using JobFinder.Ops.Project;

namespace JobFinder.Ops.Cmdlets.Bases;

/// <summary>
/// Base for cmdlets that talk to Google (or the emulator): gives them the session's connection and
/// the common way to say which project to work on (a piped JobFinderProject, or -Path and
/// -Environment).
/// </summary>
public abstract class JobFinderCloudCmdlet : JobFinderCmdlet
{
    /// <summary>
    /// Runs <paramref name="work"/> as <see cref="JobFinderCmdlet.RunEngine{T}"/> does, handing it the
    /// session's REST client. The client carries the run's event sink (<see cref="GoogleRestClient.Events"/>),
    /// so engine services built on it report to this cmdlet's streams without a sink of their own.
    /// </summary>
    protected T RunConnected<T>(Func<GoogleRestClient, CancellationToken, Task<T>> work) =>
        RunEngine(async (events, token) => await work(await ConnectAsync(events, token).ConfigureAwait(false), token).ConfigureAwait(false));

    /// <summary>As <see cref="RunConnected{T}"/> for work without a result.</summary>
    protected void RunConnected(Func<GoogleRestClient, CancellationToken, Task> work) =>
        RunEngine(async (events, token) => await work(await ConnectAsync(events, token).ConfigureAwait(false), token).ConfigureAwait(false));

    /// <summary>The session's REST client reporting to <paramref name="events"/> (the run's sink).</summary>
    private static async Task<GoogleRestClient> ConnectAsync(IEngineEventSink events, CancellationToken token)
    {
        var connection = await JobFinderSession.GetConnectionAsync(token).ConfigureAwait(false);
        return new GoogleRestClient(connection, events);
    }

    /// <summary>The piped project when there is one, else the repository at <paramref name="path"/>
    /// (default: the current location) for <paramref name="environment"/>. A piped project for another
    /// environment than the one asked for is a mistake worth stopping on.</summary>
    protected JobFinderProject ResolveProject(JobFinderProject? project, string? path, string? environment)
    {
        if (project is not null)
        {
            if (environment is not null
                && !string.Equals(environment, project.Environment, StringComparison.OrdinalIgnoreCase)
                && !string.Equals(environment, project.ProjectId, StringComparison.Ordinal))
            {
                throw new JobFinderException(
                    "ProjectEnvironmentMismatch",
                    ErrorKind.InvalidArgument,
                    $"The piped project is '{project.Environment ?? project.ProjectId}' ({project.ProjectId}) but -Environment says '{environment}'.",
                    environment);
            }

            return project;
        }

        var folder = GetUnresolvedProviderPathFromPSPath(string.IsNullOrEmpty(path) ? "." : path);
        return LoadProject(folder, environment);
    }
}
