using JobFinder.Ops.Emulator.Auth;
using JobFinder.Ops.Emulator.Iam;

namespace JobFinder.Ops.Emulator.Runtime;

/// <summary>Cloud Run's IAM check in front of a service: a request reaches the container only when its
/// caller holds <c>roles/run.invoker</c> on the service (or a role that includes run.routes.invoke, such as
/// owner). <c>allUsers</c> makes the service public; otherwise the caller must send a Google-signed OIDC ID
/// token (https://cloud.google.com/run/docs/authenticating/service-to-service) and an anonymous or
/// unauthorised request gets 403 Forbidden before any instance runs
/// (https://cloud.google.com/run/docs/securing/managing-access, https://cloud.google.com/run/docs/troubleshooting#unauthorized-client).
/// Kept apart from whatever runs the function so that runtime can change without this moving.</summary>
public sealed class InvokerCheck(IamPolicyStore policies, AccessTokens tokens)
{
    public const string InvokerRole = "roles/run.invoker";

    /// <summary>True when the request may reach <paramref name="serviceName"/>'s revisions.</summary>
    public bool Allows(HttpContext http, string serviceName)
    {
        if (policies.HasMember(serviceName, InvokerRole, "allUsers"))
        {
            return true;
        }

        // Cloud Run reads the identity from Authorization, or from X-Serverless-Authorization when the
        // application needs Authorization for itself (a callable's Firebase ID token).
        var email = IdentityOf(http.Request.Headers["X-Serverless-Authorization"].ToString())
            ?? IdentityOf(http.Request.Headers.Authorization.ToString());
        return email is not null
            && (tokens.IsOwnerAccount(email)
                || policies.HasMember(serviceName, InvokerRole, "allAuthenticatedUsers")
                || policies.HasMember(serviceName, InvokerRole, "serviceAccount:" + email)
                || policies.HasMember(serviceName, InvokerRole, "user:" + email));
    }

    private string? IdentityOf(string header)
    {
        const string scheme = "Bearer ";
        return header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) ? tokens.ValidateIdToken(header[scheme.Length..].Trim()) : null;
    }
}
