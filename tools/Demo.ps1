#Requires -Version 7.6
<#
.SYNOPSIS
    The deployment day, end to end, against the local emulator (build.ps1 -Task Demo runs this).

.DESCRIPTION
    Starts the emulator with realistic timings and runs the whole plan on a copy of
    examples/job-finder-be: staging first, a verified backup, the first production release, alert
    policies as code, a canary release under live traffic that succeeds, a bad release (a code
    change that makes a third of health calls throw) caught by the canary analysis from Cloud Monitoring
    and rolled back automatically (the demo says which check caught it), the
    history, and the HTML report. It prints the module's own objects the way a user sees them and
    stops the emulator at the end. Exit code 0 when every step behaved as expected.

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
    # A real bug, not a fault knob: release 3 "caches" the health payload in a ring of three slots but
    # fills only two, so one call in three reads an empty slot and throws (500 from the code itself).
    $index = Join-Path $Repository 'functions/index.js'
    $code = Get-Content -Raw $index
    $buggy = $code.Replace('exports.health = onRequest({ cors: true }, async (req, res) => {', @'
const healthSlots = [{ hits: 0 }, { hits: 0 }, undefined]; // release 3: a ring of cached payloads
let healthCalls = 0;
exports.health = onRequest({ cors: true }, async (req, res) => {
  healthSlots[healthCalls++ % healthSlots.length].hits++; // bug: the third slot was never filled
'@)
    if ($buggy -eq $code) { throw 'Demo: the example no longer has the health export this release changes.' }
    Set-Content -Path $index -Value $buggy -NoNewline
}

function Start-UserTraffic([string[]] $Urls, [TimeSpan] $Duration) {
    # Real users hitting production while releases go out: a steady stream of health checks and
    # callable reads, so the canary analysis reads real request metrics, not only probes.
    Start-ThreadJob -ArgumentList $Urls, $Duration -ScriptBlock {
        param($urls, $duration)
        $until = [DateTime]::UtcNow + $duration
        $sent = 0; $failed = 0
        while ([DateTime]::UtcNow -lt $until) {
            foreach ($url in $urls) {
                try {
                    $response = Invoke-WebRequest -Uri $url -SkipHttpErrorCheck -TimeoutSec 10
                    if ($response.StatusCode -ge 500) { $failed++ }
                }
                catch { $failed++ }
                $sent++
            }
            Start-Sleep -Milliseconds 40
        }
        [pscustomobject]@{ Sent = $sent; Failed = $failed }
    }
}

$work = if ($WorkPath) { New-Item -ItemType Directory -Force -Path $WorkPath } else { New-Item -ItemType Directory -Path (Join-Path ([IO.Path]::GetTempPath()) "jobfinder-demo-$([Guid]::NewGuid().ToString('N').Substring(0, 8))") }
$repo = Join-Path $work.FullName 'job-finder-be'
Copy-Item -Recurse -Path $ExamplePath -Destination $repo
Get-ChildItem $repo -Recurse -Directory -Include '.jobfinder', 'backups' | Remove-Item -Recurse -Force

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

    Write-Section '2. Staging first: deploy, then smoke-test (the production gate asks for this evidence)'
    Use-Stage staging
    $staging = Invoke-JobFinderDeployment -RepositoryPath $repo -Environment staging -NewBackup -Confirm:$false
    Show $staging
    $stagingSmoke = $staging | Test-JobFinderSmoke
    Show $stagingSmoke
    Assert-That ($stagingSmoke.Passed) 'staging passes its smoke checks'

    Write-Section '3. A verified backup, then the first production release'
    Use-Stage production
    $backup = Backup-JobFinderProduction -RepositoryPath $repo -Environment production -Verify
    Show $backup
    Assert-That ($backup.IsVerified) 'the backup is verified by restoring it into a scratch database'
    $first = $backup | Invoke-JobFinderDeployment -RepositoryPath $repo -Environment production -StagingSmoke $stagingSmoke -Confirm:$false
    Show $first
    Assert-That ($first.Outcome -eq 'Succeeded') 'the first production release succeeded'

    Write-Section '4. Alert policies, SLOs and the dashboard as code (Set-JobFinderAlertPolicy)'
    $policyFile = Join-Path $repo 'monitoring-config.yaml'
    Show (Set-JobFinderAlertPolicy -Path $policyFile -RepositoryPath $repo -Environment production -Confirm:$false)
    $again = @(Set-JobFinderAlertPolicy -Path $policyFile -RepositoryPath $repo -Environment production -Confirm:$false)
    Show $again
    Assert-That (@($again | Where-Object Action -NE 'Unchanged').Count -eq 0) 'a second run changes nothing'

    Write-Section '5. Release 2 goes out as a canary (10% -> 50% -> 100%) under live user traffic'
    $urls = @((Test-JobFinderSmoke -RepositoryPath $repo -Environment production).Checks | Where-Object { $_.Url -and $_.Function -eq 'health' } | ForEach-Object Url | Select-Object -First 1)
    if ($urls.Count -gt 0) { $traffic = Start-UserTraffic -Urls $urls -Duration ([TimeSpan]::FromSeconds(75)) }
    Update-FunctionSource $repo 'v2'
    Use-Stage staging
    $stagingSmoke = Invoke-JobFinderDeployment -RepositoryPath $repo -Environment staging -NewBackup -Confirm:$false | Test-JobFinderSmoke
    Use-Stage production
    $good = Backup-JobFinderProduction -RepositoryPath $repo -Environment production -Verify |
        Invoke-JobFinderDeployment -RepositoryPath $repo -Environment production -StagingSmoke $stagingSmoke -TrafficSteps 10, 50, 100 -BakeTime 00:00:04 -Confirm:$false
    Show $good
    Show $good.Steps
    Assert-That ($good.Outcome -eq 'Succeeded') 'the canary passed every step and LATEST serves 100%'
    Show ($good | Test-JobFinderSmoke)

    Write-Section '6. Release 3 is bad (a code change that fails a third of health calls): rolled back automatically'
    Add-Regression $repo
    Use-Stage staging
    $stagingSmoke = Invoke-JobFinderDeployment -RepositoryPath $repo -Environment staging -NewBackup -Confirm:$false | Test-JobFinderSmoke
    Use-Stage production
    $bad = Backup-JobFinderProduction -RepositoryPath $repo -Environment production -Verify |
        Invoke-JobFinderDeployment -RepositoryPath $repo -Environment production -StagingSmoke $stagingSmoke -TrafficSteps 10, 50, 100 -BakeTime 00:00:04 -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable rolledBack
    if (-not $bad) { $bad = Get-JobFinderDeployment -RepositoryPath $repo -Environment production -Newest 1 }
    Show $bad
    Show @($bad.Verdicts)
    Assert-That ($bad.Outcome -eq 'RolledBack') "the canary analysis rolled the release back: $($bad.Reason)"
    # Which check caught it: the first failing verdict (metrics from Cloud Monitoring, or the smoke check).
    $caught = @($bad.Verdicts | Where-Object Decision -NE 'Pass') | Select-Object -First 1
    if ($caught) { Write-Host "  caught by: the canary verdict of $($caught.FunctionId) at $($caught.CanaryPercent)% ($($caught.RealRequests) real requests$(if ($caught.ProbesUsed) { " + $($caught.ProbeCount) probes" }), from Cloud Monitoring): $($caught.Reason)" }
    else { Write-Host "  caught by: $($bad.Reason)" }
    Show (Test-JobFinderSmoke -RepositoryPath $repo -Environment production)

    if ($traffic) {
        $users = Receive-Job -Job $traffic -Wait -AutoRemoveJob
        Write-Host ("  live user traffic during releases 2 and 3: {0} requests, {1} failed (only the bad canary's share can fail)" -f $users.Sent, $users.Failed)
        $traffic = $null
    }

    Write-Section '7. History (Get-JobFinderDeployment) and the report (Export-JobFinderDeploymentReport)'
    Show (Get-JobFinderDeployment -RepositoryPath $repo -Environment production -Newest 5)
    $report = Export-JobFinderDeploymentReport -InputObject $bad -Path (Join-Path $work.FullName 'deployment-report.html')
    Write-Host "  report: $(if ($report -is [IO.FileInfo]) { $report.FullName } else { Join-Path $work.FullName 'deployment-report.html' })"

    Write-Section ("Done in {0:0} s" -f $clock.Elapsed.TotalSeconds)
}
finally {
    if ($traffic) { Stop-Job -Job $traffic -ErrorAction Ignore; Remove-Job -Job $traffic -Force -ErrorAction Ignore }
    if ($emulator) { Stop-JobFinderEmulator }
}
