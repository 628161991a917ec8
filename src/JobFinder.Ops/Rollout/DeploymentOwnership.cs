using JobFinder.Ops.Errors;
using JobFinder.Ops.Model;

namespace JobFinder.Ops.Rollout;

/// <summary>Records belong to a project. Every environment of a repository writes its records into the
/// same local journal (<c>.jobfinder/deployments</c>), so whoever reads a record for an environment checks
/// that the record is of that environment's project: undoing a staging record "for production" would
/// change staging.</summary>
public static class DeploymentOwnership
{
    /// <summary>True when <paramref name="record"/> was written for <paramref name="projectId"/>.</summary>
    public static bool IsOf(DeploymentRecord record, string projectId) =>
        string.Equals(record.ProjectId, projectId, StringComparison.Ordinal);

    /// <summary>Throws DeploymentProjectMismatch (InvalidArgument) unless <paramref name="record"/> is of
    /// <paramref name="project"/>; the message names both projects and both ways on.</summary>
    public static void Ensure(DeploymentRecord record, JobFinderProject project)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(project);
        if (IsOf(record, project.ProjectId))
        {
            return;
        }

        var own = record.Environment ?? record.ProjectId;
        var given = project.Environment ?? project.ProjectId;
        throw new JobFinderException("DeploymentProjectMismatch", ErrorKind.InvalidArgument,
            $"Deployment {record.Id} is of {Describe(record.ProjectId, record.Environment)}, not of {Describe(project.ProjectId, project.Environment)}, the environment this command was given. " +
            $"Use -Environment {own} to act on it, or pick a deployment of {given} with Get-JobFinderDeployment -Environment {given}.",
            record.Id)
        { RecommendedAction = $"Run the command again with -Environment {own}, or choose a deployment of {project.ProjectId} (Get-JobFinderDeployment -Environment {given})." };
    }

    /// <summary>The command that undoes <paramref name="record"/>, naming its environment (a repository
    /// with several projects needs it).</summary>
    public static string UndoCommand(DeploymentRecord record) =>
        $"Undo-JobFinderDeployment -Environment {record.Environment ?? record.ProjectId} -Id {record.Id}";

    /// <summary>The command that resumes <paramref name="record"/>, naming its environment.</summary>
    public static string ResumeCommand(DeploymentRecord record) =>
        $"Invoke-JobFinderDeployment -Environment {record.Environment ?? record.ProjectId} -Resume {record.Id}";

    private static string Describe(string projectId, string? environment) =>
        environment is null || environment == projectId ? projectId : $"{projectId} ({environment})";
}
