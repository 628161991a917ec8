using JobFinder.Ops.Model;

namespace JobFinder.Ops.Emulator;

/// <summary>What a repository's smoke checks need from the emulator, provided the way CI provides it:
/// the web API key of the project in use and the seeded test user's email and password, in the
/// environment variables the repository's <c>smoke.auth</c> names (<c>JOBFINDER_API_KEY</c>,
/// <c>JOBFINDER_SMOKE_EMAIL</c>, <c>JOBFINDER_SMOKE_PASSWORD</c> by default). <see cref="Restore"/>
/// puts back what each variable held before, unless it has been set since to something that is not
/// this emulator's (then it is the user's, and stays).</summary>
internal sealed class EmulatorSmokeUser
{
    private readonly List<(string Name, string? Previous)> _replaced = [];
    private readonly HashSet<string> _ours;
    private readonly Func<string, string?> _get;
    private readonly Action<string, string?> _set;

    private EmulatorSmokeUser(HashSet<string> ours, Func<string, string?> get, Action<string, string?> set)
    {
        _ours = ours;
        _get = get;
        _set = set;
    }

    /// <summary>The variables set, in the order apiKey, email, password.</summary>
    public IReadOnlyList<string> Variables => [.. _replaced.Select(r => r.Name)];

    /// <summary>Sets the three variables <paramref name="names"/> names. <paramref name="allApiKeys"/> are
    /// every key of this emulator: a variable switched to another of them (another environment of the
    /// same emulator) is still the emulator's on restore.</summary>
    public static EmulatorSmokeUser Apply(SmokeAuthSettings names, string apiKey, string email, string password, IEnumerable<string> allApiKeys, Func<string, string?> get, Action<string, string?> set)
    {
        var user = new EmulatorSmokeUser(new HashSet<string>(allApiKeys.Append(apiKey).Append(email).Append(password), StringComparer.Ordinal), get, set);
        user.Set(names.ApiKeyEnvVar, apiKey);
        user.Set(names.EmailEnvVar, email);
        user.Set(names.PasswordEnvVar, password);
        return user;
    }

    public void Restore()
    {
        foreach (var (name, previous) in Enumerable.Reverse(_replaced))
        {
            if (_get(name) is not { } current || _ours.Contains(current))
            {
                _set(name, previous);
            }
        }

        _replaced.Clear();
    }

    private void Set(string name, string value)
    {
        if (_replaced.Any(r => r.Name == name))
        {
            // Settings that name one variable twice: the last value wins, the first previous value stays.
            _set(name, value);
            return;
        }

        _replaced.Add((name, _get(name)));
        _set(name, value);
    }
}
