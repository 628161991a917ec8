using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using JobFinder.Ops.Emulator.Hosting;
using JobFinder.Ops.Emulator.Infrastructure;
using JobFinder.Ops.Emulator.Infrastructure.Persistence;

namespace JobFinder.Ops.Emulator.Run;

/// <summary>Cloud Run services and revisions. All reads and writes go through here under one lock;
/// callers get JSON renderings or immutable snapshots, never the live objects outside the lock.</summary>
public sealed class RunStore(EmulatorContext context, TimeProvider time, StatePersistence persistence) : IPersistentStore
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, RunService> services = new(StringComparer.Ordinal);

    public string Name => "run";

    /// <summary>Raised (outside the lock) with the image of each new revision: Artifact Registry keeps them.</summary>
    public event Action<string, string, string, DateTimeOffset>? RevisionImageCreated;

    public DateTimeOffset Now => time.GetUtcNow();

    public static string ServiceName(string project, string location, string id) => $"projects/{project}/locations/{location}/services/{id}";

    public static string ImageOf(string project, string location, string serviceId, string revisionId) =>
        $"{location}-docker.pkg.dev/{project}/gcf-artifacts/{serviceId}:{revisionId}";

    public T Read<T>(string serviceName, Func<RunService, T> read)
    {
        lock (gate)
        {
            return read(Find(serviceName));
        }
    }

    public T? TryRead<T>(string serviceName, Func<RunService, T> read)
        where T : class
    {
        lock (gate)
        {
            return services.TryGetValue(serviceName, out var service) ? read(service) : null;
        }
    }

    public IReadOnlyList<T> List<T>(string project, string location, Func<RunService, T> read)
    {
        lock (gate)
        {
            return services.Values
                .Where(s => s.Project == project && (location == "-" || s.Location == location))
                .OrderBy(s => s.Name, StringComparer.Ordinal)
                .Select(read)
                .ToList();
        }
    }

    /// <summary>Creates the service if needed and a new (not yet Ready) revision; the change stays pending
    /// until <see cref="FinishDeploy"/> or <see cref="FailChange"/>.</summary>
    public string DeployRevision(string project, string location, string serviceId, RevisionSpec spec)
    {
        var now = Now;
        string image;
        lock (gate)
        {
            var name = ServiceName(project, location, serviceId);
            if (!services.TryGetValue(name, out var service))
            {
                service = new RunService
                {
                    Project = project,
                    Location = location,
                    Id = serviceId,
                    Uid = Guid.NewGuid().ToString(),
                    CreateTime = now,
                    UpdateTime = now,
                    Generation = 0,
                };
                services[name] = service;
            }

            foreach (var (key, value) in spec.ServiceLabels)
            {
                service.Labels[key] = value;
            }

            foreach (var (key, value) in spec.ServiceAnnotations)
            {
                service.Annotations[key] = value;
            }

            service.Generation++;
            service.UpdateTime = now;
            service.Template = spec.Template.DeepClone().AsObject();
            service.PendingChanges++;
            image = AddRevision(service, spec, service.Generation);
        }

        persistence.MarkDirty();
        RevisionImageCreated?.Invoke(project, location, image, now);
        return image[(image.LastIndexOf(':') + 1)..];
    }

    /// <summary>Reconciles a deploy: the revision must be Ready (else the change fails with the start-up
    /// error). <paramref name="moveAllTraffic"/> sends 100% to LATEST, keeping tags at 0%; otherwise the
    /// service's traffic is left as it is (a LATEST service moves by itself, a pinned one does not).</summary>
    public void FinishDeploy(string serviceName, string revisionId, bool moveAllTraffic)
    {
        lock (gate)
        {
            var service = Find(serviceName);
            var revision = service.FindRevision(revisionId) ?? throw GoogleErrors.NotFound($"Revision {revisionId} not found.");
            if (revision.FailsStartup)
            {
                // The caller's failure path (FailChange) records the failure and ends the pending change.
                var message = $"Revision '{revisionId}' is not ready and cannot serve traffic. {RunRevision.StartupFailureMessage}";
                throw new GoogleApiException(RpcCode.InvalidArgument, $"Could not create or update Cloud Run service {service.Id}, Container Healthcheck failed. {message}");
            }

            if (revision.ReadyAt > Now)
            {
                revision.ReadyAt = Now;
            }

            if (moveAllTraffic)
            {
                var tags = service.Traffic.Where(t => t.Tag is not null && !t.IsLatest)
                    .Select(t => t with { Percent = 0 });
                service.Traffic = [.. TrafficTarget.AllToLatest, .. tags];
            }

            Reconciled(service);
        }

        persistence.MarkDirty();
    }

    /// <summary>The revision's code failed to build or start: it never becomes Ready, so no LATEST target
    /// routes to it (Cloud Run keeps such a revision with Ready=False).</summary>
    public void MarkStartupFailed(string serviceName, string revisionId)
    {
        lock (gate)
        {
            if (services.TryGetValue(serviceName, out var service) && service.FindRevision(revisionId) is { } revision)
            {
                revision.FailsStartup = true;
            }
        }

        persistence.MarkDirty();
    }

    /// <summary>A pending change failed (start-up failure, operation fault, cancel): the change ends and the
    /// service reports the failure in its terminal condition.</summary>
    public void FailChange(string serviceName, string message)
    {
        lock (gate)
        {
            if (services.TryGetValue(serviceName, out var service))
            {
                service.PendingChanges = Math.Max(0, service.PendingChanges - 1);
                service.FailureMessage = message;
            }
        }

        persistence.MarkDirty();
    }

    /// <summary>services.patch: validates and records the requested state; serving catches up in <see cref="Reconcile"/>.</summary>
    public JsonObject Update(string serviceName, JsonObject body, FieldMask mask, Func<RunService, RevisionSpec> revisionFromTemplate)
    {
        string? newRevisionImage = null;
        JsonObject desired;
        lock (gate)
        {
            var service = Find(serviceName);
            if (body["etag"]?.GetValue<string>() is { Length: > 0 } etag && etag != service.Etag)
            {
                throw GoogleErrors.Aborted($"Etag mismatch for service {serviceName}: the resource was modified; read it again and retry.");
            }

            bool Included(string field) => mask.IsEmpty ? body.ContainsKey(field) : mask.Touches(field);
            var traffic = Included("traffic") ? ValidateTraffic(service, body["traffic"] as JsonArray) : null;
            if (Included("labels"))
            {
                service.Labels = ReadMap(body["labels"]);
            }

            if (Included("annotations"))
            {
                service.Annotations = ReadMap(body["annotations"]);
            }

            if (Included("template") && body["template"] is JsonObject template && !JsonNode.DeepEquals(template, service.Template))
            {
                service.Template = template.DeepClone().AsObject();
                var spec = revisionFromTemplate(service);
                newRevisionImage = AddRevision(service, spec, service.Generation + 1);
            }

            if (traffic is not null)
            {
                service.Traffic = traffic;
            }

            service.Generation++;
            service.UpdateTime = Now;
            service.PendingChanges++;
            desired = RunJson.Service(service, Now, context.Origin);
        }

        persistence.MarkDirty();
        if (newRevisionImage is not null)
        {
            var (project, location) = SplitName(serviceName);
            RevisionImageCreated?.Invoke(project, location, newRevisionImage, Now);
        }

        return desired;
    }

    /// <summary>Completion of a services.patch: serving traffic and observedGeneration catch up.</summary>
    public JsonObject Reconcile(string serviceName)
    {
        lock (gate)
        {
            var service = Find(serviceName);
            var failed = service.Traffic.Where(t => !t.IsLatest && t.Percent > 0)
                .Select(t => service.FindRevision(t.Revision!))
                .FirstOrDefault(r => r is { FailsStartup: true });
            if (failed is not null)
            {
                throw GoogleErrors.FailedPrecondition($"Revision '{failed.Id}' is not ready and cannot serve traffic.");
            }

            foreach (var revision in service.Revisions.Where(r => !r.FailsStartup && r.ReadyAt > Now))
            {
                revision.ReadyAt = Now;
            }

            Reconciled(service);
            persistence.MarkDirty();
            return RunJson.Service(service, Now, context.Origin);
        }
    }

    /// <summary>revisions.delete (../shared/api/run-v2.json, run.projects.locations.services.revisions.delete:
    /// optional <c>etag</c> and <c>validateOnly</c>). Google refuses to delete a revision that serves traffic
    /// ("You can't delete a revision that is serving traffic", cloud.google.com/run/docs/managing/revisions#delete),
    /// and a revision a traffic target names (with 0% and a tag) is part of the service's traffic
    /// configuration, so it is refused as well until the target is removed. <paramref name="validateOnly"/>
    /// checks all of this and deletes nothing.</summary>
    public JsonObject DeleteRevision(string serviceName, string revisionId, string? etag, bool validateOnly = false)
    {
        lock (gate)
        {
            var service = Find(serviceName);
            var revision = service.FindRevision(revisionId)
                ?? throw GoogleErrors.NotFound($"Revision named '{revisionId}' does not exist.");
            if (!string.IsNullOrEmpty(etag) && etag != RunJson.RevisionEtag(revision))
            {
                throw GoogleErrors.Aborted($"Etag mismatch for revision {revisionId}.");
            }

            if (service.ServesTraffic(revision, Now))
            {
                throw GoogleErrors.FailedPrecondition(
                    $"Revision {revisionId} is serving traffic (or is the latest Ready revision behind a LATEST target) and cannot be deleted. Move its traffic first.");
            }

            var json = RunJson.Revision(service, revision, Now);
            if (validateOnly)
            {
                return json;
            }

            service.Revisions.Remove(revision);
            persistence.MarkDirty();
            return json;
        }
    }

    public bool DeleteService(string serviceName)
    {
        bool removed;
        lock (gate)
        {
            removed = services.Remove(serviceName);
        }

        persistence.MarkDirty();
        return removed;
    }

    public JsonNode Save()
    {
        lock (gate)
        {
            return JsonSerializer.SerializeToNode(services.Values.OrderBy(s => s.Name, StringComparer.Ordinal).ToList(), GoogleJson.Options)!;
        }
    }

    public void Load(JsonNode state)
    {
        var loaded = state.Deserialize<List<RunService>>(GoogleJson.Options) ?? [];
        lock (gate)
        {
            services.Clear();
            foreach (var service in loaded)
            {
                services[service.Name] = service;
            }
        }
    }

    public void Reset()
    {
        lock (gate)
        {
            services.Clear();
        }
    }

    private string AddRevision(RunService service, RevisionSpec spec, long generation)
    {
        var now = Now;
        var number = (service.LatestCreated?.Number ?? 0) + 1;
        var revisionId = $"{service.Id}-{number:D5}-{RandomSuffix()}";
        var image = ImageOf(service.Project, service.Location, service.Id, revisionId);
        service.Revisions.Add(new RunRevision
        {
            Id = revisionId,
            Uid = Guid.NewGuid().ToString(),
            Number = number,
            ServiceGeneration = generation,
            CreateTime = now,
            ReadyAt = now + context.Timings.RevisionReady,
            FailsStartup = spec.FailsStartup,
            EntryPoint = spec.EntryPoint,
            FunctionId = spec.FunctionId,
            Image = image,
            Environment = new Dictionary<string, string>(spec.Environment, StringComparer.Ordinal),
            TimeoutSeconds = spec.TimeoutSeconds,
            Template = spec.Template.DeepClone().AsObject(),
            SourceLocation = spec.SourceLocation,
        });
        return image;
    }

    private void Reconciled(RunService service)
    {
        service.ServingTraffic = [.. service.Traffic];
        service.ObservedGeneration = service.Generation;
        service.PendingChanges = Math.Max(0, service.PendingChanges - 1);
        service.FailureMessage = null;
    }

    /// <summary>Traffic rules: known revisions, percents 0..100 summing to 100, unique tags, one LATEST.</summary>
    private static List<TrafficTarget> ValidateTraffic(RunService service, JsonArray? traffic)
    {
        if (traffic is null || traffic.Count == 0)
        {
            return [.. TrafficTarget.AllToLatest];
        }

        var targets = traffic.Select((node, i) => TrafficTarget.Parse(node as JsonObject ?? throw GoogleErrors.InvalidArgument($"traffic[{i}] must be an object."), i)).ToList();
        for (var i = 0; i < targets.Count; i++)
        {
            var target = targets[i];
            if (target.Percent is < 0 or > 100)
            {
                throw GoogleErrors.InvalidArgument($"Traffic percent must be between 0 and 100 (traffic[{i}]: {target.Percent}).", [($"traffic[{i}].percent", "must be between 0 and 100")]);
            }

            if (!target.IsLatest && (target.Revision is null || service.FindRevision(target.Revision) is null))
            {
                throw GoogleErrors.InvalidArgument($"Revision named '{target.Revision}' does not exist in service {service.Id}.", [($"traffic[{i}].revision", "unknown revision")]);
            }

            if (target.Tag is { } tag && !System.Text.RegularExpressions.Regex.IsMatch(tag, "^[a-z]([a-z0-9-]{0,44}[a-z0-9])?$"))
            {
                throw GoogleErrors.InvalidArgument($"Invalid tag \"{tag}\": lower-case letters, digits and hyphens, starting with a letter.", [($"traffic[{i}].tag", "invalid")]);
            }
        }

        var sum = targets.Sum(t => t.Percent);
        if (sum != 100)
        {
            throw GoogleErrors.InvalidArgument($"Traffic percentages must add up to 100; the given targets add up to {sum}.", [("traffic", $"percentages sum to {sum}, expected 100")]);
        }

        if (targets.Where(t => t.Tag is not null).GroupBy(t => t.Tag).FirstOrDefault(g => g.Count() > 1) is { } duplicate)
        {
            throw GoogleErrors.InvalidArgument($"Tag \"{duplicate.Key}\" is used more than once.", [("traffic", "duplicate tag")]);
        }

        if (targets.Count(t => t.IsLatest) > 1)
        {
            throw GoogleErrors.InvalidArgument("Only one traffic target may be of type TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST.", [("traffic", "duplicate LATEST target")]);
        }

        return targets;
    }

    private static Dictionary<string, string> ReadMap(JsonNode? node) =>
        node is JsonObject map
            ? map.Where(kv => kv.Value is not null).ToDictionary(kv => kv.Key, kv => kv.Value!.ToString(), StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);

    private RunService Find(string serviceName) =>
        services.GetValueOrDefault(serviceName) ?? throw GoogleErrors.NotFound($"Resource '{serviceName[(serviceName.LastIndexOf('/') + 1)..]}' of kind 'SERVICE' in region '{SplitName(serviceName).Location}' in project '{SplitName(serviceName).Project}' does not exist.");

    private static (string Project, string Location) SplitName(string serviceName)
    {
        var parts = serviceName.Split('/');
        return (parts[1], parts[3]);
    }

    private static string RandomSuffix()
    {
        const string letters = "abcdefghijklmnopqrstuvwxyz";
        return string.Create(3, 0, (span, _) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = letters[RandomNumberGenerator.GetInt32(letters.Length)];
            }
        });
    }
}
