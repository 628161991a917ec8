#Requires -Version 7.6
<#
.SYNOPSIS
    The deployment day, end to end, against the local emulator (build.ps1 -Task Demo runs this).

.DESCRIPTION
    Starts the emulator with realistic timings and runs the whole plan on a copy of
    examples/job-finder-be: staging first, a verified backup, the first production release, alert
    policies as code, a canary release under live user traffic that succeeds, a bad release (a code
    change that makes a third of searchJobs calls throw; no smoke check calls searchJobs) caught by the
    canary analysis from the users' requests as Cloud Monitoring shows them, late, and rolled back
    automatically (the demo says which check caught it), the history, and the HTML report. It prints
    the module's own objects the way a user sees them and stops the emulator at the end. Exit code 0 when every step behaved as expected.

.EXAMPLE
    dotnet pwsh -File tools/Demo.ps1 -ModulePath out/JobFinder.Ops/0.1.0 -ExamplePath examples/job-finder-be
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $ExamplePath,
    # Where the copy of the example, backups, journals and the report go (default: a new temp folder).
    [string] $WorkPath
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
$PSStyle.OutputRendering = 'PlainText'
$ProgressPreference = 'SilentlyContinue'
$clock = [Diagnostics.Stopwatch]::StartNew()

Import-Module (Join-Path (Resolve-Path $ModulePath).ProviderPath 'JobFinder.Ops.psd1')

function Write-Section([string] $Title) {
    Write-Host ''
    Write-Host ('=' * 100)
    Write-Host ("[{0,5:0.0}s] {1}" -f $clock.Elapsed.TotalSeconds, $Title)
    Write-Host ('=' * 100)
}

function Show([object] $InputObject) {
    # Objects as a user sees them at the prompt: the module's own table views.
    $InputObject | Format-Table -AutoSize | Out-String -Width 160 | Write-Host
}

function Assert-That([bool] $Condition, [string] $Message) {
    if (-not $Condition) { throw "Demo expectation failed: $Message" }
    Write-Host "  ok: $Message"
}

function Update-FunctionSource([string] $Repository, [string] $Marker) {
    # A new release: the code changes, so every function's source hash changes.
    Add-Content -Path (Join-Path $Repository 'functions/index.js') -Value "`n// release: $Marker"
}

function Add-Regression([string] $Repository) {
    # A real bug, not a fault knob: release 3 "caches" searchJobs' pages in a ring of three slots but
    # fills only two, so one call in three reads an empty slot and throws (the callable answers 500
    # INTERNAL from the code itself). No smoke check calls searchJobs: only what users get shows it.
    $index = Join-Path $Repository 'functions/index.js'
    $code = Get-Content -Raw $index
    $buggy = $code.Replace('exports.searchJobs = onCall(async (request) => {', @'
const searchSlots = [{ hits: 0 }, { hits: 0 }, undefined]; // release 3: a ring of cached pages
let searchCalls = 0;
exports.searchJobs = onCall(async (request) => {
  searchSlots[searchCalls++ % searchSlots.length].hits++; // bug: the third slot was never filled
'@)
    if ($buggy -eq $code) { throw 'Demo: the example no longer has the searchJobs export this release changes.' }
    Set-Content -Path $index -Value $buggy -NoNewline
}

function Start-UserTraffic([hashtable[]] $Calls) {
    # Real users on production while releases go out: health checks and job searches (the callable
    # protocol: a JSON POST with "data"), one request in flight per URL (tens a second: enough for the
    # canary analysis to judge real requests from Cloud Monitoring, not only probes; four in flight
    # per URL only took the 2 cores from the deployment). Stop it with Stop-UserTraffic.
    $stop = [hashtable]::Synchronized(@{ Stop = $false })
    $job = Start-ThreadJob -ArgumentList $Calls, $stop -ScriptBlock {
        param($calls, $stop)
        $http = [System.Net.Http.HttpClient]::new()
        $http.Timeout = [TimeSpan]::FromSeconds(10)
        $inFlight = [System.Collections.Generic.List[System.Threading.Tasks.Task[System.Net.Http.HttpResponseMessage]]]::new()
        $sent = 0; $failed = 0
        function Send($call) {
            if ($call.Body) { $http.PostAsync($call.Url, [System.Net.Http.StringContent]::new($call.Body, [Text.Encoding]::UTF8, 'application/json')) }
            else { $http.GetAsync($call.Url) }
        }
        while (-not $stop.Stop -or $inFlight.Count -gt 0) {
            while (-not $stop.Stop -and $inFlight.Count -lt $calls.Count) { $inFlight.Add((Send $calls[$sent % $calls.Count])); $sent++ }
            [void][System.Threading.Tasks.Task]::WaitAny($inFlight.ToArray())
            foreach ($done in @($inFlight | Where-Object IsCompleted)) {
                if ($done.IsFaulted -or $done.IsCanceled -or [int]$done.Result.StatusCode -ge 500) { $failed++ }
                [void]$inFlight.Remove($done)
            }
        }
        [pscustomobject]@{ Sent = $sent; Failed = $failed }
    }
    [pscustomobject]@{ Job = $job; Stop = $stop }
}

function Stop-UserTraffic($Traffic) {
    $Traffic.Stop.Stop = $true
    Receive-Job -Job $Traffic.Job -Wait -AutoRemoveJob
}

function Copy-Example([string] $Path, [string] $Destination) {
    # The example, without the state of earlier runs; a linked node_modules (build.ps1 links the
    # installed packages) is linked again, not copied file by file through the link.
    New-Item -ItemType Directory -Force -Path $Destination | Out-Null
    foreach ($item in Get-ChildItem -Force -Path $Path | Where-Object Name -NotIn '.jobfinder', 'backups') {
        $target = Join-Path $Destination $item.Name
        if ($item.LinkType) { New-Item -ItemType SymbolicLink -Path $target -Target $item.ResolveLinkTarget($true).FullName | Out-Null }
        elseif ($item.PSIsContainer) { Copy-Example $item.FullName $target }
        else { Copy-Item -LiteralPath $item.FullName -Destination $target }
    }
}

$work = if ($WorkPath) { New-Item -ItemType Directory -Force -Path $WorkPath } else { New-Item -ItemType Directory -Path (Join-Path ([IO.Path]::GetTempPath()) "jobfinder-demo-$([Guid]::NewGuid().ToString('N').Substring(0, 8))") }
$repo = Join-Path $work.FullName 'job-finder-be'
Copy-Example (Resolve-Path $ExamplePath).ProviderPath $repo

$emulator = $null
$traffic = $null
try {
    Write-Section '0. A local twin of Google Cloud (Start-JobFinderEmulator -Profile Realistic -TimeScale (1/60): Monitoring shows 1 s points 3 s late: the 60 s / 180 s of Google at a second per minute)'
    # Started for the repository, it also sets the variables jobfinder.ops.json names for the smoke
    # checks: the seeded test user and the web API key of the default environment (staging). In real
    # life these come from the CI secret store (docs/SMOKE.md).
    $emulator = Start-JobFinderEmulator -Profile Realistic -TimeScale (1/60) -RepositoryPath $repo
    Show $emulator
    Write-Host "  smoke variables set: $($emulator.SmokeVariables -join ', ') (web API key of $($emulator.SmokeProjectId), user $($emulator.TestUserEmail))"
    function Use-Stage([string] $Environment) {
        # Each Firebase project has its own web API key; a CI stage gets its environment's value
        # under the same variable name.
        $projectId = (Get-JobFinderProject -RepositoryPath $repo -Environment $Environment).ProjectId
        $env:JOBFINDER_API_KEY = $emulator.ApiKeys[$projectId]
    }

    Write-Section '1. The project (Get-JobFinderProject)'
    $production = Get-JobFinderProject -RepositoryPath $repo -Environment production
    Show $production
    Show $production.Functions

    Write-Section '2. Staging first: deploy, then smoke-test (the production gate finds this evidence itself)'
    Use-Stage staging
    $staging = Invoke-JobFinderDeployment -RepositoryPath $repo -Environment staging -NewBackup -Confirm:$false
    Show $staging
    $stagingSmoke = $staging | Test-JobFinderSmoke
    Show $stagingSmoke
    Assert-That ($stagingSmoke.Passed) 'staging passes its smoke checks'

    Write-Section '3. A backup (verified as it is written), then the first production release'
    Use-Stage production
    $backup = Backup-JobFinderProduction -RepositoryPath $repo -Environment production
    Show $backup
    Assert-That ($backup.IsVerified) "the backup is verified ($($backup.Verification): every artifact's hash, here and in the bucket, and the export)"
    $first = $backup | Invoke-JobFinderDeployment -RepositoryPath $repo -Confirm:$false
    Show $first
    Assert-That ($first.Outcome -eq 'Succeeded') 'the first production release succeeded (the gate found staging''s passing smoke run of this source)'

    Write-Section '4. Alert policies, SLOs and the dashboard as code (Set-JobFinderAlertPolicy)'
    $policyFile = Join-Path $repo 'monitoring-config.yaml'
    Show (Set-JobFinderAlertPolicy -Path $policyFile -RepositoryPath $repo -Environment production -Confirm:$false)
    $again = @(Set-JobFinderAlertPolicy -Path $policyFile -RepositoryPath $repo -Environment production -Confirm:$false)
    Show $again
    Assert-That (@($again | Where-Object Action -NE 'Unchanged').Count -eq 0) 'a second run changes nothing'

    Write-Section '5. Release 2 goes out as a canary (10% -> 50% -> 100%) under live user traffic'
    # Users reach production at the functions' URLs (the split serves them): health checks and job
    # searches. Two ad-hoc checks find those URLs and show both answer before release 2.
    $search = '{"data":{"query":"engineer"}}'
    $userChecks = (New-JobFinderSmokeCheck -Name 'Health' -Function health -Assert '$.status == "healthy"'),
        (New-JobFinderSmokeCheck -Name 'Job search' -Function searchJobs -Body $search -Assert '$.result.success == true')
    $live = Test-JobFinderSmoke -RepositoryPath $repo -Environment production -Check $userChecks
    Show $live.Checks
    Assert-That ($live.Passed) 'users reach health and searchJobs on release 1'
    $urls = @{}
    foreach ($check in $live.Checks) { $urls[$check.Function] = $check.Url }
    $traffic = Start-UserTraffic -Calls @{ Url = $urls.health }, @{ Url = $urls.searchJobs; Body = $search }
    Update-FunctionSource $repo 'v2'
    Use-Stage staging
    Invoke-JobFinderDeployment -RepositoryPath $repo -Environment staging -NewBackup -Confirm:$false | Test-JobFinderSmoke | Out-Null
    Use-Stage production
    $good = Invoke-JobFinderDeployment -RepositoryPath $repo -Environment production -NewBackup -TrafficSteps 10, 50, 100 -BakeTime 00:00:04 -Confirm:$false
    Show $good
    Show $good.Steps
    Assert-That ($good.Outcome -eq 'Succeeded') 'the canary passed every step and LATEST serves 100%'
    Show ($good | Test-JobFinderSmoke)

    Write-Section '6. Release 3 is bad (a code change that fails a third of searchJobs calls, which no smoke check calls): rolled back automatically'
    Add-Regression $repo
    Use-Stage staging
    $stagingSmoke = Invoke-JobFinderDeployment -RepositoryPath $repo -Environment staging -NewBackup -Confirm:$false | Test-JobFinderSmoke
    Assert-That ($stagingSmoke.Passed) 'the bad release passes staging''s smoke checks: they do not call searchJobs'
    Use-Stage production
    # Half of the users first: this laptop's user traffic (tens of requests a second) gives a 50% canary
    # enough real requests in a 6 s bake for the analysis to judge them; a 10% canary would see a handful,
    # and probes, not users, would decide (on Google, minutes of bake at 10% do the same).
    $bad = Invoke-JobFinderDeployment -RepositoryPath $repo -Environment production -NewBackup -TrafficSteps 50, 100 -BakeTime 00:00:06 -Confirm:$false -ErrorAction SilentlyContinue
    if (-not $bad) { $bad = Get-JobFinderDeployment -RepositoryPath $repo -Environment production -Newest 1 }
    Show $bad
    Show @($bad.Verdicts | Where-Object RealRequests -GT 0)
    Assert-That ($bad.Outcome -eq 'RolledBack') "the canary analysis rolled the release back: $($bad.Reason)"
    # Which check caught it: the failing verdict, its basis (absolute limit or sequential test on the
    # visible Monitoring buckets, or thin traffic topped up by probes) and its numbers.
    $caught = @($bad.Verdicts | Where-Object Decision -EQ 'Fail') | Select-Object -First 1
    Assert-That ($null -ne $caught -and $caught.FunctionId -eq 'searchJobs' -and -not $caught.ProbesUsed) 'searchJobs'' canary verdict caught it from the users'' requests in Cloud Monitoring, no probes'
    Write-Host ("  caught by: the canary verdict of {0} at {1}% ({2}: {3} real requests in {4} visible bucket(s), visible through {5:HH:mm:ss}, decided at {6:HH:mm:ss}): {7}" -f
        $caught.FunctionId, $caught.CanaryPercent, $caught.Basis, $caught.RealRequests, $caught.BucketsUsed, $caught.Test.VisibleThrough, $caught.DecidedAt, $caught.Reason)
    Show (Test-JobFinderSmoke -RepositoryPath $repo -Environment production)

    $users = Stop-UserTraffic $traffic
    $traffic = $null
    Write-Host ("  live user traffic during releases 2 and 3: {0} requests, {1} failed (only the bad canary's share of searchJobs can fail)" -f $users.Sent, $users.Failed)

    Write-Section '7. History (Get-JobFinderDeployment) and the report (Export-JobFinderDeploymentReport)'
    Show (Get-JobFinderDeployment -RepositoryPath $repo -Environment production -Newest 5)
    $report = Export-JobFinderDeploymentReport -InputObject $bad -Path (Join-Path $work.FullName 'deployment-report.html')
    Write-Host "  report: $(if ($report -is [IO.FileInfo]) { $report.FullName } else { Join-Path $work.FullName 'deployment-report.html' })"

    Write-Section ("Done in {0:0} s" -f $clock.Elapsed.TotalSeconds)
}
finally {
    if ($traffic) { $traffic.Stop.Stop = $true; Stop-Job -Job $traffic.Job -ErrorAction Ignore; Remove-Job -Job $traffic.Job -Force -ErrorAction Ignore }
    if ($emulator) { Stop-JobFinderEmulator }
}
