using System.Net;
using JobFinder.Ops.Emulator.Admin;
using JobFinder.Ops.Emulator.Auth;
using JobFinder.Ops.Emulator.Infrastructure;
using JobFinder.Ops.Emulator.Infrastructure.Operations;
using JobFinder.Ops.Emulator.Infrastructure.Persistence;
using JobFinder.Ops.Emulator.Infrastructure.Quotas;
using JobFinder.Ops.Emulator.Runtime;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace JobFinder.Ops.Emulator.Hosting;

/// <summary>Builds and starts one emulator on 127.0.0.1 (Kestrel). The core services are registered here;
/// every API with its stores, behaviours and operation completions is named in <see cref="EmulatorServices"/>.</summary>
public static class EmulatorHost
{
    /// <summary>The emulator-wide Identity Toolkit API key (not a secret: it only names the project).</summary>
    public const string ApiKey = "AIzaSyEmulator-JobFinder-0000000000000";

    public static Task<RunningEmulator> StartAsync(EmulatorOptions options, CancellationToken cancellationToken = default) =>
        StartAsync(options, logging => logging.ClearProviders(), cancellationToken);

    internal static async Task<RunningEmulator> StartAsync(EmulatorOptions options, Action<ILoggingBuilder> configureLogging, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.ProjectIds.Count == 0)
        {
            throw new ArgumentException("At least one project id is required.", nameof(options));
        }

        var temporaryDirectory = options.DataPath is null
            ? Path.Combine(Path.GetTempPath(), "jobfinder-emulator-" + Guid.NewGuid().ToString("N"))
            : null;
        var keyDirectory = Path.Combine(options.DataPath ?? temporaryDirectory!, "keys");
        var context = new EmulatorContext(options, keyDirectory, ApiKey);
        var keys = EmulatorKeys.LoadOrCreate(options, keyDirectory);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(EmulatorHost).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            Args = [],
        });
        configureLogging(builder.Logging);
        ListenOptions? firestoreGrpc = null;
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, options.Port);
            // gRPC without TLS is HTTP/2 with prior knowledge, which Kestrel serves only on an HTTP/2-only
            // endpoint; hence a port of its own for the gRPC Firestore.
            kestrel.Listen(IPAddress.Loopback, options.FirestoreGrpcPort, listen =>
            {
                listen.Protocols = HttpProtocols.Http2;
                firestoreGrpc = listen;
            });
            kestrel.Limits.MaxRequestBodySize = 512L * 1024 * 1024;
        });
        RegisterServices(builder.Services, context, keys);

        var app = builder.Build();
        ConfigurePipeline(app);

        var persistence = app.Services.GetRequiredService<StatePersistence>();
        persistence.LoadAll();
        await app.StartAsync(cancellationToken).ConfigureAwait(false);

        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        var port = new Uri(addresses.First()).Port;
        context.BaseAddress = new Uri($"http://127.0.0.1:{port}/");
        context.FirestoreGrpcPort = firestoreGrpc!.IPEndPoint!.Port;
        keys.WriteKeyFiles(context);
        return new RunningEmulator(app, context, persistence, temporaryDirectory);
    }

    private static void RegisterServices(IServiceCollection services, EmulatorContext context, EmulatorKeys keys)
    {
        services.AddSingleton(context);
        services.AddSingleton(keys);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<AccessTokens>();
        services.AddSingleton<IdTokens>();
        services.AddSingleton<IIdTokenValidator>(sp => sp.GetRequiredService<IdTokens>());
        services.AddSingleton<RequestLog>();
        services.AddSingleton<FaultInjection>();
        services.AddSingleton<RateQuotaLedger>();
        services.AddSingleton<OperationFaults>();
        services.AddPersistentStore<OperationStore>();
        services.AddSingleton<StatePersistence>();
        services.AddHostedService<OperationCompleter>();
        services.AddRouting();

        EmulatorServices.Register(services);
    }

    private static void ConfigurePipeline(WebApplication app)
    {
        app.UseMiddleware<GoogleHostRouting>();
        app.UseRouting();
        app.UseMiddleware<RequestLogMiddleware>();
        app.UseMiddleware<GoogleErrorMiddleware>();
        app.UseMiddleware<AuthenticationMiddleware>();
        app.UseMiddleware<FaultInjectionMiddleware>();
        app.UseMiddleware<RateQuotaMiddleware>();

        AdminApi.Map(app);
        EmulatorServices.MapGrpc(app);
        FunctionRuntime.Map(app);
        foreach (var api in app.Services.GetServices<IEmulatorApi>())
        {
            api.Map(app.MapGroup(string.Empty).WithMetadata(new EmulatorApiMetadata(api.Label, api.ErrorStyle)));
            foreach (var prefix in api.Prefixes)
            {
                api.Map(app.MapGroup("/" + prefix).WithMetadata(new EmulatorApiMetadata(prefix, api.ErrorStyle)));
            }
        }

        app.MapFallback(context => GoogleErrors.NotFound($"The requested URL {context.Request.Path} was not found on this server.").ExecuteAsync(context));
    }
}
