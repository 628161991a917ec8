using System.Net;
using System.Text.Json.Nodes;
using JobFinder.Ops.Emulator.Tests.Support;
using Xunit;

namespace JobFinder.Ops.Emulator.Tests.Functions;

/// <summary>Configurations Google refuses are refused here too (the emulator used to accept them all).</summary>
public sealed class FunctionConfigRulesTests
{
    private const string Parent = $"v2/projects/{EmulatorSession.Project}/locations/{EmulatorSession.Location}";

    [Theory]
    [InlineData("256Mi", null, 80, "needs at least 1 vCPU")]
    [InlineData("512Mi", "0.5", 40, "needs at least 1 vCPU")]
    [InlineData("8Gi", "1", 1, "needs more vCPU")]
    [InlineData("1Gi", "0.25", 1, "at most 512 MiB")]
    [InlineData("1Gi", "4", 1, "need more memory")]
    [InlineData("512Mi", "3", 1, "2, 4, 6 or 8")]
    public async Task Cpu_memory_and_concurrency_combinations_google_refuses_are_refused(string memory, string? cpu, int concurrency, string expected)
    {
        await using var session = await EmulatorSession.StartAsync();
        var body = EmulatorSession.FunctionBody(await session.UploadSourceAsync(), "fn");
        body["serviceConfig"]!["availableMemory"] = memory;
        body["serviceConfig"]!["maxInstanceRequestConcurrency"] = concurrency;
        if (cpu is not null)
        {
            body["serviceConfig"]!["availableCpu"] = cpu;
        }

        using var response = await session.Client.PostAsync($"{Parent}/functions?functionId=refusedFn", EmulatorSession.Json(body));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Concurrency_with_one_vcpu_is_accepted_and_a_function_without_cpu_reports_its_memorys_share()
    {
        await using var session = await EmulatorSession.StartAsync();
        var body = EmulatorSession.FunctionBody(await session.UploadSourceAsync(), "fn");
        body["serviceConfig"]!["availableCpu"] = "1";
        body["serviceConfig"]!["maxInstanceRequestConcurrency"] = 80;
        var operation = await session.SendJsonAsync(HttpMethod.Post, $"{Parent}/functions?functionId=concurrentFn", body);
        await session.WaitOperationAsync(operation["name"]!.GetValue<string>());

        await session.CreateFunctionAsync("defaultCpuFn");
        var function = await session.GetJsonAsync($"{Parent}/functions/defaultCpuFn");
        Assert.Equal("0.167", function["serviceConfig"]!["availableCpu"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("google.cloud.firestore.document.v1.written", "database")]
    [InlineData("google.cloud.storage.object.v1.finalized", "bucket")]
    public async Task Firestore_and_storage_event_types_need_their_filters(string eventType, string filter)
    {
        await using var session = await EmulatorSession.StartAsync();
        var body = EmulatorSession.FunctionBody(await session.UploadSourceAsync(), "fn");
        body["eventTrigger"] = new JsonObject { ["eventType"] = eventType, ["retryPolicy"] = "RETRY_POLICY_DO_NOT_RETRY" };
        using var response = await session.Client.PostAsync($"{Parent}/functions?functionId=eventFn", EmulatorSession.Json(body));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("requires an event filter on", text, StringComparison.Ordinal);
        Assert.Contains(filter, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_update_mask_naming_a_field_functions_do_not_have_is_refused()
    {
        await using var session = await EmulatorSession.StartAsync();
        await session.CreateFunctionAsync("maskFn");
        var body = EmulatorSession.FunctionBody(await session.UploadSourceAsync(), "maskFn");
        using var response = await session.Client.PatchAsync($"{Parent}/functions/maskFn?updateMask=serviceConfig.availableCpus", EmulatorSession.Json(body));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("serviceConfig.availableCpus", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
