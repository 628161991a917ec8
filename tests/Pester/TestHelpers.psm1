# Shared helpers for the Pester suite. Every test file imports the BUILT module from
# $env:JOBFINDER_MODULE_PATH (set by tools/Invoke-PesterSuite.ps1), never the source tree.

function Get-ModuleUnderTestPath {
    if (-not $env:JOBFINDER_MODULE_PATH) {
        throw 'JOBFINDER_MODULE_PATH is not set: run the suite with ./build.ps1 -Task Test -Suite Pester.'
    }
    return (Join-Path $env:JOBFINDER_MODULE_PATH 'JobFinder.Ops.psd1')
}

function Import-ModuleUnderTest {
    # Imported once per run: a forced re-import would run the module's OnRemove, which stops the
    # emulator the session started (possibly the shared test emulator).
    if (-not (Get-Module -Name JobFinder.Ops)) {
        Import-Module (Get-ModuleUnderTestPath) -Global
    }
}

function Get-RepositoryRoot {
    return (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
}

function Get-ExamplePath {
    return (Join-Path (Get-RepositoryRoot) 'examples/job-finder-be')
}

function Copy-Example {
    # A private copy of the example backend that a test may break on purpose.
    param([Parameter(Mandatory)] [string] $Destination)
    return Copy-Repository -Path (Get-ExamplePath) -Destination $Destination
}

function Copy-Repository {
    # Copies a repository folder; a linked node_modules (build.ps1 links it into out/npm) is linked
    # again rather than copied (Copy-Item would copy the whole install through the link).
    param([Parameter(Mandatory)] [string] $Path, [Parameter(Mandatory)] [string] $Destination)
    $source = (Resolve-Path $Path).Path
    New-Item -ItemType Directory -Force -Path $Destination | Out-Null
    $target = (Resolve-Path $Destination).Path
    foreach ($item in Get-ChildItem -Force -Path $source) {
        if ($item.LinkType) {
            New-Item -ItemType SymbolicLink -Path (Join-Path $target $item.Name) -Target $item.ResolveLinkTarget($true).FullName | Out-Null
        }
        elseif ($item.PSIsContainer) {
            Copy-Repository -Path $item.FullName -Destination (Join-Path $target $item.Name) | Out-Null
        }
        else {
            Copy-Item -LiteralPath $item.FullName -Destination $target
        }
    }
    return $target
}

function Invoke-FreshPwsh {
    # Runs a script's text in a new pwsh process and returns its exit code and output lines; used
    # where a test needs a clean process (assembly loading, -NonInteractive behaviour, kills).
    param([Parameter(Mandatory)] [string] $Script, [switch] $NonInteractive)
    $process = [Environment]::ProcessPath
    $entry = [System.Reflection.Assembly]::GetEntryAssembly().Location
    $arguments = @()
    if ([IO.Path]::GetFileNameWithoutExtension($process) -eq 'dotnet') { $arguments += $entry }
    $arguments += '-NoProfile'
    if ($NonInteractive) { $arguments += '-NonInteractive' }
    $encoded = [Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes($Script))
    $arguments += @('-EncodedCommand', $encoded)
    $output = & $process @arguments 2>&1
    return [pscustomobject]@{ ExitCode = $LASTEXITCODE; Output = @($output | ForEach-Object { "$_" }) }
}

Export-ModuleMember -Function Get-ModuleUnderTestPath, Import-ModuleUnderTest, Get-RepositoryRoot, Get-ExamplePath, Copy-Example, Copy-Repository, Invoke-FreshPwsh

# --- Emulator admin API (docs/design/emulator-contract.md) -----------------------------------------

function Invoke-TestEmulatorAdmin {
    # Calls /_emulator/<Path> on the emulator this session started (JOBFINDER_EMULATOR_HOST).
    param(
        [Parameter(Mandatory)] [string] $Path,
        [string] $Method = 'GET',
        [object] $Body
    )
    $uri = "http://$($env:JOBFINDER_EMULATOR_HOST)/_emulator/$Path"
    $arguments = @{ Uri = $uri; Method = $Method }
    if ($null -ne $Body) { $arguments.Body = ($Body | ConvertTo-Json -Depth 10); $arguments.ContentType = 'application/json' }
    Invoke-RestMethod @arguments
}

function Get-TestEmulatorRequest {
    # The API requests the emulator served since the last Clear-TestEmulatorRequest.
    param([switch] $Mutating)
    $requests = @((Invoke-TestEmulatorAdmin -Path 'requests').requests)
    if ($Mutating) { $requests = @($requests | Where-Object mutating) }
    return $requests
}

function Clear-TestEmulatorRequest {
    Invoke-TestEmulatorAdmin -Path 'requests' -Method DELETE | Out-Null
}

function Set-TestEmulatorFault {
    # Transient HTTP faults on one API ('*' for all); Clear-TestEmulatorFault removes them.
    param([string] $Api = '*', [double] $Rate = 0.3, [int[]] $Code = @(429, 503), [int] $RetryAfterSeconds = 0)
    Invoke-TestEmulatorAdmin -Path 'faults' -Method POST -Body @{ api = $Api; rate = $Rate; codes = $Code; retryAfterSeconds = $RetryAfterSeconds } | Out-Null
}

function Clear-TestEmulatorFault {
    Invoke-TestEmulatorAdmin -Path 'faults' -Method DELETE | Out-Null
}

function Start-TestEmulator {
    # One emulator process serves the whole Pester run (starting one per file would cost seconds
    # each): the first call starts it, later calls reset it to the seeded state, clear faults and
    # the request log, and reconnect the session to it. Tests that need their own emulator (a data
    # path, strict mode) call Start-JobFinderEmulator themselves.
    $shared = $global:JobFinderTestEmulator
    $alive = $false
    if ($shared -and (Get-Process -Id $shared.ProcessId -ErrorAction Ignore)) {
        # Alive means answering, not only a process id (it may be shutting down).
        try { Invoke-RestMethod -Uri "$($shared.Address)_emulator/info" -TimeoutSec 5 | Out-Null; $alive = $true } catch { $alive = $false }
    }
    if ($alive) {
        $env:JOBFINDER_EMULATOR_HOST = $shared.EmulatorHost
        Invoke-TestEmulatorAdmin -Path 'reset' -Method POST | Out-Null
        Clear-TestEmulatorFault
        Clear-TestEmulatorRequest
        Connect-JobFinderProject -KeyFile $shared.KeyFilePath -EmulatorHost $shared.EmulatorHost | Out-Null
        return $shared
    }
    $global:JobFinderTestEmulator = Start-JobFinderEmulator
    return $global:JobFinderTestEmulator
}

function Stop-TestEmulator {
    # Leaves the shared emulator running for the next file but takes away anything a test injected.
    if ($global:JobFinderTestEmulator -and (Get-Process -Id $global:JobFinderTestEmulator.ProcessId -ErrorAction Ignore)) {
        $env:JOBFINDER_EMULATOR_HOST = $global:JobFinderTestEmulator.EmulatorHost
        Clear-TestEmulatorFault
    }
}

Export-ModuleMember -Function Invoke-TestEmulatorAdmin, Get-TestEmulatorRequest, Clear-TestEmulatorRequest, Set-TestEmulatorFault, Clear-TestEmulatorFault, Start-TestEmulator, Stop-TestEmulator
