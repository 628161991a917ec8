using System.Security.Cryptography;
using System.Text.Json.Nodes;
using JobFinder.Ops.Emulator.Hosting;
using JobFinder.Ops.Emulator.Infrastructure;

namespace JobFinder.Ops.Emulator.Auth;

/// <summary>The emulator's key material: the deployer and viewer service-account keys and the emulator's
/// own signing key (access tokens, ID tokens). With a data path they live in <c>DIR/keys/</c> and are
/// reused across restarts (so tokens issued before a restart stay valid); the key files are rewritten at
/// each start because <c>token_uri</c> carries the current port. Without one, keys are generated once per
/// process (RSA generation is slow and tests start many emulators) and written to a temp folder.</summary>
public sealed class EmulatorKeys
{
    private const string SigningKeyFile = "emulator-signing.pem";
    private static readonly Lazy<(RSA Deployer, RSA Viewer, RSA Signing)> ProcessKeys =
        new(() => (RSA.Create(2048), RSA.Create(2048), RSA.Create(2048)));

    private EmulatorKeys(ServiceAccountKey deployer, ServiceAccountKey viewer, RSA signingKey)
    {
        Deployer = deployer;
        Viewer = viewer;
        SigningKey = signingKey;
    }

    public ServiceAccountKey Deployer { get; }

    public ServiceAccountKey Viewer { get; }

    public RSA SigningKey { get; }

    public const string SigningKeyId = "jobfinder-emulator-1";

    public IEnumerable<ServiceAccountKey> ServiceAccounts => [Deployer, Viewer];

    public static EmulatorKeys LoadOrCreate(EmulatorOptions options, string keyDirectory)
    {
        var project = options.ProjectIds.FirstOrDefault() ?? "jobfinder-staging";
        var deployerEmail = $"jobfinder-deployer@{project}.iam.gserviceaccount.com";
        var viewerEmail = $"jobfinder-viewer@{project}.iam.gserviceaccount.com";
        if (options.DataPath is null)
        {
            var keys = ProcessKeys.Value;
            return new EmulatorKeys(
                new ServiceAccountKey(deployerEmail, "deployer-" + project, "100000000000000000001", keys.Deployer, readOnly: false),
                new ServiceAccountKey(viewerEmail, "viewer-" + project, "100000000000000000002", keys.Viewer, readOnly: true),
                keys.Signing);
        }

        Directory.CreateDirectory(keyDirectory);
        var deployer = LoadKey(Path.Combine(keyDirectory, "deployer.json"), readOnly: false) ?? ServiceAccountKey.Create(deployerEmail, readOnly: false);
        var viewer = LoadKey(Path.Combine(keyDirectory, "viewer.json"), readOnly: true) ?? ServiceAccountKey.Create(viewerEmail, readOnly: true);
        var signingPath = Path.Combine(keyDirectory, SigningKeyFile);
        var signing = RSA.Create(2048);
        if (File.Exists(signingPath))
        {
            signing.ImportFromPem(File.ReadAllText(signingPath));
        }
        else
        {
            WriteSecretFile(signingPath, signing.ExportPkcs8PrivateKeyPem());
        }

        return new EmulatorKeys(deployer, viewer, signing);
    }

    /// <summary>Writes deployer.json and viewer.json with the current token URI.</summary>
    public void WriteKeyFiles(EmulatorContext context)
    {
        Directory.CreateDirectory(context.KeyDirectory);
        var project = context.ProjectIds.FirstOrDefault() ?? "jobfinder-staging";
        WriteSecretFile(context.KeyFilePath, Deployer.ToKeyFile(project, context.TokenUri).ToJsonString(GoogleJson.Indented));
        WriteSecretFile(context.ReadOnlyKeyFilePath, Viewer.ToKeyFile(project, context.TokenUri).ToJsonString(GoogleJson.Indented));
    }

    private static ServiceAccountKey? LoadKey(string path, bool readOnly) =>
        File.Exists(path) && JsonNode.Parse(File.ReadAllText(path)) is JsonObject file ? ServiceAccountKey.FromKeyFile(file, readOnly) : null;

    /// <summary>Key files hold private keys: owner-only permissions where the OS supports them.</summary>
    private static void WriteSecretFile(string path, string content)
    {
        var temp = path + ".tmp";
        File.WriteAllText(temp, content);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.Move(temp, path, overwrite: true);
    }
}
