using JobFinder.Ops.Emulator.Infrastructure;

namespace JobFinder.Ops.Emulator.Auth;

/// <summary>Who is calling: a service account (deployer = owner, viewer = read-only) or the literal
/// <c>owner</c> token. Membership is per project; other projects → 403 like Google.</summary>
public sealed class Principal(string id, bool canWrite, IReadOnlyCollection<string> projects)
{
    public string Id { get; } = id;

    public bool CanWrite { get; } = canWrite;

    public IReadOnlyCollection<string> Projects { get; } = projects;

    /// <summary>Reads need membership of the project, named by id or by number: Google's resource names take
    /// either (<c>projects/{project_id_or_number}</c>, https://cloud.google.com/apis/design/resource_names and
    /// the <c>name</c> of Project in cloudresourcemanager-v1.json); firebase-tools asks Service Usage by number.</summary>
    public void RequireRead(string project)
    {
        if (!Projects.Contains(project) && ProjectNumbers.IdOf(Projects, project) is null)
        {
            throw GoogleErrors.PermissionDenied($"Permission denied on resource project {project}.");
        }
    }

    public void RequireWrite(string project)
    {
        RequireRead(project);
        RequireWrite();
    }

    /// <summary>Mutation outside a project (e.g. a Storage bucket): only the write permission is checked.</summary>
    public void RequireWrite()
    {
        if (!CanWrite)
        {
            throw GoogleErrors.PermissionDenied($"The caller does not have permission. Principal {Id} is read-only.");
        }
    }
}

public static class PrincipalHttpContextExtensions
{
    private const string ItemKey = "jobfinder.emulator.principal";

    /// <summary>The authenticated caller; 401 when the endpoint was anonymous and nobody authenticated.</summary>
    public static Principal GetPrincipal(this HttpContext context) =>
        context.Items[ItemKey] as Principal ?? throw GoogleErrors.Unauthenticated();

    public static Principal? TryGetPrincipal(this HttpContext context) => context.Items[ItemKey] as Principal;

    internal static void SetPrincipal(this HttpContext context, Principal principal) => context.Items[ItemKey] = principal;
}
