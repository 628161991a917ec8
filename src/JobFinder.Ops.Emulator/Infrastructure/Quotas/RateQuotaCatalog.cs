namespace JobFinder.Ops.Emulator.Infrastructure.Quotas;

/// <summary>The admin-API rate quotas the emulator enforces, at Google's documented defaults, and which of
/// them a request counts against. A request is a write when it changes state (<see cref="MutationClassifier"/>:
/// POST/PATCH/PUT/DELETE other than read-style verbs such as <c>operations/...:wait</c>), otherwise a read.
/// Operations are served at the root for both APIs; a poll there counts as a Cloud Functions read (the
/// prefix <c>/run/</c> makes it a Cloud Run read), which is what the request log labels it.</summary>
public static class RateQuotaCatalog
{
    private const string FunctionsQuotas = "https://cloud.google.com/functions/quotas";
    private const string FunctionsQuotas1stGen = "https://cloud.google.com/functions/quotas-1st-gen";
    private const string RunQuotas = "https://cloud.google.com/run/quotas";

    // Cloud Run functions (2nd gen), "Rate Limits" table of https://cloud.google.com/functions/quotas:
    // API calls (READ) "1200 per 60 seconds", API calls (WRITE) "60 per 60 seconds", scope per region for
    // 2nd gen. The limit's display name is the one Google's 429 names for 2nd-gen function writes
    // ("Per project mutation requests per minute per region", firebase/firebase-tools#7949 and #7268).
    public static readonly RateQuota FunctionsRead = new(
        "cloudfunctions.googleapis.com", "read", "cloudfunctions.googleapis.com/read_requests", "Read requests",
        "ReadRequestsPerMinutePerProjectPerRegion", "Per project read requests per minute per region",
        1200, TimeSpan.FromSeconds(60), PerRegion: true, FunctionsQuotas);

    public static readonly RateQuota FunctionsWrite = new(
        "cloudfunctions.googleapis.com", "write", "cloudfunctions.googleapis.com/mutate_requests", "Write requests",
        "MutateRequestsPerMinutePerProjectPerRegion", "Per project mutation requests per minute per region",
        60, TimeSpan.FromSeconds(60), PerRegion: true, FunctionsQuotas);

    // Cloud Run functions (1st gen, the v1 API), https://cloud.google.com/functions/quotas-1st-gen: API calls
    // (READ) "5000 per 100 seconds", API calls (WRITE) "80 per 100 seconds", per project. Google's 429 for a
    // v1 write names metric 'Write requests' and limit 'Write requests per minute' (firebase/firebase-tools#5474).
    public static readonly RateQuota FunctionsV1Read = new(
        "cloudfunctions.googleapis.com", "read", "cloudfunctions.googleapis.com/read_requests", "Read requests",
        "ReadRequestsPer100SecondsPerProject", "Read requests per 100 seconds",
        5000, TimeSpan.FromSeconds(100), PerRegion: false, FunctionsQuotas1stGen);

    public static readonly RateQuota FunctionsV1Write = new(
        "cloudfunctions.googleapis.com", "write", "cloudfunctions.googleapis.com/write_requests", "Write requests",
        "WriteRequestsPer100SecondsPerProject", "Write requests per minute",
        80, TimeSpan.FromSeconds(100), PerRegion: false, FunctionsQuotas1stGen);

    // Cloud Run Admin API (v1 and v2 paths): https://cloud.google.com/run/quotas says its quotas "encompass API
    // rate limits, which affect the rate at which you can call the Cloud Run Admin API" and sends the numbers to
    // the console's Quotas page. The ids are Google's (run.googleapis.com/read_regional, ReadPerMinutePerProjectRegion
    // in the 429 quoted by googleapis/repo-automation-bots#4469; write_regional, WritePerMinutePerProjectRegion);
    // the defaults a project's Quotas page shows for them are 600 reads and 30 writes per minute per region
    // (a public quota audit of a new project, which also notes each 2nd-gen function deploy costs Run writes).
    public static readonly RateQuota RunRead = new(
        "run.googleapis.com", "read", "run.googleapis.com/read_regional", "Read requests",
        "ReadPerMinutePerProjectRegion", "Read requests per minute per region",
        600, TimeSpan.FromSeconds(60), PerRegion: true, RunQuotas);

    public static readonly RateQuota RunWrite = new(
        "run.googleapis.com", "write", "run.googleapis.com/write_regional", "Write requests",
        "WritePerMinutePerProjectRegion", "Write requests per minute per region",
        30, TimeSpan.FromSeconds(60), PerRegion: true, RunQuotas);

    public static IReadOnlyList<RateQuota> All { get; } = [FunctionsRead, FunctionsWrite, FunctionsV1Read, FunctionsV1Write, RunRead, RunWrite];

    /// <summary>The quota a request of API <paramref name="label"/> on <paramref name="path"/> counts against,
    /// or null when the request is not under one (other APIs, signed-URL uploads and downloads).</summary>
    public static RateQuota? For(string label, string path, bool write)
    {
        var version = VersionOf(path);
        return (label, version) switch
        {
            ("cloudfunctions", "v2") => write ? FunctionsWrite : FunctionsRead,
            ("cloudfunctions", "v1") => write ? FunctionsV1Write : FunctionsV1Read,
            ("run", "v1" or "v2") => write ? RunWrite : RunRead,
            _ => null,
        };
    }

    /// <summary>"v1"/"v2" of <c>[/prefix]/vN/projects/...</c>; null for other paths.</summary>
    private static string? VersionOf(string path)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var index = segments.Length > 0 && segments[0] is "cloudfunctions" or "run" ? 1 : 0;
        return segments.Length > index + 1 && segments[index] is "v1" or "v2" && segments[index + 1] == "projects" ? segments[index] : null;
    }
}
