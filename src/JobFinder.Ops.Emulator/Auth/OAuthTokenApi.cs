using System.Text.Json.Nodes;
using JobFinder.Ops.Emulator.Infrastructure;

namespace JobFinder.Ops.Emulator.Auth;

/// <summary>OAuth 2.0 token endpoint: <c>POST /token</c>, <c>/oauth2/token</c> (via the prefix) and
/// <c>/oauth2/v4/token</c>, JWT-bearer grant only. Errors use OAuth's own body
/// (<c>{"error":"invalid_grant","error_description":...}</c>), which Google.Apis.Auth parses.</summary>
public sealed class OAuthTokenApi(AccessTokens tokens) : IEmulatorApi
{
    private const string JwtBearerGrant = "urn:ietf:params:oauth:grant-type:jwt-bearer";

    public string Label => "oauth2";

    public void Map(IEndpointRouteBuilder routes)
    {
        routes.MapPost("token", (Delegate)GrantAsync).AnonymousCall();
        routes.MapPost("oauth2/v4/token", (Delegate)GrantAsync).AnonymousCall();
    }

    private async Task<IResult> GrantAsync(HttpContext context)
    {
        if (!context.Request.HasFormContentType)
        {
            return OAuthError("invalid_request", "Expected application/x-www-form-urlencoded.");
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
        if (form["grant_type"] != JwtBearerGrant)
        {
            return OAuthError("unsupported_grant_type", "Invalid grant_type: " + form["grant_type"]);
        }

        var result = tokens.Exchange(form["assertion"].ToString());
        if (result.IdToken is not null)
        {
            // Google answers a target_audience grant with the ID token alone.
            return GoogleJson.Result(new JsonObject { ["id_token"] = result.IdToken });
        }

        if (result.AccessToken is null)
        {
            return OAuthError(result.Error!, result.ErrorDescription!);
        }

        return GoogleJson.Result(new JsonObject
        {
            ["access_token"] = result.AccessToken,
            ["expires_in"] = result.ExpiresIn,
            ["token_type"] = "Bearer",
        });
    }

    private static IResult OAuthError(string error, string description) =>
        GoogleJson.Result(new JsonObject { ["error"] = error, ["error_description"] = description }, StatusCodes.Status400BadRequest);
}
