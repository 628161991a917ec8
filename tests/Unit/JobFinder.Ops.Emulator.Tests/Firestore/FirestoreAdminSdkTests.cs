using System.Diagnostics;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using JobFinder.Ops.Emulator.Firestore;
using Xunit;

namespace JobFinder.Ops.Emulator.Tests.Firestore;

/// <summary>The real Admin SDK (firebase-admin from tests/Fixtures/NodeCodebases, installed by build.ps1) in
/// a Node process with the variables a deployed function's worker gets, against the emulator: Firestore
/// over gRPC sharing data with the REST API both ways, a transaction, a where/orderBy query, a count, and
/// verifyIdToken of a token the emulator's Identity Toolkit issued (FIREBASE_AUTH_EMULATOR_HOST).</summary>
[Collection(DataApiCollection.Name)]
public sealed class FirestoreAdminSdkTests(DataApiEmulator emulator)
{
    [Fact]
    public async Task Firebase_admin_reads_and_writes_Firestore_and_verifies_an_emulator_id_token()
    {
        var collection = "sdk-" + Guid.NewGuid().ToString("N")[..8];
        var documents = $"v1/projects/{DataApiEmulator.Project}/databases/(default)/documents/{collection}";
        await PatchAsync($"{documents}/fromRest", new JsonObject { ["title"] = FirestoreValues.String("rest"), ["n"] = FirestoreValues.Integer(42) });
        foreach (var (id, state, score) in new[] { ("j1", "new", 3), ("j2", "new", 9), ("j3", "old", 5), ("j4", "new", 6) })
        {
            await PatchAsync($"{documents}/{id}", new JsonObject { ["status"] = FirestoreValues.String(state), ["score"] = FirestoreValues.Integer(score) });
        }
        using var signIn = await emulator.Http.PostAsJsonAsync($"v1/accounts:signInWithPassword?key={emulator.Emulator.ApiKey}",
            new { email = emulator.Emulator.TestUser.Email, password = emulator.Emulator.TestUser.Password, returnSecureToken = true });
        var idToken = (string)JsonNode.Parse(await signIn.Content.ReadAsStringAsync())!["idToken"]!;

        var result = await RunNodeAsync(collection, idToken);

        Assert.Equal("rest", (string?)result["fromRest"]!["title"]);
        Assert.Equal(42, (int)result["fromRest"]!["n"]!);
        Assert.Equal(2, (int)result["afterTransaction"]!);
        Assert.Equal(["j2", "j4", "j1"], result["ordered"]!.AsArray().Select(n => (string)n!));
        Assert.Equal(3, (int)result["count"]!);
        Assert.Equal(6, (int)result["createError"]!);
        Assert.Equal(emulator.Emulator.TestUser.LocalId, (string?)result["uid"]);
        Assert.Equal(emulator.Emulator.TestUser.Email, (string?)result["email"]);

        var (status, fromNode) = await emulator.SendAsync(HttpMethod.Get, $"{documents}/fromNode");
        Assert.Equal(200, status);
        Assert.Equal("2", (string?)fromNode["fields"]!["n"]!["integerValue"]);
        Assert.NotNull((string?)fromNode["fields"]!["at"]!["timestampValue"]);
        Assert.Equal(["b"], fromNode["fields"]!["tags"]!["arrayValue"]!["values"]!.AsArray().Select(v => (string)v!["stringValue"]!));
    }

    private async Task PatchAsync(string path, JsonObject fields)
    {
        var (status, body) = await emulator.SendAsync(HttpMethod.Patch, path, new JsonObject { ["fields"] = fields });
        Assert.True(status == 200, body.ToJsonString());
    }

    private async Task<JsonObject> RunNodeAsync(string collection, string idToken)
    {
        var folder = FixtureFolder();
        var start = new ProcessStartInfo("node")
        {
            ArgumentList = { Path.Combine(folder, "firebase-admin-emulator-check.js"), collection, idToken },
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["FIRESTORE_EMULATOR_HOST"] = emulator.Emulator.FirestoreEmulatorHost,
                ["FIREBASE_AUTH_EMULATOR_HOST"] = emulator.Emulator.BaseAddress.Authority,
                ["GCLOUD_PROJECT"] = DataApiEmulator.Project,
                ["GOOGLE_APPLICATION_CREDENTIALS"] = null,
            },
        };
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        var line = stdout.Split('\n').FirstOrDefault(l => l.StartsWith("@@RESULT@@", StringComparison.Ordinal));
        Assert.True(process.ExitCode == 0 && line is not null, $"node exited {process.ExitCode}: {await stderr}\n{stdout}");
        return JsonNode.Parse(line!["@@RESULT@@".Length..])!.AsObject();
    }

    private static string FixtureFolder([CallerFilePath] string sourceFile = "")
    {
        for (var dir = new DirectoryInfo(Path.GetDirectoryName(sourceFile)!); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "Fixtures", "NodeCodebases");
            if (File.Exists(Path.Combine(candidate, "firebase-admin-emulator-check.js")))
            {
                return Directory.Exists(Path.Combine(candidate, "node_modules", "firebase-admin"))
                    ? candidate
                    : throw new InvalidOperationException($"{candidate}/node_modules is not installed: run 'dotnet pwsh ./build.ps1 -Task Build' (it runs npm ci once per package-lock.json).");
            }
        }
        throw new InvalidOperationException("tests/Fixtures/NodeCodebases not found above " + sourceFile);
    }
}
