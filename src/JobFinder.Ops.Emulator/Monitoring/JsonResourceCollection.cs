using System.Text.Json.Nodes;
using JobFinder.Ops.Emulator.Infrastructure;

namespace JobFinder.Ops.Emulator.Monitoring;

/// <summary>Configuration resources kept as their JSON (alert policies, channels, services, SLOs,
/// dashboards): keyed by full resource name, in creation order, deep-copied in and out so callers never
/// share nodes with the store.</summary>
internal sealed class JsonResourceCollection
{
    private readonly Lock _gate = new();
    private readonly List<string> _order = [];
    private readonly Dictionary<string, JsonObject> _items = new(StringComparer.Ordinal);

    public JsonObject? Find(string name)
    {
        lock (_gate)
        {
            return _items.TryGetValue(name, out var item) ? (JsonObject)item.DeepClone() : null;
        }
    }

    public JsonObject Get(string name, string kind) =>
        Find(name) ?? throw GoogleErrors.NotFound($"{kind} {name} not found.");

    /// <summary>Items whose name starts with <paramref name="parentPrefix"/> and has no further '/'.</summary>
    public List<JsonObject> List(string parentPrefix)
    {
        lock (_gate)
        {
            return _order
                .Where(n => n.StartsWith(parentPrefix, StringComparison.Ordinal) && n.IndexOf('/', parentPrefix.Length) < 0)
                .Select(n => (JsonObject)_items[n].DeepClone())
                .ToList();
        }
    }

    /// <summary>Every item, in creation order.</summary>
    public List<JsonObject> All()
    {
        lock (_gate)
        {
            return _order.Select(n => (JsonObject)_items[n].DeepClone()).ToList();
        }
    }

    public bool Contains(string name)
    {
        lock (_gate)
        {
            return _items.ContainsKey(name);
        }
    }

    public void Add(string name, JsonObject item)
    {
        lock (_gate)
        {
            if (!_items.TryAdd(name, (JsonObject)item.DeepClone()))
            {
                throw GoogleErrors.AlreadyExists($"{name} already exists.");
            }
            _order.Add(name);
        }
    }

    /// <summary>Replaces an existing item after <paramref name="update"/> turned the current copy into the
    /// new one (under the lock, so read-modify-write is atomic).</summary>
    public JsonObject Update(string name, string kind, Func<JsonObject, JsonObject> update)
    {
        lock (_gate)
        {
            if (!_items.TryGetValue(name, out var current))
            {
                throw GoogleErrors.NotFound($"{kind} {name} not found.");
            }
            var updated = update((JsonObject)current.DeepClone());
            _items[name] = (JsonObject)updated.DeepClone();
            return updated;
        }
    }

    public void Remove(string name, string kind)
    {
        lock (_gate)
        {
            if (!_items.Remove(name))
            {
                throw GoogleErrors.NotFound($"{kind} {name} not found.");
            }
            _order.Remove(name);
        }
    }

    /// <summary>Removes every item under a prefix (a service's SLOs when the service goes).</summary>
    public void RemoveUnder(string prefix)
    {
        lock (_gate)
        {
            foreach (var name in _order.Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).ToList())
            {
                _items.Remove(name);
                _order.Remove(name);
            }
        }
    }

    public JsonArray Save()
    {
        lock (_gate)
        {
            return new JsonArray([.. _order.Select(n => _items[n].DeepClone())]);
        }
    }

    public void Load(JsonArray? saved)
    {
        lock (_gate)
        {
            _items.Clear();
            _order.Clear();
            foreach (var item in (saved ?? []).OfType<JsonObject>())
            {
                var name = (string)item["name"]!;
                _items[name] = (JsonObject)item.DeepClone();
                _order.Add(name);
            }
        }
    }

    public void Clear() => Load(null);
}
