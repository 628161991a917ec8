using System.Globalization;
using System.Text.Json.Nodes;
using static JobFinder.Ops.Emulator.Firestore.FirestoreValues;

namespace JobFinder.Ops.Emulator.Firestore;

/// <summary>The deterministic job-finder data every project's <c>(default)</c> database starts with
/// (a few hundred documents across the collections the backend uses), and the generator behind the
/// admin seed endpoint. Deterministic so tests can count and a reset restores the same state.</summary>
internal static class FirestoreSeedData
{
    public static readonly DateTimeOffset Epoch = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    public const int CompanyCount = 40;
    public const int JobCount = 200;
    public const int ContentItemCount = 30;
    public const int StopListCount = 24;
    public const int UserCount = 6;
    public const int GeneratedDocumentCount = 20;
    public const int ApplicationsPerUser = 3;

    private static readonly string[] Companies =
    [
        "Acme Analytics", "Birchwood Labs", "Cobalt Systems", "Driftwood AI", "Evergreen Health", "Foxglove Fintech",
        "Granite Cloud", "Harbor Robotics", "Ironbark Security", "Juniper Media", "Kestrel Logistics", "Lumen Energy",
    ];

    private static readonly string[] Titles =
    [
        "Senior Backend Engineer", "Full-Stack Developer", "Site Reliability Engineer", "Data Engineer",
        "Staff Software Engineer", "Frontend Engineer (React)", "Platform Engineer", "Machine Learning Engineer",
    ];

    private static readonly string[] Locations = ["Remote (US)", "Portland, OR", "Austin, TX", "New York, NY", "Remote (EU)", "Seattle, WA"];
    private static readonly string[] Statuses = ["new", "reviewed", "applied", "interviewing", "rejected", "archived"];
    private static readonly string[] Sources = ["linkedin", "greenhouse", "lever", "manual", "referral"];
    private static readonly string[] Tags = ["typescript", "go", "python", "kubernetes", "gcp", "react", "postgres", "firebase"];
    private static readonly string[] ContentTypes = ["experience", "project", "skill", "education", "summary"];

    public static string DatabaseUid(string project) =>
        new Guid(System.Security.Cryptography.MD5.HashData(System.Text.Encoding.UTF8.GetBytes("firestore:" + project))).ToString();

    public static int TotalDocuments =>
        CompanyCount + JobCount + ContentItemCount + StopListCount + UserCount + GeneratedDocumentCount + 1 + 3 + UserCount * ApplicationsPerUser;

    public static IEnumerable<FirestoreDocument> Documents(string project)
    {
        for (var i = 0; i < CompanyCount; i++)
        {
            yield return Doc($"companies/company-{i:D3}", i, new JsonObject
            {
                ["name"] = String(CompanyName(i)),
                ["website"] = String($"https://{Slug(CompanyName(i))}.example.com"),
                ["industry"] = String(new[] { "software", "healthcare", "finance", "energy", "media" }[i % 5]),
                ["size"] = Integer(50 + (i * 137 % 5000)),
                ["createdAt"] = Timestamp(Epoch.AddDays(-i)),
            });
        }
        for (var i = 0; i < JobCount; i++)
        {
            yield return GeneratedDocument("jobs", i);
        }
        for (var i = 0; i < ContentItemCount; i++)
        {
            yield return Doc($"contentItems/item-{i:D3}", i, new JsonObject
            {
                ["type"] = String(ContentTypes[i % ContentTypes.Length]),
                ["title"] = String($"{ContentTypes[i % ContentTypes.Length]} #{i + 1}"),
                ["body"] = String($"Description of content item {i + 1} for {project}."),
                ["order"] = Integer(i),
                ["visible"] = Boolean(i % 7 != 0),
                ["updatedAt"] = Timestamp(Epoch.AddHours(i)),
            });
        }
        for (var i = 0; i < StopListCount; i++)
        {
            var kind = new[] { "company", "keyword", "domain" }[i % 3];
            yield return Doc($"stopList/entry-{i:D3}", i, new JsonObject
            {
                ["type"] = String(kind),
                ["value"] = String(kind switch { "company" => $"Staffing Co {i}", "keyword" => $"unpaid-{i}", _ => $"spam{i}.example.net" }),
                ["reason"] = String("seeded"),
                ["addedAt"] = Timestamp(Epoch.AddDays(i)),
            });
        }
        yield return Doc("config/stopList", 0, new JsonObject
        {
            ["excludedCompanies"] = Array(Enumerable.Range(0, StopListCount).Where(i => i % 3 == 0).Select(i => String($"Staffing Co {i}"))),
            ["excludedKeywords"] = Array(Enumerable.Range(0, StopListCount).Where(i => i % 3 == 1).Select(i => String($"unpaid-{i}"))),
            ["excludedDomains"] = Array(Enumerable.Range(0, StopListCount).Where(i => i % 3 == 2).Select(i => String($"spam{i}.example.net"))),
            ["updatedAt"] = Timestamp(Epoch),
        });
        yield return Doc("config/ai-settings", 1, new JsonObject
        {
            ["provider"] = String("vertex"),
            ["model"] = String("gemini-2.0-flash"),
            ["temperature"] = Double(0.2),
        });
        yield return Doc("config/personalInfo", 2, new JsonObject
        {
            ["name"] = String("Sample Candidate"),
            ["email"] = String("candidate@jobfinder.dev"),
            ["website"] = String("https://portfolio.example.com"),
        });
        yield return Doc("config/features", 3, new JsonObject
        {
            ["documentGeneration"] = Boolean(true),
            ["contactPage"] = Boolean(project.StartsWith("portfolio", StringComparison.Ordinal)),
        });
        for (var i = 0; i < UserCount; i++)
        {
            var uid = i == 0 ? "smoke-test-uid-0001" : $"user-{i:D3}";
            yield return Doc($"users/{uid}", i, new JsonObject
            {
                ["email"] = String(i == 0 ? "smoke-test@jobfinder.dev" : $"user{i}@jobfinder.dev"),
                ["displayName"] = String(i == 0 ? "Smoke Test" : $"User {i}"),
                ["role"] = String(i == 1 ? "admin" : "viewer"),
                ["createdAt"] = Timestamp(Epoch.AddDays(-30 + i)),
            });
            for (var a = 0; a < ApplicationsPerUser; a++)
            {
                yield return Doc($"users/{uid}/applications/app-{a:D2}", a, new JsonObject
                {
                    ["jobId"] = String($"job-{(i * 7 + a) % JobCount:D5}"),
                    ["status"] = String(Statuses[(i + a) % Statuses.Length]),
                    ["appliedAt"] = Timestamp(Epoch.AddDays(a)),
                });
            }
        }
        for (var i = 0; i < GeneratedDocumentCount; i++)
        {
            yield return Doc($"generatedDocuments/doc-{i:D3}", i, new JsonObject
            {
                ["type"] = String(i % 2 == 0 ? "resume" : "coverLetter"),
                ["jobId"] = String($"job-{i * 3:D5}"),
                ["status"] = String("completed"),
                ["storagePath"] = String($"generated/doc-{i:D3}.pdf"),
                ["createdAt"] = Timestamp(Epoch.AddHours(i * 5)),
            });
        }
    }

    /// <summary>A job posting document, the shape the admin seed endpoint produces in bulk (~400 bytes).</summary>
    public static FirestoreDocument GeneratedDocument(string collection, int i)
    {
        var company = CompanyName(i % CompanyCount);
        return Doc($"{collection}/job-{i:D5}", i, new JsonObject
        {
            ["title"] = String(Titles[i % Titles.Length]),
            ["companyName"] = String(company),
            ["companyId"] = String($"company-{i % CompanyCount:D3}"),
            ["url"] = String($"https://careers.{Slug(company)}.example.com/jobs/{1000 + i}"),
            ["location"] = String(Locations[i % Locations.Length]),
            ["remote"] = Boolean(Locations[i % Locations.Length].StartsWith("Remote", StringComparison.Ordinal)),
            ["salaryMin"] = Integer(90_000 + (i % 12) * 5_000),
            ["salaryMax"] = Integer(130_000 + (i % 12) * 7_500),
            ["status"] = String(Statuses[i % Statuses.Length]),
            ["source"] = String(Sources[i % Sources.Length]),
            ["matchScore"] = Double(Math.Round(0.35 + (i * 37 % 60) / 100.0, 2)),
            ["tags"] = Array([String(Tags[i % Tags.Length]), String(Tags[(i + 3) % Tags.Length])]),
            ["postedAt"] = Timestamp(Epoch.AddHours(-i)),
        });
    }

    public static IEnumerable<FirestoreIndex> Indexes()
    {
        yield return SeedIndex("CICAgJiUpoMK", "jobs", ("status", "ASCENDING"), ("postedAt", "DESCENDING"));
        yield return SeedIndex("CICAgJjF9oIK", "contentItems", ("type", "ASCENDING"), ("order", "ASCENDING"));
    }

    private static FirestoreIndex SeedIndex(string id, string collectionGroup, params (string Field, string Order)[] fields)
    {
        var list = new JsonArray([.. fields.Select(f => new JsonObject { ["fieldPath"] = f.Field, ["order"] = f.Order })]);
        list.Add(new JsonObject { ["fieldPath"] = "__name__", ["order"] = fields[^1].Order });
        return new FirestoreIndex
        {
            Id = id,
            CollectionGroup = collectionGroup,
            State = "READY",
            Definition = new JsonObject { ["queryScope"] = "COLLECTION", ["fields"] = list, ["density"] = "SPARSE_ALL" },
        };
    }

    private static FirestoreDocument Doc(string path, int i, JsonObject fields)
    {
        var time = Epoch.AddMinutes(i);
        return new FirestoreDocument(path, FirestoreDocument.Serialize(fields), time, time);
    }

    private static string CompanyName(int i) =>
        i < Companies.Length ? Companies[i] : Companies[i % Companies.Length] + " " + (i / Companies.Length + 1).ToString(CultureInfo.InvariantCulture);

    private static string Slug(string name) => new(name.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit).ToArray());
}
