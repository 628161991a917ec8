<#
.SYNOPSIS
    firebase-tools as the oracle (issue #16 item 4): deploys the example with real `firebase deploy` into one
    emulator project and with Invoke-JobFinderDeployment into another, then compares every function, Run
    service, invoker policy, Scheduler job, Tasks queue, Eventarc trigger, rules release and index on the
    fields Google acts on. Differences listed in docs/DEPLOYMENT.md ("Allowed differences") are reported as
    allowed; any other difference fails. Run by `build.ps1 -Task Conformance` in a fresh pwsh.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $FirebaseTools,
    [Parameter(Mandatory)] [string] $RepositoryPath,
    [Parameter(Mandatory)] [string] $AllowedDifferencesPath,
    [Parameter(Mandatory)] [string] $WorkPath,
    [string] $ReportPath
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
Import-Module (Join-Path $PSScriptRoot 'Conformance.psm1') -Force
Import-Module (Join-Path $ModulePath 'JobFinder.Ops.psd1')

$theirs = 'conformance-firebase'
$ours = 'conformance-jobfinder'
$clock = [Diagnostics.Stopwatch]::StartNew()
if (Test-Path $WorkPath) { Remove-Item -Recurse -Force $WorkPath }
if ($ReportPath) { Remove-Item -Force -ErrorAction Ignore -LiteralPath $ReportPath }
New-Item -ItemType Directory -Force -Path $WorkPath | Out-Null

$emulator = Start-JobFinderEmulator -ProjectId $theirs, $ours
try {
    $api = "http://$($emulator.EmulatorHost)"
    # Each emulated project has its own web API key (as in Firebase); our smoke checks sign in with the key
    # of the project they deploy to.
    $env:JOBFINDER_API_KEY = (Invoke-RestMethod -Uri "$api/_emulator/info").apiKeys.$ours
    $repo = Copy-ConformanceRepository -Path $RepositoryPath -Destination (Join-Path $WorkPath 'repo')

    # The secrets the source declares exist in both projects before either deploys (firebase deploy refuses
    # a missing secret in non-interactive mode; so does our deployment).
    foreach ($project in $theirs, $ours) { New-ConformanceSecret -Api $api -Project $project -Repository $repo }

    Write-Host "firebase deploy --only functions,firestore,storage --project $theirs"
    $firebase = Invoke-FirebaseDeploy -FirebaseTools $FirebaseTools -Repository $repo -Project $theirs -Port ([int]($emulator.EmulatorHost -split ':')[-1]) -WorkPath $WorkPath
    Write-Host ("  exit {0} in {1:n1} s; log {2}" -f $firebase.ExitCode, $firebase.Seconds, $firebase.LogPath)

    Write-Host "Invoke-JobFinderDeployment -Environment $ours -Strategy AllAtOnce"
    $started = $clock.Elapsed
    $ourError = $null
    try {
        # AllAtOnce: firebase deploy moves all traffic to each new function at once, so does this rollout.
        Invoke-JobFinderDeployment -RepositoryPath $repo -Environment $ours -Strategy AllAtOnce -SkipBackup -Confirm:$false -ErrorAction Stop | Out-Null
    }
    catch { $ourError = $_ }
    Write-Host ("  {0} in {1:n1} s" -f ($(if ($ourError) { "failed: $ourError" } else { 'succeeded' })), ($clock.Elapsed - $started).TotalSeconds)

    $left = Read-DeployedResources -Api $api -Project $theirs
    $right = Read-DeployedResources -Api $api -Project $ours
    $allowed = Read-AllowedDifferences -Path $AllowedDifferencesPath
    $result = Compare-DeployedResources -FirebaseTools $left -JobFinder $right -Allowed $allowed -Projects @{ $theirs = '<project>'; $ours = '<project>' }

    $lines = [Collections.Generic.List[string]]::new()
    $lines.Add("Conformance: firebase-tools $($firebase.Version) ($theirs) vs Invoke-JobFinderDeployment ($ours)")
    if ($firebase.ExitCode -ne 0) { $lines.Add("FAILED  firebase deploy exited $($firebase.ExitCode): $($firebase.Error)") }
    if ($ourError) { $lines.Add("FAILED  Invoke-JobFinderDeployment: $ourError") }
    # What was compared, per kind (firebase-tools / ours): an equal report is only as good as what it covered.
    $kinds = @($left.Resources.Keys) + @($right.Resources.Keys) | ForEach-Object { ($_ -split '/')[0] } | Sort-Object -Unique
    $lines.Add('Compared: ' + (@($kinds | ForEach-Object { $k = $_; '{0} {1}/{2}' -f $k, @($left.Resources.Keys | Where-Object { $_ -like "$k/*" }).Count, @($right.Resources.Keys | Where-Object { $_ -like "$k/*" }).Count }) -join ', '))
    foreach ($line in Format-ConformanceReport -Result $result) { $lines.Add($line) }
    $failed = $firebase.ExitCode -ne 0 -or $ourError -or @($result | Where-Object Verdict -in 'Unlisted', 'NotCompared').Count -gt 0
    $lines.Add(("{0} in {1:n0} s" -f $(if ($failed) { 'Conformance FAILED' } else { 'Conformance passed' }), $clock.Elapsed.TotalSeconds))
    $lines | ForEach-Object { Write-Host $_ }
    if ($ReportPath) { $lines | Set-Content -Path $ReportPath }
    if ($failed) { exit 1 }
}
finally {
    Stop-JobFinderEmulator | Out-Null
}
