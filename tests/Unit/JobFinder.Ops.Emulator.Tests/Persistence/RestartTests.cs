using System.Text.Json.Nodes;
using JobFinder.Ops.Emulator.Hosting;
using JobFinder.Ops.Emulator.Tests.Support;
using Xunit;

namespace JobFinder.Ops.Emulator.Tests.Persistence;

public sealed class RestartTests : IDisposable
{
    private readonly string dataPath = Path.Combine(Path.GetTempPath(), "emu-core-restart-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Restart_with_the_data_path_in_the_middle_of_a_deploy_keeps_the_operation_and_it_completes()
    {
        var options = new EmulatorOptions { DataPath = dataPath };
        string operationName;
        string keyFile;
        await using (var before = await EmulatorSession.StartAsync(options))
        {
            keyFile = await File.ReadAllTextAsync(before.Emulator.KeyFilePath);
            await before.SendJsonAsync(HttpMethod.Post, "_emulator/operation-faults", new JsonObject
            {
                ["api"] = "cloudfunctions", ["kind"] = "slow", ["delayMs"] = 400,
            });
            var source = await before.UploadSourceAsync(archive: FunctionSource.Http("health"));
            var operation = await before.SendJsonAsync(HttpMethod.Post,
                "v2/projects/jobfinder-staging/locations/us-central1/functions?functionId=durableFn",
                EmulatorSession.FunctionBody(source, "health"));
            operationName = operation["name"]!.GetValue<string>();
            Assert.Null(operation["done"]);
        }

        await using var after = await EmulatorSession.StartAsync(options);
        var polled = await after.GetJsonAsync("v2/" + operationName);
        Assert.Equal(operationName, polled["name"]!.GetValue<string>());

        var done = await after.WaitOperationAsync(operationName);

        Assert.Null(done["error"]);
        Assert.Equal("ACTIVE", done["response"]!["state"]!.GetValue<string>());
        var service = await after.GetJsonAsync("v2/projects/jobfinder-staging/locations/us-central1/services/durablefn");
        Assert.NotNull(service["latestReadyRevision"]);
        var reusedKey = JsonNode.Parse(await File.ReadAllTextAsync(after.Emulator.KeyFilePath))!;
        Assert.Equal(JsonNode.Parse(keyFile)!["private_key_id"]!.GetValue<string>(), reusedKey["private_key_id"]!.GetValue<string>());
    }

    public void Dispose()
    {
        if (Directory.Exists(dataPath))
        {
            Directory.Delete(dataPath, recursive: true);
        }
    }
}
