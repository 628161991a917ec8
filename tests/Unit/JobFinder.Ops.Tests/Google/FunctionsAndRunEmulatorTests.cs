using JobFinder.Ops.Errors;
using JobFinder.Ops.Events;
using JobFinder.Ops.Google.Errors;
using JobFinder.Ops.Google.Functions;
using JobFinder.Ops.Google.Run;
using Xunit;

namespace JobFinder.Ops.Tests.Google;

public sealed class FunctionsAndRunEmulatorTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    private const string Project = EmulatorFixture.Project;
    private const string Location = EmulatorFixture.Location;

    [Fact]
    public async Task FunctionLifecycleCreateGetListPatchDelete()
    {
        var events = new CollectingEventSink();
        var functions = new CloudFunctionsApi(fixture.Client(events));
        var id = fixture.NewFunctionId("lifecycle");

        var created = await fixture.DeployAsync(functions, id);

        Assert.Equal($"projects/{Project}/locations/{Location}/functions/{id}", created.Name);
        Assert.Equal(FunctionState.Active, created.State);
        Assert.NotNull(created.ServiceConfig?.Service);
        Assert.NotNull(created.ServiceConfig?.Revision);
        Assert.Contains(events.Events, e => e.Kind == EngineEventKind.Progress);

        var name = FunctionName.Parse(created.Name!);
        var fetched = await functions.GetAsync(name);
        Assert.Equal("health", fetched.BuildConfig?.EntryPoint);

        var listed = await functions.ListAsync(Project, "-", filter: "environment=\"GEN_2\"").ToListAsync();
        Assert.Contains(listed, f => f.Name == created.Name);

        var patched = await functions.WaitForFunctionAsync(await functions.PatchAsync(
            fetched with { ServiceConfig = fetched.ServiceConfig! with { AvailableMemory = "512Mi" } },
            ["serviceConfig.availableMemory"]));
        Assert.Equal("512Mi", patched.ServiceConfig?.AvailableMemory);
        Assert.NotEqual(created.ServiceConfig!.Revision, patched.ServiceConfig!.Revision);

        await functions.WaitAsync(await functions.DeleteAsync(name));
        var gone = await Assert.ThrowsAsync<GoogleApiException>(() => functions.GetAsync(name));
        Assert.Equal("GoogleApiNotFound", gone.ErrorId);
        Assert.Equal(ErrorKind.ObjectNotFound, gone.Kind);
        Assert.Equal(name.ToString(), gone.ResourceName);
    }

    [Fact]
    public async Task ListFollowsPages()
    {
        var functions = new CloudFunctionsApi(fixture.Client());
        await fixture.DeployAsync(functions, fixture.NewFunctionId("pagea"));
        await fixture.DeployAsync(functions, fixture.NewFunctionId("pageb"));
        var all = await functions.ListAsync(Project, Location).ToListAsync();

        var firstPage = await functions.ListPageAsync(Project, Location, null, null, 1, null);
        var paged = await functions.ListAsync(Project, Location, pageSize: 1).ToListAsync();

        Assert.Single(firstPage.Functions!);
        Assert.False(string.IsNullOrEmpty(firstPage.NextPageToken));
        Assert.Equal(all.Select(f => f.Name), paged.Select(f => f.Name));
    }

    [Fact]
    public async Task RunServiceRevisionsAndTrafficSplit()
    {
        var client = fixture.Client();
        var functions = new CloudFunctionsApi(client);
        var run = new CloudRunApi(client);
        var first = await fixture.DeployAsync(functions, fixture.NewFunctionId("canary"));
        var serviceName = RunServiceName.Parse(first.ServiceConfig!.Service!);
        var stable = first.ServiceConfig.Revision!;

        var pinned = await run.GetServiceAsync(serviceName);
        await run.WaitForServiceAsync(await run.PatchServiceAsync(
            pinned with { Traffic = [new TrafficTarget { Type = TrafficTargetAllocationType.Revision, Revision = stable, Percent = 100, Tag = "stable" }] },
            ["traffic"]));
        var second = await functions.WaitForFunctionAsync(await functions.PatchAsync(
            first with { ServiceConfig = first.ServiceConfig with { AllTrafficOnLatestRevision = false, AvailableMemory = "512Mi" } },
            ["serviceConfig.availableMemory", "serviceConfig.allTrafficOnLatestRevision"]));
        var candidate = second.ServiceConfig!.Revision!;
        Assert.NotEqual(stable, candidate);

        var current = await run.GetServiceAsync(serviceName);
        var split = await run.WaitForServiceAsync(await run.PatchServiceAsync(
            current with
            {
                Traffic =
                [
                    new TrafficTarget { Type = TrafficTargetAllocationType.Revision, Revision = stable, Percent = 90, Tag = "stable" },
                    new TrafficTarget { Type = TrafficTargetAllocationType.Revision, Revision = candidate, Percent = 10, Tag = "canary" },
                ],
            },
            ["traffic"]));

        Assert.Equal([90, 10], split.TrafficStatuses!.OrderByDescending(t => t.Percent).Select(t => t.Percent ?? 0));
        Assert.Contains(split.TrafficStatuses!, t => t.Tag == "canary" && t.Revision == candidate && t.Uri is not null);

        var revisions = await run.ListRevisionsAsync(serviceName).ToListAsync();
        Assert.Contains(revisions, r => r.Name == serviceName.Revision(candidate).ToString());
        var revision = await run.GetRevisionAsync(serviceName.Revision(stable));
        Assert.Equal(serviceName.Revision(stable).ToString(), revision.Name);

        var services = await run.ListServicesAsync(Project, Location).ToListAsync();
        Assert.Contains(services, s => s.Name == serviceName.ToString());
    }

    [Fact]
    public async Task StaleEtagIsRefusedWithoutRetry()
    {
        var client = fixture.Client();
        var functions = new CloudFunctionsApi(client);
        var run = new CloudRunApi(client);
        var deployed = await fixture.DeployAsync(functions, fixture.NewFunctionId("etag"));
        var serviceName = RunServiceName.Parse(deployed.ServiceConfig!.Service!);
        var service = await run.GetServiceAsync(serviceName);

        var error = await Assert.ThrowsAsync<GoogleApiException>(() => run.PatchServiceAsync(
            service with { Etag = "\"stale-etag\"", Traffic = [new TrafficTarget { Type = TrafficTargetAllocationType.Latest, Percent = 100 }] },
            ["traffic"]));

        Assert.Contains(error.Kind, new[] { ErrorKind.ResourceBusy, ErrorKind.InvalidOperation });
        Assert.Equal("PATCH", error.Method);
    }

    [Fact]
    public async Task RevisionDeleteAndOperationWait()
    {
        var client = fixture.Client();
        var functions = new CloudFunctionsApi(client);
        var run = new CloudRunApi(client);
        var first = await fixture.DeployAsync(functions, fixture.NewFunctionId("revdel"));
        var serviceName = RunServiceName.Parse(first.ServiceConfig!.Service!);
        await functions.WaitForFunctionAsync(await functions.PatchAsync(
            first with { ServiceConfig = first.ServiceConfig with { AvailableMemory = "1Gi" } }, ["serviceConfig.availableMemory"]));

        var operation = await run.DeleteRevisionAsync(serviceName.Revision(first.ServiceConfig.Revision!));
        var waited = await run.WaitOperationAsync(operation.Name!, TimeSpan.FromSeconds(5));
        var done = waited.Done ? waited : await run.WaitAsync(waited);

        Assert.True(done.Done);
        var error = await Assert.ThrowsAsync<GoogleApiException>(() => run.GetRevisionAsync(serviceName.Revision(first.ServiceConfig.Revision!)));
        Assert.Equal("GoogleApiNotFound", error.ErrorId);
    }

    [Fact]
    public async Task RevisionDeleteValidateOnlyKeepsTheRevisionAndServingOneIsRefused()
    {
        var client = fixture.Client();
        var functions = new CloudFunctionsApi(client);
        var run = new CloudRunApi(client);
        var first = await fixture.DeployAsync(functions, fixture.NewFunctionId("revval"));
        var serviceName = RunServiceName.Parse(first.ServiceConfig!.Service!);
        var updated = await functions.WaitForFunctionAsync(await functions.PatchAsync(
            first with { ServiceConfig = first.ServiceConfig with { AvailableMemory = "1Gi" } }, ["serviceConfig.availableMemory"]));
        var old = serviceName.Revision(first.ServiceConfig.Revision!);

        await run.WaitAsync(await run.DeleteRevisionAsync(old, validateOnly: true));
        var serving = await Assert.ThrowsAsync<GoogleApiException>(() => run.DeleteRevisionAsync(serviceName.Revision(updated.ServiceConfig!.Revision!)));

        Assert.NotNull(await run.GetRevisionAsync(old));
        Assert.Equal(400, serving.HttpStatus);
        Assert.Contains("serving traffic", serving.Message, StringComparison.Ordinal);
    }
}
