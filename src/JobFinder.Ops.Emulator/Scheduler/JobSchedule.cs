using System.Globalization;
using System.Text.RegularExpressions;
using JobFinder.Ops.Emulator.Infrastructure;

namespace JobFinder.Ops.Emulator.Scheduler;

/// <summary>A Cloud Scheduler <c>schedule</c>: unix-cron (five fields: minute hour day-of-month month
/// day-of-week, with <c>*</c>, lists, ranges and steps) or the App Engine cron grammar Cloud Scheduler also
/// accepts (<c>every 5 minutes</c>, <c>every 2 hours</c>, <c>every day 03:00</c>, <c>every monday 09:00</c>),
/// evaluated in the job's time zone (cloudscheduler-v1 Job.schedule and Job.timeZone;
/// https://cloud.google.com/scheduler/docs/configuring/cron-job-schedules). Anything else is refused with
/// 400, as Cloud Scheduler refuses it.</summary>
public sealed partial class JobSchedule
{
    private static readonly string[] DayNames = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];

    private readonly Func<DateTime, DateTime> next;

    private JobSchedule(Func<DateTime, DateTime> next) => this.next = next;

    public static JobSchedule Parse(string? schedule)
    {
        var text = (schedule ?? string.Empty).Trim();
        if (text.Length == 0)
        {
            throw Invalid(text, "Schedule is required.");
        }

        var interval = IntervalPattern().Match(text);
        if (interval.Success)
        {
            var count = int.Parse(interval.Groups[1].Value, CultureInfo.InvariantCulture);
            var unit = interval.Groups[2].Value.StartsWith("hour", StringComparison.OrdinalIgnoreCase) ? TimeSpan.FromHours(1) : TimeSpan.FromMinutes(1);
            return count <= 0 ? throw Invalid(text, "The interval must be positive.") : new JobSchedule(after => Truncate(after) + (unit * count));
        }

        var daily = DailyPattern().Match(text);
        if (daily.Success)
        {
            var day = daily.Groups[1].Value.ToLowerInvariant();
            var time = new TimeSpan(int.Parse(daily.Groups[2].Value, CultureInfo.InvariantCulture), int.Parse(daily.Groups[3].Value, CultureInfo.InvariantCulture), 0);
            if (time >= TimeSpan.FromDays(1))
            {
                throw Invalid(text, "The time of day is out of range.");
            }

            var dayOfWeek = day == "day" ? (DayOfWeek?)null : (DayOfWeek)Array.IndexOf(DayNames, day);
            return new JobSchedule(after => NextMatch(after, t => t.TimeOfDay == time && (dayOfWeek is null || t.DayOfWeek == dayOfWeek)));
        }

        var fields = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != 5)
        {
            throw Invalid(text, "Expected unix-cron (5 fields) or the App Engine syntax (every N minutes|hours, every day HH:MM).");
        }

        var minutes = Field(fields[0], 0, 59, text);
        var hours = Field(fields[1], 0, 23, text);
        var daysOfMonth = Field(fields[2], 1, 31, text);
        var months = Field(fields[3], 1, 12, text);
        var daysOfWeek = Field(fields[4].Replace("7", "0", StringComparison.Ordinal), 0, 6, text);
        // unix-cron: when both day fields are restricted, either may match.
        var domAny = fields[2] == "*";
        var dowAny = fields[4] == "*";
        return new JobSchedule(after => NextMatch(after, t =>
            minutes.Contains(t.Minute) && hours.Contains(t.Hour) && months.Contains(t.Month)
            && (domAny || dowAny
                ? daysOfMonth.Contains(t.Day) && daysOfWeek.Contains((int)t.DayOfWeek)
                : daysOfMonth.Contains(t.Day) || daysOfWeek.Contains((int)t.DayOfWeek))));
    }

    /// <summary>The first run strictly after <paramref name="after"/> (UTC), in <paramref name="zone"/>'s wall time.</summary>
    public DateTimeOffset NextAfter(DateTimeOffset after, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(after, zone).DateTime;
        var nextLocal = next(local);
        while (zone.IsInvalidTime(nextLocal))
        {
            // A wall time skipped by a daylight-saving jump runs at the first valid minute after it.
            nextLocal = nextLocal.AddMinutes(1);
        }

        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(nextLocal, DateTimeKind.Unspecified), zone), TimeSpan.Zero);
    }

    /// <summary>The IANA zone of <c>timeZone</c> (UTC when empty), or 400.</summary>
    public static TimeZoneInfo Zone(string? timeZone)
    {
        if (string.IsNullOrEmpty(timeZone))
        {
            return TimeZoneInfo.Utc;
        }

        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(timeZone);
        }
        catch (TimeZoneNotFoundException)
        {
            throw GoogleErrors.InvalidArgument($"Invalid time zone \"{timeZone}\": use a name from the tz database, e.g. Etc/UTC or Europe/Berlin.", [("job.time_zone", "invalid")]);
        }
    }

    private static DateTime Truncate(DateTime t) => new(t.Year, t.Month, t.Day, t.Hour, t.Minute, 0, t.Kind);

    private static DateTime NextMatch(DateTime after, Func<DateTime, bool> matches)
    {
        var candidate = Truncate(after).AddMinutes(1);
        // At most four years of minutes: a schedule like "0 0 29 2 *" still finds its next run.
        for (var i = 0; i < 4 * 366 * 24 * 60; i++, candidate = candidate.AddMinutes(1))
        {
            if (matches(candidate))
            {
                return candidate;
            }
        }

        throw GoogleErrors.InvalidArgument("The schedule never runs.", [("job.schedule", "never matches")]);
    }

    private static HashSet<int> Field(string field, int min, int max, string text)
    {
        var values = new HashSet<int>();
        foreach (var part in field.Split(','))
        {
            var stepSplit = part.Split('/');
            var step = stepSplit.Length == 2 && int.TryParse(stepSplit[1], CultureInfo.InvariantCulture, out var s) && s > 0 ? s : stepSplit.Length == 1 ? 1 : throw Invalid(text, $"Bad step in \"{part}\".");
            var range = stepSplit[0];
            int from, to;
            if (range == "*")
            {
                (from, to) = (min, max);
            }
            else if (range.Split('-') is [var a, var b] && int.TryParse(a, CultureInfo.InvariantCulture, out from) && int.TryParse(b, CultureInfo.InvariantCulture, out to))
            {
            }
            else if (int.TryParse(range, CultureInfo.InvariantCulture, out from))
            {
                to = stepSplit.Length == 2 ? max : from;
            }
            else
            {
                throw Invalid(text, $"\"{part}\" is not a number, range or step.");
            }

            if (from < min || to > max || from > to)
            {
                throw Invalid(text, $"\"{part}\" is outside {min}-{max}.");
            }

            for (var v = from; v <= to; v += step)
            {
                values.Add(v);
            }
        }

        return values;
    }

    private static GoogleApiException Invalid(string schedule, string why) =>
        GoogleErrors.InvalidArgument($"Schedule has invalid format: \"{schedule}\". {why}", [("job.schedule", why)]);

    [GeneratedRegex(@"^every\s+(\d+)\s+(minutes?|mins?|hours?)$", RegexOptions.IgnoreCase)]
    private static partial Regex IntervalPattern();

    [GeneratedRegex(@"^every\s+(day|sunday|monday|tuesday|wednesday|thursday|friday|saturday)\s+(\d{1,2}):(\d{2})$", RegexOptions.IgnoreCase)]
    private static partial Regex DailyPattern();
}
