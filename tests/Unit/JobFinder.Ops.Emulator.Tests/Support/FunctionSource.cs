using System.IO.Compression;
using System.Text;

namespace JobFinder.Ops.Emulator.Tests.Support;

/// <summary>Source archives of small real Node.js functions, zipped as the module uploads a codebase: the
/// emulator runs them with the Functions Framework, so what a test asserts is what this code answers.</summary>
public static class FunctionSource
{
    /// <summary>An HTTP function answering 200 <c>{"result":{"ok":true,"revision":K_REVISION}}</c>.</summary>
    public const string OkHandler = "(req, res) => res.status(200).json({ result: { ok: true, revision: process.env.K_REVISION } })";

    /// <summary>index.js exporting <paramref name="handler"/> as <paramref name="entryPoint"/> (after
    /// <paramref name="prelude"/>), with a package.json without dependencies.</summary>
    public static byte[] Http(string entryPoint, string handler = OkHandler, string prelude = "") =>
        Zip(new Dictionary<string, string>
        {
            ["package.json"] = """{ "name": "test-function", "version": "1.0.0", "main": "index.js" }""",
            ["index.js"] = $"\"use strict\";\n{prelude}\nexports[{System.Text.Json.JsonSerializer.Serialize(entryPoint)}] = {handler};\n",
        });

    public static byte[] Zip(IReadOnlyDictionary<string, string> files)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (path, text) in files)
            {
                using var entry = zip.CreateEntry(path).Open();
                entry.Write(Encoding.UTF8.GetBytes(text));
            }
        }

        return buffer.ToArray();
    }
}
