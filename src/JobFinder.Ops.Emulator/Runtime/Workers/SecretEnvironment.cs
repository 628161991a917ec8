using System.Globalization;
using System.Text;
using JobFinder.Ops.Emulator.Hosting;
using JobFinder.Ops.Emulator.Iam;
using JobFinder.Ops.Emulator.Infrastructure;
using JobFinder.Ops.Emulator.Run;
using JobFinder.Ops.Emulator.Secrets;

namespace JobFinder.Ops.Emulator.Runtime.Workers;

/// <summary>Gives an instance its secrets as Cloud Run does: each <c>env[].valueSource.secretKeyRef</c> becomes
/// <c>process.env[name]</c> = the version's payload, read from Secret Manager when the instance starts
/// ("Environment variable values are resolved at instance startup time",
/// https://cloud.google.com/functions/docs/configuring/secrets; <c>latest</c> is therefore the newest enabled
/// version at that start). The read is made as the revision's service account, which must hold
/// <c>roles/secretmanager.secretAccessor</c> (or a role containing <c>secretmanager.versions.access</c>:
/// secretmanager.admin, owner; https://cloud.google.com/secret-manager/docs/access-control) on the secret;
/// otherwise, or when the version is missing or not ENABLED, the instance does not start and the revision is
/// not ready, with Cloud Run's message (seen verbatim in deploy logs, e.g.
/// github.com/terraform-google-modules/terraform-docs-samples/pull/168, github.com/getsentry/eng-pipes/pull/893:
/// "Revision '…' is not ready and cannot serve traffic. spec.template.spec.containers[0].env[0].value_from.secret_key_ref.name:
/// Permission denied on secret: projects/N/secrets/S/versions/V for Revision service account SA. The service
/// account used must be granted the 'Secret Manager Secret Accessor' role (roles/secretmanager.secretAccessor)
/// at the secret, project or higher level."). Values go only into the worker's environment: nothing here logs
/// them, and failures name the secret and version, never the payload.</summary>
internal sealed class SecretEnvironment(SecretStore secrets, IamPolicyStore policies, EmulatorContext context) : IWorkerEnvironmentSource
{
    /// <summary>Roles whose permissions include <c>secretmanager.versions.access</c>.</summary>
    private static readonly string[] AccessRoles = ["roles/secretmanager.secretAccessor", "roles/secretmanager.admin", "roles/owner"];

    public void AddTo(IDictionary<string, string> environment, WorkerLaunch launch)
    {
        foreach (var reference in launch.Secrets)
        {
            environment[reference.Name] = Encoding.UTF8.GetString(Read(reference, launch));
        }
    }

    private byte[] Read(SecretEnvReference reference, WorkerLaunch launch)
    {
        var name = reference.SecretName(launch.ProjectId);
        var parts = name.Split('/');
        var projectId = ProjectNumbers.Resolve(context.ProjectIds, parts[1]);
        var secretName = $"projects/{projectId}/secrets/{parts[^1]}";
        var field = string.Create(CultureInfo.InvariantCulture, $"spec.template.spec.containers[0].env[{reference.Index}].value_from.secret_key_ref.name");
        var shown = string.Create(CultureInfo.InvariantCulture, $"projects/{ProjectNumbers.Of(projectId)}/secrets/{parts[^1]}/versions/{reference.Version}");
        // The project-level IAM policy is not served by the emulator, so a grant counts on the secret only.
        var member = "serviceAccount:" + launch.ServiceAccount;
        if (!AccessRoles.Any(role => policies.HasMember(secretName, role, member)))
        {
            throw new WorkerStartException(
                $"{field}: Permission denied on secret: {shown} for Revision service account {launch.ServiceAccount}. The service account used must be granted the 'Secret Manager Secret Accessor' role (roles/secretmanager.secretAccessor) at the secret, project or higher level.")
            { ContainerNeverStarted = true };
        }

        try
        {
            return secrets.Access(secretName, reference.Version).Payload;
        }
        catch (GoogleApiException ex)
        {
            throw new WorkerStartException($"{field}: {ex.Message}") { ContainerNeverStarted = true };
        }
    }
}
