# Helpers shared by the reliability Pester files: a tiny backend on the emulator's staging project, its
# releases, its journal, and a child pwsh that runs the module (for kills).

function New-TinyBackend {
    # Functions on the emulator's health entry point, optionally Firestore rules; every release changes
    # the code (and the rules) so each deployment has work to do.
    param(
        [Parameter(Mandatory)] [string] $Root,
        [Parameter(Mandatory)] [string[]] $FunctionId,
        [string] $Settings = '{ "rollout": { "strategy": "Custom", "trafficSteps": [10, 100], "bakeTime": "200ms" }, "analysis": { "minRequests": 10, "probeCount": 30, "maxBakeExtensions": 0 }, "backup": { "bucket": "gs://jobfinder-staging-backups" } }',
        [switch] $WithRules
    )
    New-Item -ItemType Directory -Force -Path (Join-Path $Root 'functions') | Out-Null
    $firebase = if ($WithRules) { '{ "functions": { "source": "functions", "runtime": "nodejs20" }, "firestore": { "rules": "firestore.rules" } }' } else { '{ "functions": { "source": "functions", "runtime": "nodejs20" } }' }
    Set-Content (Join-Path $Root 'firebase.json') $firebase
    Set-Content (Join-Path $Root '.firebaserc') '{ "projects": { "default": "jobfinder-staging", "staging": "jobfinder-staging" } }'
    Set-Content (Join-Path $Root 'jobfinder.ops.json') $Settings
    Set-Content (Join-Path $Root 'functions/functions.yaml') ("specVersion: v1alpha1`nendpoints:`n" + (($FunctionId | ForEach-Object { "  ${_}:`n    entryPoint: health`n    httpsTrigger: {}`n" }) -join ''))
    $script:TinyRelease = 0
    Set-TinyRelease -Root $Root
    return $Root
}

function Set-TinyRelease {
    # The next release: new code, new rules (when the backend has rules), and with -Bad revisions that
    # answer every request with 500.
    param([Parameter(Mandatory)] [string] $Root, [switch] $Bad)
    $script:TinyRelease++
    Set-Content (Join-Path $Root 'functions/index.js') "// release $($script:TinyRelease)`nexports.health = (req, res) => res.json({ status: 'healthy' });"
    if ((Get-Content -Raw (Join-Path $Root 'firebase.json')) -match 'firestore') {
        Set-Content (Join-Path $Root 'firestore.rules') "rules_version = '2';`nservice cloud.firestore {`n  match /databases/{database}/documents {`n    match /release$($script:TinyRelease)/{doc} {`n      allow read: if true;`n    }`n  }`n}`n"
    }
    Set-Content (Join-Path $Root 'functions/.env.staging') $(if ($Bad) { 'EMULATOR_FAULT_ERROR_RATE=1' } else { 'RELEASE=ok' })
}

function Get-JournalFile {
    # The first journal file of the backend that is not in -Known (the deployment started since).
    param([Parameter(Mandatory)] [string] $Root, [string[]] $Known = @())
    Get-ChildItem (Join-Path $Root '.jobfinder/deployments') -Filter *.json -ErrorAction Ignore | Where-Object Name -NotIn $Known | Select-Object -First 1
}

function Test-JournalStep {
    # True when the journal file has a step of that kind in that state.
    param($File, [Parameter(Mandatory)] [string] $Kind, [string] $State = 'Started')
    if (-not $File) { return $false }
    $record = Get-Content -Raw $File.FullName | ConvertFrom-Json
    return [bool] @($record.steps | Where-Object { $_.kind -eq $Kind -and $_.state -eq $State })
}

function Wait-Condition {
    # Polls a condition (journal files, request logs): deterministic, no sleep tuned to the machine.
    param([Parameter(Mandatory)] [scriptblock] $Condition, [Parameter(Mandatory)] [string] $What, [int] $TimeoutSeconds = 90)
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
    while (-not (& $Condition)) {
        if ([DateTime]::UtcNow -gt $deadline) { throw "Timed out waiting for $What." }
        Start-Sleep -Milliseconds 50
    }
}

function Start-ModuleProcess {
    # A child pwsh that imports the module under test, connects to the emulator and runs -Command;
    # returns the Process so a test can kill it.
    param([Parameter(Mandatory)] [string] $Command, [Parameter(Mandatory)] $Emulator, [Parameter(Mandatory)] [string] $LogPrefix)
    $script = @"
Import-Module '$(Join-Path $env:JOBFINDER_MODULE_PATH 'JobFinder.Ops.psd1')'
Connect-JobFinderProject -KeyFile '$($Emulator.KeyFilePath)' -EmulatorHost '$($Emulator.EmulatorHost)' | Out-Null
$Command
"@
    $pwsh = [Environment]::ProcessPath
    $arguments = @()
    if ([IO.Path]::GetFileNameWithoutExtension($pwsh) -eq 'dotnet') { $arguments += [System.Reflection.Assembly]::GetEntryAssembly().Location }
    $arguments += @('-NoProfile', '-NonInteractive', '-EncodedCommand', [Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes($script)))
    Start-Process -FilePath $pwsh -ArgumentList $arguments -PassThru -RedirectStandardOutput "$LogPrefix.out" -RedirectStandardError "$LogPrefix.err"
}

function Get-ServiceTraffic {
    # The Cloud Run traffic of a function's service, as the Run API reports it.
    param([Parameter(Mandatory)] [string] $FunctionId)
    @((Invoke-RestMethod -Uri "http://$($env:JOBFINDER_EMULATOR_HOST)/v2/projects/jobfinder-staging/locations/us-central1/services/$($FunctionId.ToLowerInvariant())" -Headers @{ Authorization = 'Bearer owner' }).traffic)
}

Export-ModuleMember -Function New-TinyBackend, Set-TinyRelease, Get-JournalFile, Test-JournalStep, Wait-Condition, Start-ModuleProcess, Get-ServiceTraffic
