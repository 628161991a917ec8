namespace JobFinder.Ops.Model;

/// <summary>How a smoke check authenticates its request.</summary>
public enum SmokeCheckAuth
{
    None,
    /// <summary>A fresh Firebase ID token for the smoke-test user (Identity Toolkit sign-in).</summary>
    FirebaseIdToken,
    /// <summary>A Google-signed OIDC identity token from the deploy credentials, audience = the URL.</summary>
    Oidc,
}
