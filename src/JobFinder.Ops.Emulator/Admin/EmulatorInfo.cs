using System.Text.Json.Nodes;
using JobFinder.Ops.Emulator.Hosting;

namespace JobFinder.Ops.Emulator.Admin;

/// <summary>The body of <c>GET /_emulator/info</c> (also the CLI's second stdout line).</summary>
public static class EmulatorInfo
{
    public static JsonObject ToJson(EmulatorContext context) => new()
    {
        ["address"] = context.BaseAddress.ToString(),
        ["projects"] = new JsonArray(context.ProjectIds.Select(p => (JsonNode)p).ToArray()),
        ["keyFilePath"] = context.KeyFilePath,
        ["readOnlyKeyFilePath"] = context.ReadOnlyKeyFilePath,
        ["apiKey"] = context.ApiKey,
        ["apiKeys"] = new JsonObject(context.ProjectIds.Select(p => KeyValuePair.Create(p, (JsonNode?)context.ApiKeyFor(p)))),
        ["testUser"] = new JsonObject { ["email"] = context.TestUser.Email, ["password"] = context.TestUser.Password },
        ["profile"] = context.Options.Profile == LatencyProfile.Realistic ? "realistic" : "fast",
        ["dataPath"] = context.Options.DataPath,
        ["strict"] = context.Options.Strict,
        // What deployed code that uses the Admin SDK is given (see docs/design/emulator-contract.md).
        ["firestoreGrpcPort"] = context.FirestoreGrpcPort,
        ["emulatorHosts"] = new JsonObject
        {
            ["FIRESTORE_EMULATOR_HOST"] = context.FirestoreEmulatorHost,
            ["FIREBASE_AUTH_EMULATOR_HOST"] = context.BaseAddress.Authority,
            ["FIREBASE_STORAGE_EMULATOR_HOST"] = context.BaseAddress.Authority,
            ["STORAGE_EMULATOR_HOST"] = context.Origin,
        },
    };
}
