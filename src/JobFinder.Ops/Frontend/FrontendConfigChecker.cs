using JobFinder.Ops.Model;

namespace JobFinder.Ops.Frontend;

/// <summary>Compares a frontend's public env settings with the deployed functions (the plan's task 8:
/// the production frontend must call the functions that were just deployed, not the old portfolio
/// copies). Recognised settings, after the bundler prefix (<c>VITE_</c>, <c>REACT_APP_</c>, <c>NEXT_PUBLIC_</c>):
/// <list type="bullet">
/// <item><c>*_URL</c> / <c>*_ENDPOINT</c> naming a function (<c>SUBMIT_JOB_URL</c> → <c>submitJob</c>), or
/// whose URL ends with a function's id: must equal the function's <c>url</c> or <c>serviceConfig.uri</c>;</item>
/// <item><c>FUNCTIONS_BASE_URL</c>, <c>FUNCTIONS_URL</c>, <c>API_BASE_URL</c>: the address the function URLs
/// share (<c>https://REGION-PROJECT.cloudfunctions.net</c> on Google);</item>
/// <item><c>*PROJECT_ID</c>: the project; <c>*FUNCTIONS_REGION</c> / <c>*REGION</c>: a region functions are deployed in.</item>
/// </list>
/// Other keys (API keys, analytics ids) are not reported. A URL on a functions host (cloudfunctions.net,
/// run.app, or the deployed functions' own host) that matches no function fails.</summary>
public static class FrontendConfigChecker
{
    private static readonly string[] s_urlSuffixes = ["_FUNCTION_URL", "_FN_URL", "_URL", "_ENDPOINT"];
    private static readonly string[] s_baseKeys = ["FUNCTIONS_BASE_URL", "FUNCTIONS_URL", "FUNCTIONS_ENDPOINT", "API_BASE_URL", "CLOUD_FUNCTIONS_URL", "FUNCTIONS_ORIGIN"];

    public static IReadOnlyList<FrontendConfigCheck> Check(IReadOnlyList<FrontendEnvEntry> entries, string file, string projectId, IReadOnlyList<DeployedFunctionUrl> deployed)
    {
        var results = new List<FrontendConfigCheck>();
        var byStem = deployed.GroupBy(f => Normalize(f.FunctionId)).ToDictionary(g => g.Key, g => g.First());
        var baseUrl = CommonBase(deployed);
        var regions = deployed.Select(f => f.Region).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var functionHosts = deployed.SelectMany(f => new[] { f.Url, f.ServiceUri }).OfType<string>()
            .Select(u => Uri.TryCreate(u, UriKind.Absolute, out var parsed) ? parsed.Authority.ToLowerInvariant() : null).OfType<string>().ToHashSet(StringComparer.Ordinal);

        foreach (var entry in entries.GroupBy(e => e.Key, StringComparer.Ordinal).Select(g => g.Last()))
        {
            var prefix = FrontendEnvFile.PublicPrefixes.FirstOrDefault(p => entry.Key.StartsWith(p, StringComparison.Ordinal));
            if (prefix is null)
            {
                continue;
            }

            var name = entry.Key[prefix.Length..];
            FrontendConfigCheck Result(bool pass, string? expected, string reason, string? function = null) => new()
            {
                Key = entry.Key,
                Status = pass ? FrontendCheckStatus.Pass : FrontendCheckStatus.Fail,
                Expected = expected,
                Actual = entry.Value,
                Function = function,
                Reason = reason,
                File = file,
                Line = entry.Line,
            };

            if (name.EndsWith("PROJECT_ID", StringComparison.Ordinal))
            {
                var pass = entry.Value == projectId;
                results.Add(Result(pass, projectId, pass ? "the deployed project" : $"the functions are deployed in {projectId}"));
            }
            else if (name.EndsWith("REGION", StringComparison.Ordinal))
            {
                var pass = regions.Contains(entry.Value, StringComparer.Ordinal);
                results.Add(Result(pass, string.Join(", ", regions), pass ? "functions are deployed in this region" : regions.Length == 0 ? "no function is deployed" : $"no function is deployed in {entry.Value}"));
            }
            else if (s_baseKeys.Contains(name, StringComparer.Ordinal))
            {
                var pass = baseUrl is not null && SameUrl(entry.Value, baseUrl);
                results.Add(Result(pass, baseUrl, pass ? "the deployed functions' base URL" : baseUrl is null ? "the deployed functions share no base URL" : "not the deployed functions' base URL"));
            }
            else if (s_urlSuffixes.FirstOrDefault(s => name.EndsWith(s, StringComparison.Ordinal)) is { } suffix)
            {
                var function = byStem.GetValueOrDefault(Normalize(name[..^suffix.Length])) ?? ByLastSegment(entry.Value, byStem);
                if (function is not null)
                {
                    var expected = function.Url ?? function.ServiceUri;
                    var pass = (function.Url is { } url && SameUrl(entry.Value, url)) || (function.ServiceUri is { } uri && SameUrl(entry.Value, uri));
                    results.Add(Result(pass, expected, pass ? "the deployed function's URL" : $"not the URL of the deployed {function.FunctionId}", function.FunctionId));
                }
                else if (IsFunctionsHost(entry.Value, functionHosts))
                {
                    results.Add(Result(false, null, "no deployed function answers at this URL"));
                }
            }
        }

        return results;
    }

    /// <summary>The address the function URLs share once their last segment (the function) is removed;
    /// null when they share none.</summary>
    private static string? CommonBase(IReadOnlyList<DeployedFunctionUrl> deployed)
    {
        var bases = deployed.Select(f => f.Url).OfType<string>().Select(u => u.TrimEnd('/')).Select(u => u[..u.LastIndexOf('/')]).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        return bases.Length == 1 && bases[0].Contains("://", StringComparison.Ordinal) ? bases[0] : null;
    }

    private static DeployedFunctionUrl? ByLastSegment(string value, Dictionary<string, DeployedFunctionUrl> byStem) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Segments.Length > 1
            ? byStem.GetValueOrDefault(Normalize(uri.Segments[^1].TrimEnd('/')))
            : null;

    private static bool IsFunctionsHost(string value, HashSet<string> functionHosts) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri)
        && (uri.Host.EndsWith(".cloudfunctions.net", StringComparison.OrdinalIgnoreCase)
            || uri.Host.EndsWith(".run.app", StringComparison.OrdinalIgnoreCase)
            || functionHosts.Contains(uri.Authority.ToLowerInvariant()));

    /// <summary>Same scheme, host and port (case-insensitive) and same path (a trailing slash aside).</summary>
    internal static bool SameUrl(string a, string b) =>
        Uri.TryCreate(a.Trim(), UriKind.Absolute, out var x) && Uri.TryCreate(b.Trim(), UriKind.Absolute, out var y)
        && string.Equals(x.GetLeftPart(UriPartial.Authority), y.GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase)
        && string.Equals(x.AbsolutePath.TrimEnd('/'), y.AbsolutePath.TrimEnd('/'), StringComparison.Ordinal)
        && x.Query == y.Query;

    /// <summary><c>SUBMIT_JOB</c>, <c>submitJob</c> and <c>submit-job</c> all become <c>submitjob</c>.</summary>
    private static string Normalize(string name) => name.Replace("_", string.Empty, StringComparison.Ordinal).Replace("-", string.Empty, StringComparison.Ordinal).ToLowerInvariant();
}
