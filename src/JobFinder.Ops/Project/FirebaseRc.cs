using JobFinder.Ops.Model;

namespace JobFinder.Ops.Project;

/// <summary>.firebaserc: project aliases and deploy targets of every project.</summary>
internal sealed record FirebaseRc(IReadOnlyList<ProjectAlias> Aliases, IReadOnlyList<DeployTarget> Targets)
{
    public static readonly FirebaseRc Empty = new([], []);
}
