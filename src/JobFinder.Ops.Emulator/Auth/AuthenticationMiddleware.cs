using JobFinder.Ops.Emulator.Infrastructure;

namespace JobFinder.Ops.Emulator.Auth;

/// <summary>For API endpoints (not admin, not the function runtime): bearer token → <see cref="Principal"/>
/// (401 when missing/invalid), project membership from the <c>project</c> route value (403), and read-only
/// principals refused on mutations (403). Anonymous endpoints still get a principal when a valid token is sent.</summary>
public sealed class AuthenticationMiddleware(RequestDelegate next, AccessTokens tokens)
{
    public Task InvokeAsync(HttpContext context)
    {
        var api = context.GetApiMetadata();
        if (api is null)
        {
            return next(context);
        }

        var principal = Authenticate(context);
        if (principal is not null)
        {
            context.SetPrincipal(principal);
        }

        if (context.GetEndpoint()?.Metadata.GetMetadata<AnonymousCallMetadata>() is not null)
        {
            return next(context);
        }

        if (principal is null)
        {
            throw GoogleErrors.Unauthenticated();
        }

        var project = context.RouteString("project");
        if (project.Length > 0)
        {
            principal.RequireRead(project);
        }

        if (MutationClassifier.IsMutating(context))
        {
            principal.RequireWrite();
        }

        return next(context);
    }

    private Principal? Authenticate(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return tokens.Authenticate(header[scheme.Length..].Trim());
    }
}
