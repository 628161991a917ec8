using System.Security.Cryptography;
using System.Text;

namespace JobFinder.Ops.Emulator.Infrastructure;

/// <summary>Stable 12-digit project numbers derived from project ids (Google assigns them; the emulator
/// needs the same number every run for bucket names and service accounts).</summary>
public static class ProjectNumbers
{
    public static long Of(string projectId)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(projectId));
        return 100_000_000_000 + (long)(BitConverter.ToUInt64(hash, 0) % 899_999_999_999UL);
    }

    public static string ComputeServiceAccount(string projectId) => $"{Of(projectId)}-compute@developer.gserviceaccount.com";
}
