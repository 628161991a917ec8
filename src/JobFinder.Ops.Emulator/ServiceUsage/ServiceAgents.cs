using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace JobFinder.Ops.Emulator.ServiceUsage;

/// <summary>The service agents of the services a deployment touches, as https://cloud.google.com/iam/docs/service-agents
/// names them: <c>service-PROJECT_NUMBER@DOMAIN</c>.</summary>
internal static class ServiceAgents
{
    private static readonly Dictionary<string, string> Domains = new(StringComparer.Ordinal)
    {
        ["artifactregistry.googleapis.com"] = "gcp-sa-artifactregistry.iam.gserviceaccount.com",
        ["cloudfunctions.googleapis.com"] = "gcf-admin-robot.iam.gserviceaccount.com",
        ["cloudscheduler.googleapis.com"] = "gcp-sa-cloudscheduler.iam.gserviceaccount.com",
        ["cloudtasks.googleapis.com"] = "gcp-sa-cloudtasks.iam.gserviceaccount.com",
        ["eventarc.googleapis.com"] = "gcp-sa-eventarc.iam.gserviceaccount.com",
        ["pubsub.googleapis.com"] = "gcp-sa-pubsub.iam.gserviceaccount.com",
        ["run.googleapis.com"] = "serverless-robot-prod.iam.gserviceaccount.com",
        ["secretmanager.googleapis.com"] = "gcp-sa-secretmanager.iam.gserviceaccount.com",
    };

    public static string? DomainOf(string service) => Domains.GetValueOrDefault(service);

    /// <summary>A stable 21-digit id, as Google gives service accounts.</summary>
    public static string UniqueId(string project, string service)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(project + "/" + service));
        return "1" + (BitConverter.ToUInt64(hash, 0) % 10_000_000_000_000_000_000UL).ToString("D20", CultureInfo.InvariantCulture);
    }
}
