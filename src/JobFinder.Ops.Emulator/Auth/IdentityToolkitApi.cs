using System.Text.Json.Nodes;
using JobFinder.Ops.Emulator.Hosting;
using JobFinder.Ops.Emulator.Infrastructure;

namespace JobFinder.Ops.Emulator.Auth;

/// <summary>Identity Toolkit <c>POST v1/accounts:signInWithPassword?key=API_KEY</c> for the seeded test
/// user, and <c>accounts:lookup</c> (identitytoolkit-v1.json, <c>accounts.lookup</c> and
/// <c>projects.accounts.lookup</c>), which firebase-admin calls for every <c>verifyIdToken</c> under
/// <c>FIREBASE_AUTH_EMULATOR_HOST</c> (base-auth.js: in emulator mode the user is always checked for
/// revocation and <c>disabled</c>). That SDK addresses the emulator as
/// <c>http://HOST/identitytoolkit.googleapis.com/v1/projects/P/accounts:lookup</c> (auth-api-request.js,
/// <c>FIREBASE_AUTH_EMULATOR_BASE_URL_FORMAT</c>), hence the second prefix. Errors use Identity Toolkit's older body with the reason code as message
/// (<c>INVALID_LOGIN_CREDENTIALS</c>, <c>API key not valid...</c>).</summary>
public sealed class IdentityToolkitApi(EmulatorContext context, IdTokens idTokens) : IEmulatorApi
{
    public string Label => "identitytoolkit";

    public ErrorStyle ErrorStyle => ErrorStyle.Legacy;

    public IReadOnlyList<string> Prefixes => [Label, "identitytoolkit.googleapis.com"];

    public void Map(IEndpointRouteBuilder routes)
    {
        routes.MapPost("v1/accounts:signInWithPassword", (Delegate)SignInAsync).AnonymousCall();
        // Anonymous at the routing level: the caller is checked in LookupAsync, because the Admin SDK's
        // emulator credential (the literal owner token) must work even with --strict.
        routes.MapPost("v1/accounts:lookup", (Delegate)LookupAsync).AnonymousCall().ReadStyleCall();
        routes.MapPost("v1/projects/{project}/accounts:lookup", (Delegate)LookupAsync).AnonymousCall().ReadStyleCall();
    }

    /// <summary>Users by <c>localId</c> or <c>email</c> for an administrator (the Admin SDK's owner token in
    /// emulator mode, or a service-account token), or the user of an <c>idToken</c> for anyone holding one;
    /// no match answers without <c>users</c>, as Identity Toolkit does.</summary>
    private async Task<IResult> LookupAsync(HttpContext http)
    {
        var body = await http.Request.ReadJsonObjectAsync().ConfigureAwait(false);
        var project = http.RouteString("project");
        var users = new List<TestUser>();
        var isAdmin = http.Request.Headers.Authorization.ToString() == "Bearer owner" || http.TryGetPrincipal() is not null;
        if (isAdmin && (body["localId"] is JsonArray || body["email"] is JsonArray))
        {
            var user = context.TestUser;
            var byId = (body["localId"] as JsonArray ?? []).Any(id => (string?)id == user.LocalId);
            var byEmail = (body["email"] as JsonArray ?? []).Any(e => string.Equals((string?)e, user.Email, StringComparison.OrdinalIgnoreCase));
            if ((byId || byEmail) && (project.Length == 0 || context.IsKnownProject(project)))
            {
                users.Add(user);
            }
        }
        else if ((string?)body["idToken"] is { Length: > 0 } idToken)
        {
            var claims = idTokens.Validate(idToken, project.Length > 0 ? project : null)
                ?? throw new GoogleApiException(RpcCode.InvalidArgument, "INVALID_ID_TOKEN", legacyReason: "invalid");
            users.Add(idTokens.FindUser(claims.Uid)!);
        }
        else if (!isAdmin)
        {
            throw GoogleErrors.Unauthenticated();
        }
        else
        {
            throw new GoogleApiException(RpcCode.InvalidArgument, "MISSING_ID_TOKEN", legacyReason: "invalid");
        }

        var response = new JsonObject { ["kind"] = "identitytoolkit#GetAccountInfoResponse" };
        if (users.Count > 0)
        {
            response["users"] = new JsonArray([.. users.Select(UserInfo)]);
        }
        return GoogleJson.Result(response);
    }

    /// <summary>An account as <c>accounts.lookup</c> returns it (identitytoolkit-v1.json,
    /// <c>GoogleCloudIdentitytoolkitV1UserInfo</c>); no <c>validSince</c>: its tokens were never revoked.</summary>
    private static JsonObject UserInfo(TestUser user) => new()
    {
        ["localId"] = user.LocalId,
        ["email"] = user.Email,
        ["emailVerified"] = true,
        ["displayName"] = user.DisplayName,
        ["disabled"] = false,
        ["providerUserInfo"] = new JsonArray(new JsonObject
        {
            ["providerId"] = "password",
            ["email"] = user.Email,
            ["federatedId"] = user.Email,
            ["rawId"] = user.Email,
            ["displayName"] = user.DisplayName,
        }),
        ["createdAt"] = GoogleJson.Int64(FirestoreSeedEpochMilliseconds),
        ["lastLoginAt"] = GoogleJson.Int64(FirestoreSeedEpochMilliseconds),
    };

    /// <summary>When the seeded user was created: the seed data's epoch, so lookups are deterministic.</summary>
    private static readonly long FirestoreSeedEpochMilliseconds = Firestore.FirestoreSeedData.Epoch.ToUnixTimeMilliseconds();

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
