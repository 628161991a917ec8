namespace JobFinder.Ops.Model;

/// <summary>Parts of a <see cref="LiveSnapshot"/>, to read or to compare. An undo restores traffic and
/// rules but not each function's latest config, so its check compares <see cref="AfterUndo"/>.</summary>
[Flags]
public enum SnapshotAreas
{
    None = 0,

    /// <summary>Which functions exist.</summary>
    Functions = 1,

    /// <summary>Each function's configuration (its config hash, runtime, entry point, variables).</summary>
    FunctionConfig = 2,

    /// <summary>Each function's Cloud Run traffic split and serving revision.</summary>
    Traffic = 4,

    RulesReleases = 8,

    Indexes = 16,

    FieldOverrides = 32,

    AlertPolicies = 64,

    NotificationChannels = 128,

    /// <summary>What an undo puts back: the set of functions, traffic and rules.</summary>
    AfterUndo = Functions | Traffic | RulesReleases,

    All = Functions | FunctionConfig | Traffic | RulesReleases | Indexes | FieldOverrides | AlertPolicies | NotificationChannels,
}
