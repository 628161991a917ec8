# Sample DeploymentRecords for the notification and report tests (and tools/Invoke-BrowserTest.ps1),
# built from journal-shaped JSON with the module's own record type, so no engine type name has to be
# resolvable from PowerShell (the engine lives in its own AssemblyLoadContext).

function New-SampleDeploymentRecord {
    param([ValidateSet('Succeeded', 'RolledBack')] [string] $Outcome = 'Succeeded')
    $type = (Get-Command Export-JobFinderDeploymentReport).Parameters['InputObject'].ParameterType
    $start = [DateTimeOffset]::Parse('2026-11-26T22:15:00Z', [Globalization.CultureInfo]::InvariantCulture)
    function At([int] $seconds) { $start.AddSeconds($seconds).ToString('o') }
    function Verdict($fn, $percent, $at, $canary, $stable, $decision = 'Pass', $reason = 'every check passed') {
        @{ functionId = $fn; decision = $decision; reason = $reason; canaryPercent = $percent
           canary = @{ revision = "$fn-canary"; requests = $canary[0]; errors = $canary[1]; timeouts = 0; p95Ms = $canary[2] }
           stable = @{ revision = "$fn-stable"; requests = $stable[0]; errors = $stable[1]; timeouts = 0; p95Ms = $stable[2] }
           realRequests = $canary[0]; windowStart = (At ($at - 30)); windowEnd = (At $at); decidedAt = (At $at); thresholds = @{} }
    }
    function Step($seq, $kind, $name, $from, $to, $percent, $state = 'Completed', $verdicts = @()) {
        @{ sequence = $seq; kind = $kind; name = $name; canaryPercent = $percent; state = $state; startedAt = (At $from); endedAt = (At $to); verdicts = @($verdicts) }
    }
    if ($Outcome -eq 'Succeeded') {
        $steps = @(
            (Step 1 'Gates' 'Gates' 0 2 $null),
            (Step 2 'DeployFunctions' 'Deploy 2 function(s)' 2 60 $null),
            (Step 3 'Traffic' 'Traffic 10%' 60 61 10),
            (Step 4 'Analysis' 'Analysis at 10%' 61 91 10 'Completed' @((Verdict 'submitJob' 10 91 @(240, 2, 180.5) @(2160, 11, 150.25)), (Verdict 'health' 10 91 @(30, 0, 12) @(270, 0, 11)))),
            (Step 5 'Traffic' 'Traffic 50%' 91 92 50),
            (Step 6 'Analysis' 'Analysis at 50%' 92 122 50 'Completed' @((Verdict 'submitJob' 50 122 @(1200, 6, 190.75) @(1190, 7, 149)), (Verdict 'health' 50 122 @(150, 0, 13) @(151, 0, 12)))),
            (Step 7 'Traffic' 'Traffic 100%' 122 123 100),
            (Step 8 'Promote' 'Promote' 123 124 100))
        $id = '20261126T221500Z-3f9a1c'; $end = 124; $reason = $null
    } else {
        $steps = @(
            (Step 1 'Gates' 'Gates' 0 2 $null),
            (Step 2 'DeployFunctions' 'Deploy 2 function(s)' 2 40 $null),
            (Step 3 'Traffic' 'Traffic 10%' 40 41 10),
            (Step 4 'Analysis' 'Analysis at 10%' 41 71 10 'Failed' @((Verdict 'submitJob' 10 71 @(200, 62, 420) @(1800, 9, 150) 'Fail' 'error rate 31.0% > 10.0%'), (Verdict 'health' 10 71 @(25, 0, 12) @(225, 0, 11)))),
            (Step 5 'Rollback' 'Rollback to stable' 71 72 0))
        $id = '20261126T223000Z-9b2e77'; $end = 72; $reason = 'submitJob: error rate 31.0% > 10.0%'
    }
    $record = @{
        id = $id; projectId = 'jobfinder-prod'; environment = 'production'; owner = 'dana@build-01 (pid 4242)'
        strategy = 'Custom'; trafficSteps = @(10, 50, 100); bakeTime = '00:00:30'; outcome = $Outcome; reason = $reason
        backupId = '20261126T220000Z-prod-1a2b3c'; startedAt = (At 0); endedAt = (At $end)
        functions = @(
            @{ functionId = 'submitJob'; region = 'us-central1'; functionName = 'projects/jobfinder-prod/locations/us-central1/functions/submitJob'; action = 'Update'; stableRevision = 'submitjob-00007-abc'; newRevision = 'submitjob-00008-def'; canaryPercent = 100 },
            @{ functionId = 'health'; region = 'us-central1'; functionName = 'projects/jobfinder-prod/locations/us-central1/functions/health'; action = 'Update'; stableRevision = 'health-00003-aaa'; newRevision = 'health-00004-bbb'; canaryPercent = 100 })
        steps = $steps
    }
    $options = [System.Text.Json.JsonSerializerOptions]::new([System.Text.Json.JsonSerializerDefaults]::Web)
    $options.Converters.Add([System.Text.Json.Serialization.JsonStringEnumConverter]::new())
    return [System.Text.Json.JsonSerializer]::Deserialize(($record | ConvertTo-Json -Depth 12), $type, $options)
}

Export-ModuleMember -Function New-SampleDeploymentRecord
