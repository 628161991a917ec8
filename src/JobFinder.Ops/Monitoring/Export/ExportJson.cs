using System.Text.Encodings.Web;
using System.Text.Json;

namespace JobFinder.Ops.Monitoring.Export;

/// <summary>Serializer options for exported text: readable (no \u escapes for non-ASCII or quotes).</summary>
internal static class ExportJson
{
    public static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
