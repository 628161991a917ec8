using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace JobFinder.Ops.Project;

/// <summary>The project's Admin SDK configuration as code discovery and the built-in params see it:
/// firebase-tools hands the adminSdkConfig it read to both (prepare.ts loadCodebases: FIREBASE_CONFIG of the
/// SDK's manifest server; params.ts populateDefaultParams: STORAGE_BUCKET, DATABASE_URL). Loading a project
/// reads nothing remote, so it assumes <see cref="Assumed"/>; a deployment reads the real configuration and
/// loads the project again when it differs (DeploymentPlanner).</summary>
internal sealed record FirebaseSdkDefaults(string Json, string? StorageBucket, string? DatabaseUrl)
{
    /// <summary>JSON.stringify's escaping: quotes, backslashes and control characters only (the default encoder
    /// of System.Text.Json also escapes '+', '&lt;', '&amp;' and non-ASCII, which would make another string).</summary>
    internal static readonly JsonSerializerOptions AsJavaScript = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>What an offline load assumes: the project and the bucket name Firebase gave default buckets
    /// before October 2024 (newer projects have <c>&lt;project&gt;.firebasestorage.app</c>, hence the check at deploy).</summary>
    public static FirebaseSdkDefaults Assumed(string projectId)
    {
        var bucket = projectId + ".appspot.com";
        return new(new JsonObject { ["projectId"] = projectId, ["storageBucket"] = bucket }.ToJsonString(AsJavaScript), bucket, null);
    }
}
