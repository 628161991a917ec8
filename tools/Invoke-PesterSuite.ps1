#Requires -Version 7.6
<#
.SYNOPSIS
    Runs the Pester suite against the built module (build.ps1 starts this in a fresh pwsh).

.DESCRIPTION
    The tests import the module from $env:JOBFINDER_MODULE_PATH (the layout folder), never from the
    source tree, so they test exactly what ships. Writes JUnit XML and a small JSON summary that
    build.ps1 adds to the xunit totals.

.EXAMPLE
    pwsh -File tools/Invoke-PesterSuite.ps1 -PesterManifest ~/.nuget/packages/pester/5.7.1/tools/Pester.psd1 -ModulePath out/JobFinder.Ops/0.1.0 -ResultPath out/test-results/pester-1.junit.xml -SummaryPath out/test-results/pester-1.summary.json -TestPath tests/Pester
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $PesterManifest,
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $ResultPath,
    [Parameter(Mandatory)] [string] $SummaryPath,
    [Parameter(Mandatory)] [string] $TestPath
)

$ErrorActionPreference = 'Stop'
Import-Module $PesterManifest -Force
$env:JOBFINDER_MODULE_PATH = (Resolve-Path $ModulePath).Path

$configuration = New-PesterConfiguration
$configuration.Run.Path = @($TestPath -split [IO.Path]::PathSeparator)
$configuration.Run.PassThru = $true
$configuration.Output.Verbosity = 'Normal'
$configuration.TestResult.Enabled = $true
$configuration.TestResult.OutputFormat = 'JUnitXml'
$configuration.TestResult.OutputPath = $ResultPath
$configuration.Should.ErrorAction = 'Stop'

try {
    $result = Invoke-Pester -Configuration $configuration
}
finally {
    # The suite shares one emulator process (tests/Pester/TestHelpers.psm1 Start-TestEmulator).
    if ($global:JobFinderTestEmulator) {
        Get-Process -Id $global:JobFinderTestEmulator.ProcessId -ErrorAction Ignore | Stop-Process -Force -ErrorAction Ignore
    }
}
$failed = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
[ordered]@{
    Passed = $result.PassedCount
    Failed = $failed
    Skipped = $result.SkippedCount + $result.NotRunCount
} | ConvertTo-Json | Set-Content -Path $SummaryPath
if ($failed -gt 0) { exit 1 }
exit 0
