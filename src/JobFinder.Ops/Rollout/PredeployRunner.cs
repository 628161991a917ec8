using JobFinder.Ops.Events;
using JobFinder.Ops.Model;
using JobFinder.Ops.Project;

namespace JobFinder.Ops.Rollout;

/// <summary>Runs each codebase's firebase.json <c>predeploy</c> commands before a deployment (see
/// <see cref="PredeployCommand"/>). Codebases whose functions were discovered from the code already ran
/// them while loading (firebase deploy runs them before discovery), so they are not run twice.
/// Any non-zero exit stops the deployment before any change (ErrorId <c>PredeployFailed</c>).</summary>
internal sealed class PredeployRunner(IEngineEventSink events)
{
    public async Task RunAsync(JobFinderProject project, IEnumerable<FunctionCodebase> codebases, CancellationToken cancellationToken)
    {
        foreach (var codebase in codebases.Where(c => !c.PredeployRan))
        {
            foreach (var command in codebase.Predeploy)
            {
                await PredeployCommand.RunAsync(project.RootPath, project.ProjectId, codebase.Name, codebase.SourceDirectory, command, events, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
