using System.Globalization;

namespace JobFinder.Ops.Emulator.Runtime;

/// <summary>The documented per-revision fault knobs, read from the revision's environment variables.
/// <see cref="RejectTokenStatus"/> (401 or 403, else null) makes the revision refuse every request that
/// carries a bearer token, as code that rejects valid ID tokens (401 UNAUTHENTICATED) or demands a role
/// the caller lacks (403 PERMISSION_DENIED) would.</summary>
public sealed record FaultKnobs(double ErrorRate, TimeSpan AddedLatency, double TimeoutRate, int? RejectTokenStatus = null)
{
    public const string ErrorRateVariable = "EMULATOR_FAULT_ERROR_RATE";
    public const string LatencyVariable = "EMULATOR_FAULT_LATENCY_MS";
    public const string TimeoutRateVariable = "EMULATOR_FAULT_TIMEOUT_RATE";
    public const string RejectTokenVariable = "EMULATOR_FAULT_REJECT_TOKEN";

    public static FaultKnobs From(IReadOnlyDictionary<string, string> environment) => new(
        Fraction(environment, ErrorRateVariable),
        TimeSpan.FromMilliseconds(Number(environment, LatencyVariable)),
        Fraction(environment, TimeoutRateVariable),
        environment.TryGetValue(RejectTokenVariable, out var reject) && reject.Trim() is "401" or "403" ? int.Parse(reject.Trim(), CultureInfo.InvariantCulture) : null);

    private static double Fraction(IReadOnlyDictionary<string, string> environment, string name) =>
        Math.Clamp(Number(environment, name), 0, 1);

    private static double Number(IReadOnlyDictionary<string, string> environment, string name) =>
        environment.TryGetValue(name, out var text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : 0;
}
