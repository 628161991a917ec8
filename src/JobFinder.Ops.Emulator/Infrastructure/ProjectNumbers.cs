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

    /// <summary>The id of the project among <paramref name="projectIds"/> whose number is <paramref name="number"/>
    /// (null when it is not a number or none has it).</summary>
    public static string? IdOf(IEnumerable<string> projectIds, string number) =>
        number.Length > 0 && number.All(char.IsAsciiDigit)
            ? projectIds.FirstOrDefault(id => Of(id).ToString(System.Globalization.CultureInfo.InvariantCulture) == number)
            : null;

    /// <summary>A project id, or the id behind a project number.</summary>
    public static string Resolve(IEnumerable<string> projectIds, string idOrNumber) => IdOf(projectIds, idOrNumber) ?? idOrNumber;

    public static string ComputeServiceAccount(string projectId) => $"{Of(projectId)}-compute@developer.gserviceaccount.com";
}
