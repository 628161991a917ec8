#Requires -Version 7.6
<#
.SYNOPSIS
    Measures what JobFinder.Ops adds to PowerShell start-up: Import-Module, and the first command
    that loads the engine into its AssemblyLoadContext.

.DESCRIPTION
    Starts fresh pwsh processes (the same pwsh that runs this script) and compares the median wall
    time of: a bare `exit`; `Import-Module JobFinder.Ops; exit`; and import plus the first
    Get-JobFinderProject on the example backend. Writes the figures as JSON. Goal: Import-Module
    under 0.3 s over bare pwsh.

.EXAMPLE
    pwsh -File bench/Measure-ImportModule.ps1 -ModulePath out/JobFinder.Ops/0.1.0 -OutputPath out/bench/import-module.json
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $OutputPath,
    [ValidateRange(3, 50)] [int] $Runs = 9
)

$ErrorActionPreference = 'Stop'
$manifest = Join-Path (Resolve-Path $ModulePath).Path 'JobFinder.Ops.psd1'
$example = Join-Path $PSScriptRoot '../examples/job-finder-be'
$process = [Environment]::ProcessPath
$prefix = @()
if ([IO.Path]::GetFileNameWithoutExtension($process) -eq 'dotnet') { $prefix = @([Reflection.Assembly]::GetEntryAssembly().Location) }

function Measure-Median([string] $Command) {
    $times = foreach ($i in 1..$Runs) {
        $clock = [Diagnostics.Stopwatch]::StartNew()
        & $process @prefix -NoProfile -NonInteractive -Command $Command | Out-Null
        if ($LASTEXITCODE -ne 0) { throw "'$Command' failed with exit code $LASTEXITCODE" }
        $clock.Elapsed.TotalSeconds
    }
    $sorted = $times | Sort-Object
    return $sorted[[int][math]::Floor($sorted.Count / 2)]
}

Measure-Median 'exit' | Out-Null   # warm the file cache
$bare = Measure-Median 'exit'
$import = Measure-Median "Import-Module '$manifest'; exit"
$first = Measure-Median "Import-Module '$manifest'; `$null = Get-JobFinderProject -RepositoryPath '$example' -Environment production; exit"

$figures = [ordered]@{
    runs = $Runs
    bareStartSeconds = [math]::Round($bare, 3)
    importStartSeconds = [math]::Round($import, 3)
    importAddedSeconds = [math]::Round($import - $bare, 3)
    importPlusFirstCommandAddedSeconds = [math]::Round($first - $bare, 3)
    goalImportAddedSeconds = 0.3
}
[ordered]@{ name = 'import-module'; description = 'Import-Module JobFinder.Ops over bare pwsh start (median)'; figures = $figures } |
    ConvertTo-Json -Depth 4 | Set-Content -Path $OutputPath
$figures.GetEnumerator() | ForEach-Object { '   {0,-40} {1}' -f $_.Key, $_.Value }
