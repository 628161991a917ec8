using System.Text.Json.Nodes;
using JobFinder.Ops.Emulator.Hosting;
using JobFinder.Ops.Emulator.Infrastructure;

namespace JobFinder.Ops.Emulator.Auth;

/// <summary>Identity Toolkit <c>POST v1/accounts:signInWithPassword?key=API_KEY</c> for the seeded test
/// user. Errors use Identity Toolkit's older body with the reason code as message
/// (<c>INVALID_LOGIN_CREDENTIALS</c>, <c>API key not valid...</c>).</summary>
public sealed class IdentityToolkitApi(EmulatorContext context, IdTokens idTokens) : IEmulatorApi
{
    public string Label => "identitytoolkit";

    public ErrorStyle ErrorStyle => ErrorStyle.Legacy;

    public void Map(IEndpointRouteBuilder routes) =>
        routes.MapPost("v1/accounts:signInWithPassword", (Delegate)SignInAsync).AnonymousCall();

    private async Task<IResult> SignInAsync(HttpContext http)
    {
        string? key = http.Request.Query["key"];
        var keyProject = context.ProjectOfApiKey(key);
        if (key != context.ApiKey && keyProject is null)
        {
            throw new GoogleApiException(RpcCode.InvalidArgument, "API key not valid. Please pass a valid API key.", legacyReason: "badRequest");
        }

        var body = await http.Request.ReadJsonObjectAsync().ConfigureAwait(false);
        var email = body["email"]?.GetValue<string>();
        var password = body["password"]?.GetValue<string>();
        if (string.IsNullOrEmpty(email))
        {
            throw new GoogleApiException(RpcCode.InvalidArgument, "INVALID_EMAIL", legacyReason: "invalid");
        }

        if (string.IsNullOrEmpty(password))
        {
            throw new GoogleApiException(RpcCode.InvalidArgument, "MISSING_PASSWORD", legacyReason: "invalid");
        }

        var user = context.TestUser;
        if (!string.Equals(email, user.Email, StringComparison.OrdinalIgnoreCase) || password != user.Password)
        {
            throw new GoogleApiException(RpcCode.InvalidArgument, "INVALID_LOGIN_CREDENTIALS", legacyReason: "invalid");
        }

        // A project's own key decides the project, as in Firebase; the emulator-wide key takes the
        // project from the request, else the first one.
        var project = keyProject ?? body["targetProjectId"]?.GetValue<string>() ?? body["tenantProjectId"]?.GetValue<string>() ?? context.ProjectIds[0];
        if (!context.IsKnownProject(project))
        {
            throw new GoogleApiException(RpcCode.InvalidArgument, "INVALID_PROJECT_ID", legacyReason: "invalid");
        }

        return GoogleJson.Result(new JsonObject
        {
            ["kind"] = "identitytoolkit#VerifyPasswordResponse",
            ["localId"] = user.LocalId,
            ["email"] = user.Email,
            ["displayName"] = user.DisplayName,
            ["idToken"] = idTokens.Issue(user, project),
            ["registered"] = true,
            ["refreshToken"] = Jwt.Base64Url(System.Text.Encoding.UTF8.GetBytes("refresh:" + user.LocalId)),
            ["expiresIn"] = GoogleJson.Int64((long)IdTokens.Lifetime.TotalSeconds),
        });
    }
}
