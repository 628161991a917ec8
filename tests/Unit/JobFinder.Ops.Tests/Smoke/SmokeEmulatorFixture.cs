using System.IO.Compression;
using JobFinder.Ops.Emulator.Hosting;
using JobFinder.Ops.Google;
using JobFinder.Ops.Google.Functions;
using JobFinder.Ops.Google.Operations;
using JobFinder.Ops.Google.Run;
using JobFinder.Ops.Tests.Google;
using Xunit;

namespace JobFinder.Ops.Tests.Smoke;

/// <summary>The smoke tests' emulator (<see cref="EmulatorConnectionFixture"/>), plus helpers to deploy
/// functions, add revisions and tag them.</summary>
public sealed class SmokeEmulatorFixture : EmulatorConnectionFixture
{
    private int _sequence;

    public GoogleRestClient Client() => new(Connection);

    /// <summary>The emulator's API key and test user, as the settings' default variable names.</summary>
    public Func<string, string?> SmokeUserEnvironment => name => name switch
    {
        "JOBFINDER_API_KEY" => Emulator.ApiKey,
        "JOBFINDER_SMOKE_EMAIL" => Emulator.TestUser.Email,
        "JOBFINDER_SMOKE_PASSWORD" => Emulator.TestUser.Password,
        _ => null,
    };

    public string NewFunctionId(string prefix) => $"{prefix}{Interlocked.Increment(ref _sequence)}{Guid.NewGuid():N}"[..(prefix.Length + 10)];

    /// <summary>Deploys a function whose entry point has no behavior of its own, so it answers
    /// 200 <c>{"result":{"ok":true}}</c> (plus whatever the fault knobs in <paramref name="environment"/> do).</summary>
    public async Task<Function> DeployAsync(string functionId, Dictionary<string, string>? environment = null)
    {
        var functions = new CloudFunctionsApi(Client());
        var source = await UploadAsync(functions);
        var operation = await functions.CreateAsync(new FunctionName(Project, Location, functionId), Body(source, environment));
        var created = await functions.WaitForFunctionAsync(operation);
        // Public, as firebase deploy makes an HTTPS function: Cloud Run refuses anonymous calls otherwise.
        await new JobFinder.Ops.Google.Iam.RunInvokerApi(Client()).SetInvokersAsync(created.ServiceConfig!.Service!, ["allUsers"]);
        return created;
    }

    /// <summary>Deploys a new revision with <paramref name="environment"/>; it takes all traffic (LATEST).</summary>
    public async Task<Function> UpdateAsync(string functionId, Dictionary<string, string>? environment)
    {
        var functions = new CloudFunctionsApi(Client());
        var source = await UploadAsync(functions);
        var body = Body(source, environment) with { Name = new FunctionName(Project, Location, functionId).ToString() };
        var operation = await functions.PatchAsync(body);
        return await functions.WaitForFunctionAsync(operation);
    }

    /// <summary>Pins 100% on <paramref name="stable"/> (tag <c>stable</c>) and 0% on <paramref name="canary"/> (tag <c>canary</c>).</summary>
    public async Task<RunService> PinAsync(Function function, string stable, string canary)
    {
        var run = new CloudRunApi(Client());
        var name = RunServiceName.Parse(function.ServiceConfig!.Service!);
        var operation = await run.PatchServiceAsync(
            new RunService
            {
                Name = name.ToString(),
                Traffic =
                [
                    new TrafficTarget { Type = TrafficTargetAllocationType.Revision, Revision = stable, Percent = 100, Tag = "stable" },
                    new TrafficTarget { Type = TrafficTargetAllocationType.Revision, Revision = canary, Percent = 0, Tag = "canary" },
                ],
            },
            ["traffic"]);
        return await run.WaitForServiceAsync(operation);
    }

    private static async Task<StorageSource> UploadAsync(CloudFunctionsApi functions)
    {
        var upload = await functions.GenerateUploadUrlAsync(Project, Location);
        await functions.UploadSourceAsync(upload.UploadUrl!, SourceZip());
        return upload.StorageSource!;
    }

    private static Function Body(StorageSource source, Dictionary<string, string>? environment) => new()
    {
        Environment = FunctionEnvironment.Gen2,
        BuildConfig = new BuildConfig { Runtime = "nodejs22", EntryPoint = "smokeProbe", Source = new FunctionSource { StorageSource = source } },
        ServiceConfig = new ServiceConfig { AvailableMemory = "256Mi", TimeoutSeconds = 60, EnvironmentVariables = environment ?? [] },
    };

    private static byte[] SourceZip()
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var writer = new StreamWriter(zip.CreateEntry("index.js").Open());
            writer.Write("exports.smokeProbe = (req, res) => res.json({result: {ok: true}});");
        }

        return stream.ToArray();
    }
}

/// <summary>A clock the test moves by hand (token expiry without waiting an hour).</summary>
internal sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
