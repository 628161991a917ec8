using System.IO.Compression;
using System.Net.Http.Json;
using JobFinder.Ops.Emulator.Hosting;
using JobFinder.Ops.Events;
using JobFinder.Ops.Google;
using JobFinder.Ops.Google.Functions;
using JobFinder.Ops.Google.Operations;
using Xunit;

namespace JobFinder.Ops.Tests.Google;

/// <summary>The Google-layer tests' emulator (<see cref="EmulatorConnectionFixture"/>), with its admin
/// API at hand for fault injection and a deploy helper.</summary>
public sealed class EmulatorFixture : EmulatorConnectionFixture
{
    private int _sequence;

    public HttpClient Admin { get; } = new();

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Admin.BaseAddress = Emulator.BaseAddress;
    }

    public override async Task DisposeAsync()
    {
        Admin.Dispose();
        await base.DisposeAsync();
    }

    public GoogleRestClient Client(IEngineEventSink? events = null) => new(Connection, events ?? new CollectingEventSink());

    /// <summary>A function id no other test uses.</summary>
    public string NewFunctionId(string prefix) => $"{prefix}-{Interlocked.Increment(ref _sequence)}-{Guid.NewGuid():N}"[..Math.Min(40, prefix.Length + 14)];

    public async Task PostAdminAsync(string path, object body)
    {
        using var response = await Admin.PostAsJsonAsync(path, body);
        response.EnsureSuccessStatusCode();
    }

    public async Task DeleteAdminAsync(string path)
    {
        using var response = await Admin.DeleteAsync(path);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Uploads a tiny source zip and deploys a function with entry point <c>health</c>.</summary>
    public async Task<Function> DeployAsync(CloudFunctionsApi functions, string functionId, Dictionary<string, string>? environment = null)
    {
        var upload = await functions.GenerateUploadUrlAsync(Project, Location);
        await functions.UploadSourceAsync(upload.UploadUrl!, SourceZip());
        var name = new FunctionName(Project, Location, functionId);
        var operation = await functions.CreateAsync(name, FunctionBody(upload.StorageSource!, environment));
        return await functions.WaitForFunctionAsync(operation);
    }

    public static Function FunctionBody(StorageSource source, Dictionary<string, string>? environment = null) => new()
    {
        Environment = FunctionEnvironment.Gen2,
        BuildConfig = new BuildConfig { Runtime = "nodejs22", EntryPoint = "health", Source = new FunctionSource { StorageSource = source } },
        ServiceConfig = new ServiceConfig { AvailableMemory = "256Mi", TimeoutSeconds = 60, EnvironmentVariables = environment },
    };

    public static byte[] SourceZip()
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var writer = new StreamWriter(zip.CreateEntry("index.js").Open());
            writer.Write("exports.health = (req, res) => res.json({status: 'healthy'});");
        }

        return stream.ToArray();
    }
}
