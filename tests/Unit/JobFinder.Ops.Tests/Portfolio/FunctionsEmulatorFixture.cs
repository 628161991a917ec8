using System.IO.Compression;
using JobFinder.Ops.Emulator.Hosting;
using JobFinder.Ops.Google;
using JobFinder.Ops.Google.Functions;
using JobFinder.Ops.Google.Operations;
using JobFinder.Ops.Tests.Google;
using Xunit;

namespace JobFinder.Ops.Tests.Portfolio;

/// <summary>An emulator (<see cref="EmulatorConnectionFixture"/>) and a way to seed any project with
/// functions through the Functions API (upload URL, PUT, create, wait) and to send them traffic through
/// their URLs, which the emulator records as Cloud Monitoring samples.</summary>
public sealed class FunctionsEmulatorFixture : EmulatorConnectionFixture
{
    private static readonly HttpClient s_http = new();

    public GoogleRestClient Client() => new(Connection);

    /// <summary>Creates <paramref name="functionId"/> in <paramref name="project"/> with the entry point of
    /// the same name (the emulator's behaviours: health, contactForm, ...; others answer 200).</summary>
    public async Task<Function> DeployAsync(string project, string functionId)
    {
        var functions = new CloudFunctionsApi(Client());
        var upload = await functions.GenerateUploadUrlAsync(project, Location);
        await functions.UploadSourceAsync(upload.UploadUrl!, SourceZip(functionId));
        var operation = await functions.CreateAsync(new FunctionName(project, Location, functionId), new Function
        {
            Environment = FunctionEnvironment.Gen2,
            BuildConfig = new BuildConfig { Runtime = "nodejs20", EntryPoint = functionId, Source = new FunctionSource { StorageSource = upload.StorageSource } },
            ServiceConfig = new ServiceConfig { AvailableMemory = "256Mi", TimeoutSeconds = 60 },
        });
        var created = await functions.WaitForFunctionAsync(operation);
        // Public, as firebase deploy leaves an HTTPS function (the runtime answers 403 to anonymous calls otherwise).
        await new JobFinder.Ops.Google.Iam.RunInvokerApi(Client()).SetInvokersAsync(created.ServiceConfig!.Service!, ["allUsers"]);
        return created;
    }

    /// <summary>Sends <paramref name="count"/> GETs to the function's URL (real traffic, recorded as request_count).</summary>
    public static async Task CallAsync(Function function, int count)
    {
        for (var i = 0; i < count; i++)
        {
            using var response = await s_http.GetAsync(function.Url);
        }
    }

    private static byte[] SourceZip(string entryPoint)
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var writer = new StreamWriter(zip.CreateEntry("index.js").Open());
            writer.Write($"exports.{entryPoint} = (req, res) => res.json({{ok: true}});");
        }

        return stream.ToArray();
    }
}
