using JobFinder.Ops.Model;

namespace JobFinder.Ops.Rollout;

/// <summary>The running deployment: a thread-safe builder of <see cref="DeploymentRecord"/> snapshots.
/// Parallel function work updates it; the journal writes its snapshots.</summary>
internal sealed class DeploymentState
{
    private readonly Lock _gate = new();
    private readonly List<DeploymentStep> _steps;
    private readonly List<FunctionDeploymentRecord> _functions;
    private readonly List<RulesReleaseRecord> _rules;
    private readonly List<string> _indexesCreated;
    private readonly List<string> _indexesDeleted;
    private readonly List<FieldOverrideRecord> _fieldOverrides;
    private DeploymentRecord _header;

    public DeploymentState(DeploymentRecord record)
    {
        _header = record;
        _steps = [.. record.Steps];
        _functions = [.. record.Functions];
        _rules = [.. record.Rules];
        _indexesCreated = [.. record.IndexesCreated];
        _indexesDeleted = [.. record.IndexesDeleted];
        _fieldOverrides = [.. record.FieldOverrides];
    }

    public string Id => _header.Id;

    public static string KeyOf(string functionId, string region) => functionId + "@" + region;

    public DeploymentRecord Snapshot()
    {
        lock (_gate)
        {
            return _header with
            {
                Steps = [.. _steps],
                Functions = [.. _functions],
                Rules = [.. _rules],
                IndexesCreated = [.. _indexesCreated],
                IndexesDeleted = [.. _indexesDeleted],
                FieldOverrides = [.. _fieldOverrides],
            };
        }
    }

    public DeploymentStep StartStep(DeploymentStepKind kind, string name, int? percent = null)
    {
        lock (_gate)
        {
            var step = new DeploymentStep
            {
                Sequence = _steps.Count + 1,
                Kind = kind,
                Name = name,
                CanaryPercent = percent,
                State = DeploymentStepState.Started,
                StartedAt = DateTimeOffset.UtcNow,
            };
            _steps.Add(step);
            return step;
        }
    }

    public DeploymentStep EndStep(DeploymentStep step, DeploymentStepState state, string? message = null, IReadOnlyList<CanaryVerdict>? verdicts = null)
    {
        lock (_gate)
        {
            var ended = step with { State = state, EndedAt = DateTimeOffset.UtcNow, Message = message, Verdicts = verdicts ?? step.Verdicts };
            _steps[step.Sequence - 1] = ended;
            return ended;
        }
    }

    public IReadOnlyList<DeploymentStep> Steps
    {
        get
        {
            lock (_gate)
            {
                return [.. _steps];
            }
        }
    }

    public FunctionDeploymentRecord? Function(string key)
    {
        lock (_gate)
        {
            return _functions.FirstOrDefault(f => KeyOf(f.FunctionId, f.Region) == key);
        }
    }

    public IReadOnlyList<FunctionDeploymentRecord> Functions
    {
        get
        {
            lock (_gate)
            {
                return [.. _functions];
            }
        }
    }

    /// <summary>Adds the function, or replaces the entry with the same id and region.</summary>
    public FunctionDeploymentRecord Put(FunctionDeploymentRecord function)
    {
        lock (_gate)
        {
            var at = _functions.FindIndex(f => f.FunctionId == function.FunctionId && f.Region == function.Region);
            if (at >= 0)
            {
                _functions[at] = function;
            }
            else
            {
                _functions.Add(function);
            }

            return function;
        }
    }

    public FunctionDeploymentRecord Update(string key, Func<FunctionDeploymentRecord, FunctionDeploymentRecord> change)
    {
        lock (_gate)
        {
            var at = _functions.FindIndex(f => KeyOf(f.FunctionId, f.Region) == key);
            return _functions[at] = change(_functions[at]);
        }
    }

    public IReadOnlyList<RulesReleaseRecord> Rules
    {
        get
        {
            lock (_gate)
            {
                return [.. _rules];
            }
        }
    }

    public void PutRules(RulesReleaseRecord rules)
    {
        lock (_gate)
        {
            var at = _rules.FindIndex(r => r.ReleaseName == rules.ReleaseName);
            if (at >= 0)
            {
                _rules[at] = rules;
            }
            else
            {
                _rules.Add(rules);
            }
        }
    }

    public void IndexCreated(string name)
    {
        lock (_gate)
        {
            if (!_indexesCreated.Contains(name))
            {
                _indexesCreated.Add(name);
            }
        }
    }

    /// <summary>Records a patched field override; the first record of a field (its previous config) wins
    /// on resume, so the state from before the deployment is never overwritten.</summary>
    public void FieldOverridePatched(FieldOverrideRecord record)
    {
        lock (_gate)
        {
            if (!_fieldOverrides.Any(f => f.Name == record.Name))
            {
                _fieldOverrides.Add(record);
            }
        }
    }

    public void IndexDeleted(string name)
    {
        lock (_gate)
        {
            if (!_indexesDeleted.Contains(name))
            {
                _indexesDeleted.Add(name);
            }
        }
    }

    /// <summary>A resumed deployment is in progress again.</summary>
    public void Reopen()
    {
        lock (_gate)
        {
            _header = _header with { Outcome = DeploymentOutcome.InProgress, Reason = null, EndedAt = null, CredentialProblem = null };
        }
    }

    /// <summary>Ends the deployment; <paramref name="credentialProblem"/> is set when it stopped because the smoke credentials are wrong.</summary>
    public void End(DeploymentOutcome outcome, string? reason, SmokeCredentialProblem? credentialProblem = null)
    {
        lock (_gate)
        {
            _header = _header with { Outcome = outcome, Reason = reason, EndedAt = DateTimeOffset.UtcNow, CredentialProblem = credentialProblem };
        }
    }

    public DeploymentOutcome Outcome
    {
        get
        {
            lock (_gate)
            {
                return _header.Outcome;
            }
        }
    }
}
