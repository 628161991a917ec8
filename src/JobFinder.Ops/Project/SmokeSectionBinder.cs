using JobFinder.Ops.Model;

namespace JobFinder.Ops.Project;

/// <summary>Applies a <c>smoke</c> section. A <c>checks</c> list replaces the inherited one as a whole
/// (an environment lists its own checks), <c>auth</c> merges property by property.</summary>
internal static class SmokeSectionBinder
{
    private static readonly string[] Methods = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"];

    public static SmokeSettings Apply(SmokeSettings current, JsonSection section)
    {
        section.EnsureKnown("concurrency", "p95SlaMs", "auth", "checks");
        var auth = current.Auth;
        if (section.Object("auth") is { } a)
        {
            a.EnsureKnown("apiKeyEnvVar", "emailEnvVar", "passwordEnvVar");
            auth = auth with
            {
                ApiKeyEnvVar = a.NonEmpty("apiKeyEnvVar") ?? auth.ApiKeyEnvVar,
                EmailEnvVar = a.NonEmpty("emailEnvVar") ?? auth.EmailEnvVar,
                PasswordEnvVar = a.NonEmpty("passwordEnvVar") ?? auth.PasswordEnvVar,
            };
        }

        var checks = current.Checks;
        if (section.Array("checks") is { } items)
        {
            checks = items.Select(ReadCheck).ToArray();
            var duplicate = checks.GroupBy(c => c.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
            if (duplicate is not null)
            {
                throw section.Property("checks")!.Value.Error($"Two smoke checks are named '{duplicate.Key}'; names must be unique.");
            }
        }

        return current with
        {
            Concurrency = section.IntRange("concurrency", 1, 256) ?? current.Concurrency,
            P95SlaMs = section.PositiveThreshold("p95SlaMs") ?? current.P95SlaMs,
            Auth = auth,
            Checks = checks,
        };
    }

    private static SmokeCheckDefinition ReadCheck(JsonSection item)
    {
        item.RequireObject("a smoke check");
        item.EnsureKnown("name", "function", "url", "method", "path", "body", "expectedStatus", "assertions", "auth", "timeout", "retries", "readOnly");
        var name = item.NonEmpty("name") ?? throw item.Error($"{item.Describe()} needs a 'name'.");
        var function = item.NonEmpty("function");
        var url = item.NonEmpty("url");
        if (function is null == url is null)
        {
            throw item.Error($"Smoke check '{name}' must name exactly one of 'function' or 'url'.");
        }

        if (url is not null && (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
        {
            throw item.Property("url")!.Value.Error($"Smoke check '{name}': url must be an absolute http(s) URL, not '{url}'.");
        }

        var path = item.String("path") ?? "";
        if (path.Length > 0 && !path.StartsWith('/'))
        {
            throw item.Property("path")!.Value.Error($"Smoke check '{name}': path must start with '/'.");
        }

        var body = item.Property("body")?.Element.GetRawText();
        var method = (item.String("method") ?? (body is null ? "GET" : "POST")).ToUpperInvariant();
        if (!Methods.Contains(method, StringComparer.Ordinal))
        {
            throw item.Property("method")!.Value.Error($"Smoke check '{name}': method must be one of {string.Join(", ", Methods)}.");
        }

        return new SmokeCheckDefinition
        {
            Name = name,
            Function = function,
            Url = url,
            Method = method,
            Path = path,
            Body = body is null ? null : Compact(body),
            ExpectedStatus = item.IntRange("expectedStatus", 100, 599) ?? 200,
            Assertions = item.Array("assertions")?.Select(ReadAssertion).ToArray() ?? [],
            Auth = item.Enum<SmokeCheckAuth>("auth") ?? SmokeCheckAuth.None,
            Timeout = PositiveTimeout(item, name) ?? TimeSpan.FromSeconds(30),
            Retries = item.IntRange("retries", 0, 10) ?? 1,
            ReadOnly = item.Bool("readOnly") ?? false,
        };
    }

    private static TimeSpan? PositiveTimeout(JsonSection item, string name)
    {
        var timeout = item.Duration("timeout");
        return timeout is null || timeout > TimeSpan.Zero
            ? timeout
            : throw item.Property("timeout")!.Value.Error($"Smoke check '{name}': timeout must be greater than zero.");
    }

    private static SmokeAssertion ReadAssertion(JsonSection item)
    {
        var text = item.AsString();
        return SmokeAssertionParser.TryParse(text, out var problem) ?? throw item.Error(problem!);
    }

    private static string Compact(string rawJson)
    {
        using var document = System.Text.Json.JsonDocument.Parse(rawJson);
        return System.Text.Json.JsonSerializer.Serialize(document.RootElement);
    }
}
