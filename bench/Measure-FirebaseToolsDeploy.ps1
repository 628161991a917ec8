#Requires -Version 7.6
<#
.SYNOPSIS
    firebase-tools `deploy --only functions` against Invoke-JobFinderDeployment -Strategy AllAtOnce, on one
    emulator in one run (issue #16): wall time and API calls of each, for the example's 9 functions and a
    generated 40-function codebase. Goal: ours at most half of firebase-tools' time, no more calls.

.DESCRIPTION
    Each tool deploys into its own project of one emulator (fast profile), from the same copy of the
    source. API calls are the emulator's request log (/_emulator/requests) for that project during the run.
    firebase-tools runs as tools/conformance does (its origin variables, offline credentials).

.EXAMPLE
    pwsh -File bench/Measure-FirebaseToolsDeploy.ps1 -ModulePath out/JobFinder.Ops/0.1.0 -FirebaseTools out/npm/node-fixtures-*/node_modules/firebase-tools -OutputPath out/bench/firebase-tools-deploy.json
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $FirebaseTools,
    [Parameter(Mandatory)] [string] $OutputPath,
    [string] $WorkPath = (Join-Path ([IO.Path]::GetTempPath()) "jobfinder-bench-firebase-tools-$PID"),
    # The emulator's time scale (Start-JobFinderEmulator -TimeScale): the fast profile's 1/60 gives Google's
    # per-minute admin-API quotas per second; 1 keeps Google's minute, where 40 functions meet the quotas.
    [double] $TimeScale = 0
)

$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot '../tools/conformance/Conformance.psm1') -Force
Import-Module (Join-Path (Resolve-Path $ModulePath).Path 'JobFinder.Ops.psd1')
$example = Join-Path $PSScriptRoot '../examples/job-finder-be'

function New-GeneratedCodebase([string] $Destination, [int] $Count) {
    # The example's repository with an index.js of $Count functions, alternately HTTPS and callable.
    $repo = Copy-ConformanceRepository -Path $example -Destination $Destination
    $lines = @(
        '"use strict";',
        'const { onRequest, onCall } = require("firebase-functions/v2/https");',
        'const { setGlobalOptions } = require("firebase-functions/v2");',
        'setGlobalOptions({ region: "us-central1", maxInstances: 10 });')
    foreach ($i in 1..$Count) {
        $lines += if ($i % 2) { "exports.endpoint$i = onRequest((req, res) => { res.json({ n: $i }); });" }
                  else { "exports.callable$i = onCall(() => ({ n: $i }));" }
    }
    $lines | Set-Content (Join-Path $repo 'functions/index.js')
    # The example's smoke checks call the example's functions, which this codebase does not have.
    $settingsPath = Join-Path $repo 'jobfinder.ops.json'
    $settings = Get-Content $settingsPath -Raw | ConvertFrom-Json
    $settings.smoke.checks = @()
    $settings | ConvertTo-Json -Depth 20 | Set-Content $settingsPath
    return $repo
}

function Get-Calls([string] $Api) {
    # The log is cleared before each tool runs, so everything in it is that tool's (admin and runtime calls are
    # not logged): the count, and the count per call shape (method, API, path with ids folded) to say where they go.
    $requests = @((Invoke-RestMethod -Uri "$Api/_emulator/requests").requests)
    $shapes = [ordered]@{}
    $requests | ForEach-Object { "$($_.method) $($_.api) " + ($_.path -replace '/(functions|services|operations|jobs|secrets|versions|indexes|fields|releases|rulesets|o|b)/[^/:?]+', '/$1/*' -replace '/projects/[^/:]+', '/projects/*' -replace '/collectionGroups/[^/]+', '/collectionGroups/*' -replace '/gcf-uploads/.*', '/gcf-uploads/*') } |
        Group-Object | Sort-Object Count -Descending | ForEach-Object { $shapes[$_.Name] = $_.Count }
    # Rate-quota refusals (429 from the Cloud Functions and Cloud Run admin APIs, at Google's limits): how
    # often each tool met the quota, and so how hard it pushed against it.
    $refused = [ordered]@{}
    $requests | Where-Object { $_.status -eq 429 } | Group-Object api | ForEach-Object { $refused[$_.Name] = $_.Count }
    [pscustomobject]@{ Count = $requests.Count; Shapes = $shapes; Refused429 = $refused; Refused429Total = @($requests | Where-Object { $_.status -eq 429 }).Count }
}

if (Test-Path $WorkPath) { Remove-Item -Recurse -Force $WorkPath }
New-Item -ItemType Directory -Force -Path $WorkPath | Out-Null
$cases = @(
    @{ Name = 'example-9'; Repo = { Copy-ConformanceRepository -Path $example -Destination (Join-Path $WorkPath 'example-9') } }
    @{ Name = 'generated-40'; Repo = { New-GeneratedCodebase -Destination (Join-Path $WorkPath 'generated-40') -Count 40 } }
)
$projects = foreach ($case in $cases) { "bench-ft-$($case.Name)"; "bench-ours-$($case.Name)" }
$scale = if ($TimeScale -gt 0) { @{ TimeScale = $TimeScale } } else { @{} }
$emulator = Start-JobFinderEmulator -ProjectId $projects @scale
$api = "http://$($emulator.EmulatorHost)"
$port = [int]($emulator.EmulatorHost -split ':')[-1]
$results = [ordered]@{}
try {
    foreach ($case in $cases) {
        $repo = & $case.Repo
        $theirs = "bench-ft-$($case.Name)"; $ours = "bench-ours-$($case.Name)"
        foreach ($project in $theirs, $ours) { New-ConformanceSecret -Api $api -Project $project -Repository $repo }

        Invoke-RestMethod -Method Delete -Uri "$api/_emulator/requests" | Out-Null
        $firebase = Invoke-FirebaseDeploy -FirebaseTools $FirebaseTools -Repository $repo -Project $theirs -Port $port -WorkPath $WorkPath -Only functions
        $firebaseCalls = Get-Calls $api

        Invoke-RestMethod -Method Delete -Uri "$api/_emulator/requests" | Out-Null
        $env:JOBFINDER_API_KEY = (Invoke-RestMethod -Uri "$api/_emulator/info").apiKeys.$ours   # the smoke checks sign in to that project
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $outcome = try { (Invoke-JobFinderDeployment -RepositoryPath $repo -Environment $ours -Strategy AllAtOnce -Only functions -SkipBackup -Confirm:$false -ErrorAction Stop).Outcome } catch { "Failed: $_" }
        $oursSeconds = $clock.Elapsed.TotalSeconds
        $oursCalls = Get-Calls $api

        $results[$case.Name] = [ordered]@{
            firebaseTools = [ordered]@{ seconds = [math]::Round($firebase.Seconds, 2); apiCalls = $firebaseCalls.Count; quota429 = $firebaseCalls.Refused429Total; quota429ByApi = $firebaseCalls.Refused429; callsByShape = $firebaseCalls.Shapes; exitCode = $firebase.ExitCode; error = $firebase.Error; version = $firebase.Version }
            jobFinder = [ordered]@{ seconds = [math]::Round($oursSeconds, 2); apiCalls = $oursCalls.Count; quota429 = $oursCalls.Refused429Total; quota429ByApi = $oursCalls.Refused429; callsByShape = $oursCalls.Shapes; outcome = "$outcome" }
            timeRatio = if ($firebase.Seconds -gt 0) { [math]::Round($oursSeconds / $firebase.Seconds, 2) } else { $null }
        }
        '   {0,-14} firebase-tools {1,6:n1} s {2,4} calls {7,3} x 429 (exit {3})   ours {4,6:n1} s {5,4} calls {8,3} x 429 ({6})' -f $case.Name, $firebase.Seconds, $firebaseCalls.Count, $firebase.ExitCode, $oursSeconds, $oursCalls.Count, $outcome, $firebaseCalls.Refused429Total, $oursCalls.Refused429Total
    }
}
finally {
    Stop-JobFinderEmulator | Out-Null
}
[ordered]@{
    name = 'firebase-tools-deploy'
    description = 'firebase deploy --only functions vs Invoke-JobFinderDeployment -Strategy AllAtOnce on one emulator (fast profile, Google''s admin-API quotas per second): wall time, API calls and quota 429s met; goal ours <= 0.5 x time, <= calls'
    figures = $results
} | ConvertTo-Json -Depth 6 | Set-Content -Path $OutputPath
