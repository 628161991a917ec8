using System.Text.Json.Nodes;
using JobFinder.Ops.Emulator.Hosting;
using JobFinder.Ops.Emulator.Infrastructure.Operations;
using JobFinder.Ops.Emulator.Infrastructure.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace JobFinder.Ops.Emulator.Tests.Operations;

/// <summary>A completion that throws something other than a Google error (a bug) still ends its
/// operation, with INTERNAL, and does not keep the other due operations from completing.</summary>
public sealed class OperationStoreTests
{
    [Fact]
    public async Task ACompletionThatThrowsEndsItsOperationWithInternalAndTheOthersStillComplete()
    {
        using var provider = new ServiceCollection()
            .AddLogging()
            .AddSingleton(new EmulatorContext(new EmulatorOptions { Profile = LatencyProfile.Fast }, Path.GetTempPath(), "test-api-key"))
            .AddSingleton(TimeProvider.System)
            .AddSingleton<OperationFaults>()
            .AddSingleton<StatePersistence>()
            .AddSingleton<OperationStore>()
            .AddSingleton<IOperationCompletion, BrokenCompletion>()
            .AddSingleton<IOperationCompletion, WorkingCompletion>()
            .BuildServiceProvider();
        var store = provider.GetRequiredService<OperationStore>();
        var metadata = new JsonObject { ["@type"] = "type.googleapis.com/google.protobuf.Empty" };
        var broken = store.Create(new OperationRequest("projects/p/locations/l", "run", metadata.DeepClone().AsObject(), BrokenCompletion.KindName, Delay: TimeSpan.Zero));
        var working = store.Create(new OperationRequest("projects/p/locations/l", "run", metadata.DeepClone().AsObject(), WorkingCompletion.KindName, Delay: TimeSpan.Zero));

        await Task.Delay(10);
        store.CompleteDue();

        var failed = store.GetJson(broken.Name);
        Assert.True(failed["done"]!.GetValue<bool>());
        Assert.Equal(13, failed["error"]!["code"]!.GetValue<int>());
        var done = store.GetJson(working.Name);
        Assert.True(done["done"]!.GetValue<bool>());
        Assert.Null(done["error"]);
    }

    private sealed class BrokenCompletion : IOperationCompletion
    {
        public const string KindName = "test.broken";

        public string Kind => KindName;

        public JsonNode Complete(OperationRecord operation) => throw new NullReferenceException("a bug in a completion");
    }

    private sealed class WorkingCompletion : IOperationCompletion
    {
        public const string KindName = "test.working";

        public string Kind => KindName;

        public JsonNode Complete(OperationRecord operation) => new JsonObject { ["@type"] = "type.googleapis.com/google.protobuf.Empty" };
    }
}
