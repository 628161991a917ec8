using Xunit;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Google.Apis.Auth.OAuth2;
using JobFinder.Ops.Emulator.Auth;
using JobFinder.Ops.Emulator.Hosting;
using JobFinder.Ops.Emulator.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace JobFinder.Ops.Emulator.Tests.Auth;

public sealed class AuthTests : IAsyncLifetime
{
    private const string FunctionsPath = "v2/projects/jobfinder-staging/locations/us-central1/functions";
    private EmulatorSession session = null!;

    public async Task InitializeAsync() => session = await EmulatorSession.StartAsync();

    public async Task DisposeAsync() => await session.DisposeAsync();

    [Fact]
    public async Task GoogleApisAuth_gets_a_token_from_the_key_file_and_the_token_works()
    {
        var credential = CredentialFactory.FromFile<ServiceAccountCredential>(session.Emulator.KeyFilePath)
            .ToGoogleCredential()
            .CreateScoped("https://www.googleapis.com/auth/cloud-platform");
        var token = await ((ITokenAccess)credential).GetAccessTokenForRequestAsync();

        Assert.NotEqual("owner", token);
        using var client = session.NewClient(token);
        using var response = await client.GetAsync(FunctionsPath);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var log = await session.GetJsonAsync("_emulator/requests");
        Assert.Contains(log["requests"]!.AsArray(), r => r!["path"]!.GetValue<string>() == "/token" && r["status"]!.GetValue<int>() == 200);
    }

    [Fact]
    public async Task Missing_or_invalid_token_gets_401_in_Googles_envelope()
    {
        foreach (var bearer in new[] { null, "not-a-token", "a.b.c" })
        {
            using var client = session.NewClient(bearer);
            using var response = await client.GetAsync(FunctionsPath);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            var error = (await EmulatorSession.ReadAsync(response))["error"]!;
            Assert.Equal(401, error["code"]!.GetValue<int>());
            Assert.Equal("UNAUTHENTICATED", error["status"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task Expired_access_token_gets_401()
    {
        var tokens = session.Emulator.Services.GetRequiredService<AccessTokens>();
        var keys = session.Emulator.Services.GetRequiredService<EmulatorKeys>();
        using var client = session.NewClient(tokens.Issue(keys.Deployer, "https://www.googleapis.com/auth/cloud-platform", TimeSpan.FromMinutes(-5)));
        using var response = await client.GetAsync(FunctionsPath);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Other_project_gets_403_permission_denied()
    {
        using var response = await session.Client.GetAsync("v2/projects/someone-elses-project/locations/us-central1/functions");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("PERMISSION_DENIED", (await EmulatorSession.ReadAsync(response))["error"]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Viewer_reads_but_any_mutation_gets_403_and_is_logged_as_mutating()
    {
        var credential = CredentialFactory.FromFile<ServiceAccountCredential>(session.Emulator.ReadOnlyKeyFilePath)
            .ToGoogleCredential()
            .CreateScoped("https://www.googleapis.com/auth/cloud-platform");
        using var viewer = session.NewClient(await ((ITokenAccess)credential).GetAccessTokenForRequestAsync());

        using var read = await viewer.GetAsync(FunctionsPath);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        using var write = await viewer.PostAsync(FunctionsPath + "?functionId=blocked", EmulatorSession.Json(new JsonObject()));
        Assert.Equal(HttpStatusCode.Forbidden, write.StatusCode);
        Assert.Equal("PERMISSION_DENIED", (await EmulatorSession.ReadAsync(write))["error"]!["status"]!.GetValue<string>());

        var log = (await session.GetJsonAsync("_emulator/requests"))["requests"]!.AsArray();
        var entry = log.Last(r => r!["method"]!.GetValue<string>() == "POST" && r["path"]!.GetValue<string>().EndsWith("/functions", StringComparison.Ordinal))!;
        Assert.True(entry["mutating"]!.GetValue<bool>());
        Assert.Equal(403, entry["status"]!.GetValue<int>());
        Assert.StartsWith("jobfinder-viewer@", entry["principal"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_endpoint_rejects_an_assertion_signed_by_another_key()
    {
        using var rsa = System.Security.Cryptography.RSA.Create(2048);
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var assertion = Jwt.Sign(new JsonObject
        {
            ["iss"] = $"jobfinder-deployer@{EmulatorSession.Project}.iam.gserviceaccount.com",
            ["scope"] = "https://www.googleapis.com/auth/cloud-platform",
            ["aud"] = session.Emulator.BaseAddress + "token",
            ["iat"] = now,
            ["exp"] = now + 600,
        }, rsa);
        using var anonymous = session.NewClient(null);
        using var response = await anonymous.PostAsync("oauth2/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "urn:ietf:params:oauth:grant-type:jwt-bearer",
            ["assertion"] = assertion,
        }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_grant", (await EmulatorSession.ReadAsync(response))["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task Strict_mode_refuses_the_literal_owner_token()
    {
        await using var strict = await EmulatorSession.StartAsync(new EmulatorOptions { Strict = true });
        using var response = await strict.Client.GetAsync(FunctionsPath);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task SignInWithPassword_issues_an_id_token_the_validator_accepts()
    {
        using var anonymous = session.NewClient(null);
        using var response = await anonymous.PostAsJsonAsync(
            $"identitytoolkit/v1/accounts:signInWithPassword?key={session.Emulator.ApiKey}",
            new { email = session.Emulator.TestUser.Email, password = session.Emulator.TestUser.Password, returnSecureToken = true });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await EmulatorSession.ReadAsync(response);
        var claims = session.Emulator.Services.GetRequiredService<IIdTokenValidator>().Validate(body["idToken"]!.GetValue<string>());

        Assert.NotNull(claims);
        Assert.Equal(session.Emulator.TestUser.Email, claims.Email);
        Assert.Equal("3600", body["expiresIn"]!.GetValue<string>());
    }

    [Fact]
    public async Task SignInWithPassword_with_a_wrong_password_gets_identity_toolkits_error()
    {
        using var anonymous = session.NewClient(null);
        using var response = await anonymous.PostAsJsonAsync(
            $"v1/accounts:signInWithPassword?key={session.Emulator.ApiKey}",
            new { email = session.Emulator.TestUser.Email, password = "wrong" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await EmulatorSession.ReadAsync(response))["error"]!;
        Assert.Equal("INVALID_LOGIN_CREDENTIALS", error["message"]!.GetValue<string>());
        Assert.Equal("invalid", error["errors"]![0]!["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_projects_own_api_key_signs_users_into_that_project()
    {
        // Every Firebase project has its own web API key; a token for one project is refused by
        // another project's functions, so smoke tests must sign in with the right key.
        var context = session.Emulator.Services.GetRequiredService<EmulatorContext>();
        var production = session.Emulator.ProjectIds[1];
        using var anonymous = session.NewClient(null);
        using var response = await anonymous.PostAsJsonAsync(
            $"v1/accounts:signInWithPassword?key={context.ApiKeyFor(production)}",
            new { email = session.Emulator.TestUser.Email, password = session.Emulator.TestUser.Password, returnSecureToken = true });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var idToken = (await EmulatorSession.ReadAsync(response))["idToken"]!.GetValue<string>();
        var validator = session.Emulator.Services.GetRequiredService<IIdTokenValidator>();

        Assert.NotNull(validator.Validate(idToken, production));
        Assert.Null(validator.Validate(idToken, session.Emulator.ProjectIds[0]));
        Assert.NotEqual(context.ApiKeyFor(production), session.Emulator.ApiKey);
    }

    [Fact]
    public async Task Id_tokens_are_unsigned_like_the_Auth_emulators_and_accounts_lookup_serves_the_Admin_SDK_even_when_strict()
    {
        // firebase-admin under FIREBASE_AUTH_EMULATOR_HOST accepts only unsigned tokens (alg none) and then
        // looks the user up with the owner token at HOST/identitytoolkit.googleapis.com/v1/projects/P/accounts:lookup.
        await using var strict = await EmulatorSession.StartAsync(new EmulatorOptions { Strict = true });
        using var anonymous = strict.NewClient(null);
        using var signIn = await anonymous.PostAsJsonAsync($"v1/accounts:signInWithPassword?key={strict.Emulator.ApiKey}",
            new { email = strict.Emulator.TestUser.Email, password = strict.Emulator.TestUser.Password, returnSecureToken = true });
        var idToken = (await EmulatorSession.ReadAsync(signIn))["idToken"]!.GetValue<string>();
        var parts = idToken.Split('.');
        Assert.Equal(3, parts.Length);
        Assert.Empty(parts[2]);
        Assert.Equal("none", JsonNode.Parse(Jwt.FromBase64Url(parts[0]))!["alg"]!.GetValue<string>());

        using var owner = strict.NewClient("owner");
        using var lookup = await owner.PostAsJsonAsync("identitytoolkit.googleapis.com/v1/projects/jobfinder-staging/accounts:lookup",
            new { localId = new[] { strict.Emulator.TestUser.LocalId } });
        Assert.Equal(HttpStatusCode.OK, lookup.StatusCode);
        var user = (await EmulatorSession.ReadAsync(lookup))["users"]![0]!;
        Assert.Equal(strict.Emulator.TestUser.Email, user["email"]!.GetValue<string>());
        Assert.False(user["disabled"]!.GetValue<bool>());

        using var unknown = await owner.PostAsJsonAsync("identitytoolkit.googleapis.com/v1/projects/jobfinder-staging/accounts:lookup", new { localId = new[] { "nobody" } });
        Assert.Null((await EmulatorSession.ReadAsync(unknown))["users"]);

        using var noCredentials = await anonymous.PostAsJsonAsync("identitytoolkit.googleapis.com/v1/projects/jobfinder-staging/accounts:lookup", new { localId = new[] { "x" } });
        Assert.Equal(HttpStatusCode.Unauthorized, noCredentials.StatusCode);

        // A token naming a user the emulator does not know is refused.
        var forged = parts[0] + "." + Jwt.Base64Url(System.Text.Encoding.UTF8.GetBytes(
            JsonNode.Parse(Jwt.FromBase64Url(parts[1]))!.AsObject().Also(p => p["sub"] = "someone-else").ToJsonString())) + ".";
        Assert.Null(strict.Emulator.Services.GetRequiredService<IIdTokenValidator>().Validate(forged));
    }
}

internal static class JsonObjectExtensions
{
    public static JsonObject Also(this JsonObject value, Action<JsonObject> change)
    {
        change(value);
        return value;
    }
}
