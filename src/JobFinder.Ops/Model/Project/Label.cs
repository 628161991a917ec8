namespace JobFinder.Ops.Model;

/// <summary>A resource label (Cloud Functions / Cloud Run). Kept as a list of pairs rather than a
/// dictionary so PowerShell formats it readably.</summary>
public sealed record Label(string Key, string Value);
