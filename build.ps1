#Requires -Version 7.6
<#
.SYNOPSIS
    Builds, tests, demonstrates, benchmarks and packages JobFinder.Ops.

.DESCRIPTION
    Needs only the .NET SDK: pwsh comes from the local tool manifest (.config/dotnet-tools.json) and
    Pester from the Pester NuGet package. Every task that needs the module builds it first and lays it
    out under out/JobFinder.Ops/<version>/ from an explicit file list.

    Tasks:
      Build        (default) publish the cmdlets, engine and emulator; lay out the module; generate help.
      Test         Build, then the xunit suites, the Pester suite (in a fresh pwsh) and, where Chromium
                   is installed, the browser check; results under out/test-results/; ends with one line
                   "N passed, M failed"; non-zero exit on failure.
      Demo         Build, then run the deployment day against the emulator (tools/Demo.ps1).
      Bench        Build, then every benchmark; figures in out/bench/*.json and out/bench/summary.md.
      Package      Build, then out/package/JobFinder.Ops.<version>.nupkg (Install-PSResource can use it).
      BrowserTest  Build, then render a deployment report in headless Chromium (needs Debian chromium).
      Conformance  Build, then deploy the example with the pinned firebase-tools and with
                   Invoke-JobFinderDeployment into one emulator and compare every resource; fails on a
                   difference docs/DEPLOYMENT.md does not list (report: out/conformance/report.txt).
      Clean        Remove out/ and every bin/ and obj/ folder.

.EXAMPLE
    dotnet tool restore && dotnet pwsh ./build.ps1 -Task Demo

.EXAMPLE
    dotnet tool restore && dotnet pwsh ./build.ps1 -Task Test

.EXAMPLE
    dotnet pwsh ./build.ps1 -Task Test -Suite Pester -PesterPath tests/Pester/Get-JobFinderProject.Tests.ps1
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Demo', 'Bench', 'Package', 'BrowserTest', 'Conformance', 'Clean')]
    [string] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    # Which test suites the Test task runs (All includes the browser check when Chromium is there).
    [ValidateSet('All', 'Unit', 'Pester', 'Browser')]
    [string] $Suite = 'All',

    # Limits the Pester run to these files or folders (default: tests/Pester).
    [string[]] $PesterPath,

    # Passed to dotnet test --filter for the xunit suites.
    [string] $UnitFilter,

    # How many processes the Pester files are dealt into (the xunit projects run beside them).
    [ValidateRange(1, 8)]
    [int] $PesterShards = 3,

    # Limits the Bench task to these scenario names.
    [string[]] $BenchName,

    # Where everything is written (default: out/). A separate root per engineer lets several builds
    # run side by side in one working tree; dotnet's obj/bin go under <OutputRoot>/artifacts then.
    [string] $OutputRoot
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
# Plain text in logs (CI reads them as text); child pwsh processes inherit NO_COLOR.
$PSStyle.OutputRendering = 'PlainText'
$env:NO_COLOR = '1'

$Root = $PSScriptRoot
$Out = if ($OutputRoot) { [IO.Path]::GetFullPath($OutputRoot, $Root) } else { Join-Path $Root 'out' }
# With a custom output root, dotnet's intermediate files go there too (no shared obj/ folders).
$ArtifactsArguments = if ($OutputRoot) { @('--artifacts-path', (Join-Path $Out 'artifacts')) } else { @() }
$ModuleName = 'JobFinder.Ops'
$PesterVersion = '5.7.1'

# Engine dependencies that ship in Dependencies/ (loaded into the module's own AssemblyLoadContext).
# The build fails if one is missing from the publish output or if an unknown dll appears, so a new
# package is a deliberate decision, never an accident.
$DependencyAllowList = @(
    'JobFinder.Ops.dll',
    'Google.Apis.Auth.dll',
    'Google.Apis.Core.dll',
    'Google.Apis.dll',
    'YamlDotNet.dll',
    'Polly.Core.dll',
    'System.IO.Hashing.dll'
)
# Already in every PowerShell 7.6 process: never shipped (CONVENTIONS §10 item 14).
$ProvidedByPowerShell = @(
    'Newtonsoft.Json.dll',
    'System.Management.dll',
    'System.CodeDom.dll',
    'System.Management.Automation.dll'
)

function Invoke-Native {
    # Runs a native command and throws when it fails ($LASTEXITCODE is checked after every call).
    param(
        [Parameter(Mandatory)] [string] $FilePath,
        [string[]] $ArgumentList = @(),
        [switch] $AllowFailure
    )
    Write-Verbose "> $FilePath $($ArgumentList -join ' ')"
    # Native output goes to the host, so the only pipeline output of this function is the exit code.
    & $FilePath @ArgumentList | Out-Host
    $code = $LASTEXITCODE
    if ($code -ne 0 -and -not $AllowFailure) {
        throw "'$FilePath $($ArgumentList -join ' ')' failed with exit code $code."
    }
    return $code
}

function Get-ModuleVersion {
    (Import-PowerShellDataFile -Path (Join-Path $Root "$ModuleName.psd1")).ModuleVersion
}

function Get-FreshPwsh {
    # The pwsh that runs this script may be 'dotnet pwsh' (the local tool): then the process is the
    # dotnet host and the entry assembly is pwsh.dll. Either way, return how to start another one.
    $process = [Environment]::ProcessPath
    $entry = [System.Reflection.Assembly]::GetEntryAssembly().Location
    if ([IO.Path]::GetFileNameWithoutExtension($process) -eq 'dotnet') {
        return @($process, $entry)
    }
    return @($process)
}

function Invoke-FreshPwsh {
    # Runs a script file in a new pwsh process (a loaded binary module cannot be unloaded, so tests,
    # help generation and the demo never run in this one).
    param([Parameter(Mandatory)] [string] $File, [string[]] $ArgumentList = @(), [switch] $AllowFailure)
    $pwsh = Get-FreshPwsh
    $exe = $pwsh[0]
    $prefix = @($pwsh | Select-Object -Skip 1)
    Invoke-Native -FilePath $exe -ArgumentList ($prefix + @('-NoProfile', '-NonInteractive', '-File', $File) + $ArgumentList) -AllowFailure:$AllowFailure
}

function Get-NuGetPackageRoot {
    if ($env:NUGET_PACKAGES) { return $env:NUGET_PACKAGES }
    $line = & dotnet nuget locals global-packages --list
    if ($LASTEXITCODE -ne 0) { throw 'dotnet nuget locals failed.' }
    return ($line -replace '^global-packages:\s*', '').Trim()
}

function Get-PesterManifest {
    Invoke-Native dotnet @('restore', (Join-Path $Root 'tools/restore/Restore.csproj'), '--nologo', '-v', 'q') | Out-Null
    $manifest = Join-Path (Get-NuGetPackageRoot) "pester/$PesterVersion/tools/Pester.psd1"
    if (-not (Test-Path $manifest)) { throw "Pester $PesterVersion was restored but $manifest is missing." }
    return $manifest
}

function Install-NodeDependencies {
    # `npm ci` for a folder with a package-lock.json, once per lock file: the install lives in
    # <out>/npm/<name>-<hash of the lock file>/node_modules and the folder's node_modules is a link to
    # it, so a rebuild, a Clean of bin/obj or another worktree's build reuses it. A node_modules folder
    # the user installed by hand is left alone. Node.js and npm are what every Functions project needs.
    param([Parameter(Mandatory)] [string] $Folder, [Parameter(Mandatory)] [string] $Name)
    $lock = Join-Path $Folder 'package-lock.json'
    $hash = (Get-FileHash -Algorithm SHA256 $lock).Hash.Substring(0, 16).ToLowerInvariant()
    $cache = Join-Path $Out "npm/$Name-$hash"
    $modules = Join-Path $cache 'node_modules'
    $stamp = Join-Path $cache 'installed.stamp'
    if (-not (Test-Path $stamp)) {
        if (-not (Get-Command npm -ErrorAction SilentlyContinue)) {
            throw "npm is not on PATH: install Node.js 20 (it brings npm); $Folder needs its dependencies installed."
        }
        Write-Host "npm ci for $Name (first build with this package-lock.json)"
        if (Test-Path $cache) { Remove-Item -Recurse -Force $cache }
        New-Item -ItemType Directory -Force -Path $cache | Out-Null
        Copy-Item (Join-Path $Folder 'package.json'), $lock $cache
        Push-Location $cache
        try { Invoke-Native npm @('ci', '--no-audit', '--no-fund', '--loglevel=error') | Out-Null }
        finally { Pop-Location }
        Set-Content -Path $stamp -Value (Get-Date -Format o)
    }
    $link = Join-Path $Folder 'node_modules'
    $item = Get-Item -Force $link -ErrorAction SilentlyContinue
    if ($item -and -not $item.LinkType) { return $link }
    if ($item -and $item.Target -eq $modules) { return $modules }
    if ($item) { $item.Delete() }
    $type = if ($IsWindows) { 'Junction' } else { 'SymbolicLink' }
    New-Item -ItemType $type -Path $link -Target $modules | Out-Null
    return $modules
}

function Install-ExampleDependencies {
    # The example's functions are discovered by loading index.js with its firebase-functions SDK, and the
    # discovery tests lay out codebases that link to one shared install (with firebase-tools as oracle).
    Install-NodeDependencies -Folder (Join-Path $Root 'examples/job-finder-be/functions') -Name 'job-finder-be' | Out-Null
    Install-NodeDependencies -Folder (Join-Path $Root 'tests/Fixtures/NodeCodebases') -Name 'node-fixtures' | Out-Null
}

function Install-WorkerRuntime {
    # The emulator runs each revision's code under the Functions Framework; it installs that once per
    # machine into its worker cache. Doing it at build time keeps the first deploy of a test run (and an
    # offline machine) from waiting on the registry. A no-op when the cache has it.
    param([Parameter(Mandatory)] [string] $Emulator)
    Invoke-Native dotnet @($Emulator, '--prepare-runtime') | Out-Null
}

function Get-LayoutPath {
    Join-Path $Out "$ModuleName/$(Get-ModuleVersion)"
}

function Invoke-Build {
    $version = Get-ModuleVersion
    $publish = Join-Path $Out 'publish'
    Write-Host "Building $ModuleName $version ($Configuration)"

    $common = @('--nologo', '-c', $Configuration, "-p:Version=$version", '-v', 'q') + $ArtifactsArguments
    Invoke-Native dotnet (@('publish', (Join-Path $Root 'src/JobFinder.Ops.Cmdlets/JobFinder.Ops.Cmdlets.csproj'), '-o', (Join-Path $publish 'cmdlets')) + $common) | Out-Null
    Invoke-Native dotnet (@('publish', (Join-Path $Root 'src/JobFinder.Ops.Emulator/JobFinder.Ops.Emulator.csproj'), '-o', (Join-Path $publish 'emulator')) + $common) | Out-Null

    $layout = Get-LayoutPath
    if (Test-Path $layout) { Remove-Item -Recurse -Force $layout }
    $dependencies = New-Item -ItemType Directory -Force -Path (Join-Path $layout 'Dependencies')
    New-Item -ItemType Directory -Force -Path (Join-Path $layout 'en-US') | Out-Null

    $cmdletsOut = Join-Path $publish 'cmdlets'
    Copy-Item (Join-Path $cmdletsOut 'JobFinder.Ops.Cmdlets.dll') $layout
    foreach ($dll in $DependencyAllowList) {
        $source = Join-Path $cmdletsOut $dll
        if (-not (Test-Path $source)) { throw "Dependency $dll is on the allow-list but missing from the publish output." }
        Copy-Item $source $dependencies
    }
    $known = @('JobFinder.Ops.Cmdlets.dll') + $DependencyAllowList + $ProvidedByPowerShell
    $unknown = Get-ChildItem $cmdletsOut -Filter *.dll | Where-Object Name -NotIn $known
    if ($unknown) {
        throw "Unexpected assemblies in the publish output: $($unknown.Name -join ', '). Add each to `$DependencyAllowList (ships in Dependencies/) or `$ProvidedByPowerShell in build.ps1."
    }
    if ($Configuration -eq 'Debug') {
        Copy-Item (Join-Path $cmdletsOut 'JobFinder.Ops.Cmdlets.pdb') $layout
        Copy-Item (Join-Path $cmdletsOut 'JobFinder.Ops.pdb') $dependencies
    }

    # The emulator is a separate program (Start-JobFinderEmulator runs it): ship its whole publish output.
    Copy-Item -Recurse (Join-Path $publish 'emulator') (Join-Path $layout 'Emulator')

    Copy-Item (Join-Path $Root "$ModuleName.psd1") $layout
    Copy-Item (Join-Path $Root "module/$ModuleName.psm1") $layout
    Merge-FormatFiles -Destination (Join-Path $layout "$ModuleName.Format.ps1xml")
    Copy-Item (Join-Path $Root 'module/en-US/*.txt') (Join-Path $layout 'en-US')

    # MAML help, generated from the help documents in docs/help/<cmdlet>.md (platyPS's shape).
    Invoke-FreshPwsh -File (Join-Path $Root 'tools/New-MamlHelp.ps1') -ArgumentList @(
        '-ModulePath', $layout,
        '-HelpPath', (Join-Path $Root 'docs/help'),
        '-OutputPath', (Join-Path $layout 'en-US/JobFinder.Ops.Cmdlets.dll-Help.xml')) | Out-Null

    Install-ExampleDependencies
    Install-WorkerRuntime -Emulator (Join-Path $layout 'Emulator/JobFinder.Ops.Emulator.dll')
    Write-Host "Module laid out at $layout"
    return $layout
}

function Merge-FormatFiles {
    # One view file per output type lives in module/Formats/ (so parallel work never edits one
    # shared file); the module ships them merged into JobFinder.Ops.Format.ps1xml.
    param([Parameter(Mandatory)] [string] $Destination)
    $merged = [xml]'<?xml version="1.0" encoding="utf-8"?><Configuration><ViewDefinitions/></Configuration>'
    $target = $merged.SelectSingleNode('/Configuration/ViewDefinitions')
    foreach ($file in Get-ChildItem (Join-Path $Root 'module/Formats') -Filter *.Format.ps1xml | Sort-Object Name) {
        [xml] $part = Get-Content -Raw $file.FullName
        foreach ($view in $part.SelectNodes('/Configuration/ViewDefinitions/View')) {
            $target.AppendChild($merged.ImportNode($view, $true)) | Out-Null
        }
    }
    $merged.Save($Destination)
}

function Read-JUnitCounts {
    # Sums tests/failures/errors/skipped over every <testsuite> of a JUnit XML file.
    param([string] $Path)
    [xml] $xml = Get-Content -Raw $Path
    $passed = 0; $failed = 0; $skipped = 0
    foreach ($suite in $xml.SelectNodes('//testsuite')) {
        $tests = [int]$suite.tests; $f = [int]$suite.failures + [int]$suite.errors; $s = [int]$suite.skipped
        $failed += $f; $skipped += $s; $passed += ($tests - $f - $s)
    }
    return [pscustomobject]@{ Passed = $passed; Failed = $failed; Skipped = $skipped }
}

function Start-UnitTestLanes {
    # One lane per xunit project. The projects are built first, one after the other (two builds of the
    # same src projects at once would race on their obj/ folders), then tested side by side with --no-build.
    param([string] $Results, [string] $Logs)
    $lanes = @()
    foreach ($project in Get-ChildItem (Join-Path $Root 'tests/Unit') -Recurse -Filter *.csproj) {
        $name = $project.BaseName
        $junit = Join-Path $Results "$name.junit.xml"
        if (Test-Path $junit) { Remove-Item $junit }
        $properties = @('-c', $Configuration, "-p:Version=$(Get-ModuleVersion)") + $ArtifactsArguments
        Invoke-Native dotnet (@('build', $project.FullName, '--nologo', '-v', 'q') + $properties) | Out-Null
        $arguments = @('test', $project.FullName, '--nologo', '--no-build') + $properties + @(
            '--logger', "junit;LogFilePath=$junit", '--logger', 'console;verbosity=minimal')
        if ($UnitFilter) { $arguments += @('--filter', $UnitFilter) }
        $lane = Start-TestLane -Name "xunit $name" -FilePath 'dotnet' -ArgumentList $arguments -LogDirectory $Logs
        $lane | Add-Member -NotePropertyName Results -NotePropertyValue $junit
        $lanes += $lane
    }
    return $lanes
}

function Read-UnitTestLane {
    param([Parameter(Mandatory)] $Lane)
    if (Test-Path $Lane.Results) {
        $counts = Read-JUnitCounts $Lane.Results
        return [pscustomobject]@{ Passed = $counts.Passed; Failed = $counts.Failed; Skipped = $counts.Skipped; Crashed = ($Lane.ExitCode -ne 0 -and $counts.Failed -eq 0) }
    }
    Write-Warning "$($Lane.Name) did not produce results (exit code $($Lane.ExitCode))."
    return [pscustomobject]@{ Passed = 0; Failed = 0; Skipped = 0; Crashed = $true }
}

function Get-PesterTestFiles {
    # The files Pester would discover under -PesterPath (default tests/Pester).
    $paths = if ($PesterPath) { $PesterPath -split ',' | ForEach-Object { (Resolve-Path $_.Trim()).Path } } else { @(Join-Path $Root 'tests/Pester') }
    foreach ($path in $paths) {
        if (Test-Path $path -PathType Container) { Get-ChildItem $path -Recurse -Filter '*.Tests.ps1' | ForEach-Object FullName | Sort-Object }
        else { $path }
    }
}

function Start-PesterLanes {
    # The Pester files dealt into -PesterShards lanes of about equal time, each a fresh pwsh with its own
    # shared emulator. Expected times: the last run's results in out/test-results, else the figures kept
    # in tests/Pester/FileDurations.psd1 (refresh it from out/test-results/pester-durations.psd1).
    param([string] $Layout, [string] $Results, [string] $Logs)
    # The isolation test loads an older YamlDotNet from the NuGet cache.
    $env:JOBFINDER_NUGET_PACKAGES = Get-NuGetPackageRoot
    # Room for every revision the suite keeps serving (staging and production, stable and canary) without the
    # emulator stopping idle workers to stay under its laptop budget (1.5 GB): on Google the stable revision's
    # instances stay warm while it serves, so a cold start here is an artefact, and a slow one on a busy machine.
    if (-not $env:JOBFINDER_EMULATOR_WORKER_MEMORY_MB) { $env:JOBFINDER_EMULATOR_WORKER_MEMORY_MB = '3072' }
    $durations = Import-PowerShellDataFile (Join-Path $Root 'tests/Pester/FileDurations.psd1')
    $measured = Read-PesterFileDuration -Path @(Get-ChildItem $Results -Filter 'pester-*.junit.xml' | ForEach-Object FullName)
    foreach ($name in $measured.Keys) { $durations[$name] = $measured[$name] }
    Get-ChildItem $Results -Filter 'pester*' | Remove-Item

    $files = @(Get-PesterTestFiles)
    $shards = @(Split-TestFile -Path $files -Count $PesterShards -Duration $durations)
    $pwsh = Get-FreshPwsh
    $manifest = Get-PesterManifest
    $lanes = @()
    for ($i = 0; $i -lt $shards.Count; $i++) {
        $id = $i + 1
        $arguments = @($pwsh | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-File', (Join-Path $Root 'tools/Invoke-PesterSuite.ps1'),
            '-PesterManifest', $manifest,
            '-ModulePath', $Layout,
            '-ResultPath', (Join-Path $Results "pester-$id.junit.xml"),
            '-SummaryPath', (Join-Path $Results "pester-$id.summary.json"),
            '-TestPath', ($shards[$i].Files -join [IO.Path]::PathSeparator))
        $lane = Start-TestLane -Name "Pester $id of $($shards.Count) ($($shards[$i].Files.Count) files, about $([int]$shards[$i].Seconds) s)" -FilePath $pwsh[0] -ArgumentList $arguments -LogDirectory $Logs
        $lane | Add-Member -NotePropertyName Summary -NotePropertyValue (Join-Path $Results "pester-$id.summary.json")
        $lanes += $lane
    }
    return $lanes
}

function Read-PesterLane {
    param([Parameter(Mandatory)] $Lane)
    if (-not (Test-Path $Lane.Summary)) {
        Write-Warning "$($Lane.Name) produced no summary (exit code $($Lane.ExitCode))."
        return [pscustomobject]@{ Passed = 0; Failed = 0; Skipped = 0; Crashed = $true }
    }
    $s = Get-Content -Raw $Lane.Summary | ConvertFrom-Json
    return [pscustomobject]@{ Passed = [int]$s.Passed; Failed = [int]$s.Failed; Skipped = [int]$s.Skipped; Crashed = ($Lane.ExitCode -ne 0 -and [int]$s.Failed -eq 0) }
}

function Add-TestCounts {
    param([object[]] $Counts)
    $total = [pscustomobject]@{ Passed = 0; Failed = 0; Skipped = 0; Crashed = $false }
    foreach ($c in $Counts) {
        $total.Passed += $c.Passed; $total.Failed += $c.Failed; $total.Skipped += $c.Skipped
        $total.Crashed = $total.Crashed -or $c.Crashed
    }
    return $total
}

function Invoke-Test {
    $layout = Invoke-Build
    $results = New-Item -ItemType Directory -Force -Path (Join-Path $Out 'test-results')
    $logs = Join-Path $results 'logs'
    if (Test-Path $logs) { Remove-Item -Recurse -Force $logs }   # only this run's lanes in it
    $logs = New-Item -ItemType Directory -Path $logs
    Import-Module (Join-Path $Root 'tools/TestLanes.psm1') -Force
    $started = [DateTimeOffset]::UtcNow
    $unitLanes = @(if ($Suite -in 'All', 'Unit') { Start-UnitTestLanes -Results $results -Logs $logs })
    $pesterLanes = @(if ($Suite -in 'All', 'Pester') { Start-PesterLanes -Layout $layout -Results $results -Logs $logs })
    if ($unitLanes.Count + $pesterLanes.Count -gt 0) {
        Write-Host "Test lanes: $(($unitLanes + $pesterLanes | ForEach-Object Name) -join '; ')"
        Wait-TestLane -Lane ($unitLanes + $pesterLanes)
        Write-Host "Test lanes done in $([int]([DateTimeOffset]::UtcNow - $started).TotalSeconds) s"
    }
    $unit = Add-TestCounts @($unitLanes | ForEach-Object { Read-UnitTestLane $_ })
    $pester = Add-TestCounts @($pesterLanes | ForEach-Object { Read-PesterLane $_ })
    if ($pesterLanes.Count -gt 0) {
        # Seconds per Pester file, for the next run's shards and for tests/Pester/FileDurations.psd1.
        $measured = Read-PesterFileDuration -Path @($pesterLanes | ForEach-Object { $_.Summary -replace 'summary\.json$', 'junit.xml' })
        $lines = $measured.GetEnumerator() | Sort-Object Name | ForEach-Object { "    '$($_.Name)' = $($_.Value.ToString([cultureinfo]::InvariantCulture))" }
        Set-Content -Path (Join-Path $results 'pester-durations.psd1') -Value (@('@{') + $lines + @('}'))
    }
    $browser = [pscustomobject]@{ Passed = 0; Failed = 0; Skipped = 0; Crashed = $false }
    if ($Suite -in 'All', 'Browser') { $browser = Invoke-BrowserChecks -Layout $layout -Results $results -Required:($Suite -eq 'Browser') }

    $passed = $unit.Passed + $pester.Passed + $browser.Passed
    $failed = $unit.Failed + $pester.Failed + $browser.Failed
    Write-Host ''
    Write-Host "xunit: $($unit.Passed) passed, $($unit.Failed) failed; Pester: $($pester.Passed) passed, $($pester.Failed) failed; browser: $($browser.Passed) passed, $($browser.Failed) failed$(if ($browser.Skipped) { ' (skipped: no Chromium)' })"
    if ($unit.Crashed -or $pester.Crashed -or $browser.Crashed) {
        Write-Host 'A test run crashed before reporting all of its results (see above); counting it as a failure.'
        $failed += 1
    }
    Write-Host "$passed passed, $failed failed"
    if ($failed -gt 0 -or $passed -eq 0) { exit 1 }
}

function Invoke-Demo {
    $layout = Invoke-Build
    Invoke-FreshPwsh -File (Join-Path $Root 'tools/Demo.ps1') -ArgumentList @('-ModulePath', $layout, '-ExamplePath', (Join-Path $Root 'examples/job-finder-be')) | Out-Null
}

function Invoke-Bench {
    $layout = Invoke-Build
    $benchOut = New-Item -ItemType Directory -Force -Path (Join-Path $Out 'bench')
    Invoke-FreshPwsh -File (Join-Path $Root 'bench/Measure-ImportModule.ps1') -ArgumentList @('-ModulePath', $layout, '-OutputPath', (Join-Path $benchOut 'import-module.json')) | Out-Null
    if (-not $BenchName -or $BenchName -contains 'firebase-tools-deploy') {
        $modules = Install-NodeDependencies -Folder (Join-Path $Root 'tests/Fixtures/NodeCodebases') -Name 'node-fixtures'
        Invoke-FreshPwsh -File (Join-Path $Root 'bench/Measure-FirebaseToolsDeploy.ps1') -ArgumentList @(
            '-ModulePath', $layout, '-FirebaseTools', (Join-Path $modules 'firebase-tools'), '-OutputPath', (Join-Path $benchOut 'firebase-tools-deploy.json')) | Out-Null
    }
    $arguments = @('run', '--project', (Join-Path $Root 'bench/JobFinder.Ops.Bench/JobFinder.Ops.Bench.csproj'), '-c', 'Release') + $ArtifactsArguments + @('--', '--out', $benchOut.FullName)
    if ($BenchName) { $arguments += @('--only', ($BenchName -join ',')) }
    Invoke-Native dotnet $arguments | Out-Host
}

function Invoke-Conformance {
    # firebase-tools as the oracle (issue #16): the example deployed with the pinned firebase-tools of
    # tests/Fixtures/NodeCodebases (npm ci'd into out/npm, cached by its lock file) and with
    # Invoke-JobFinderDeployment into two projects of one emulator, compared field by field; any
    # difference not listed in docs/DEPLOYMENT.md fails. Report: out/conformance/report.txt.
    $layout = Invoke-Build
    $modules = Install-NodeDependencies -Folder (Join-Path $Root 'tests/Fixtures/NodeCodebases') -Name 'node-fixtures'
    $work = Join-Path $Out 'conformance'
    $code = Invoke-FreshPwsh -File (Join-Path $Root 'tools/conformance/Invoke-Conformance.ps1') -AllowFailure -ArgumentList @(
        '-ModulePath', $layout,
        '-FirebaseTools', (Join-Path $modules 'firebase-tools'),
        '-RepositoryPath', (Join-Path $Root 'examples/job-finder-be'),
        '-AllowedDifferencesPath', (Join-Path $Root 'docs/DEPLOYMENT.md'),
        '-WorkPath', (Join-Path $work 'run'),
        '-ReportPath', (Join-Path $work 'report.txt'))
    if ($code -ne 0) { throw "Conformance failed (exit code $code); see $(Join-Path $work 'report.txt')." }
}

function Invoke-Package {
    $layout = Invoke-Build
    & (Join-Path $Root 'tools/New-ModulePackage.ps1') -ModulePath $layout -OutputPath (Join-Path $Out 'package')
}

function Invoke-BrowserChecks {
    # The report's browser check (tools/Invoke-BrowserTest.ps1). The README's test command must run
    # on a machine with only the .NET SDK, so without Chromium the check is skipped, and says so;
    # .ci/run installs Chromium first, so CI always runs it.
    param([string] $Layout, [string] $Results, [switch] $Required)
    $chromium = if ($env:JOBFINDER_CHROMIUM) { $env:JOBFINDER_CHROMIUM } else { '/usr/bin/chromium' }
    if (-not (Test-Path $chromium)) {
        if ($Required) { throw "Chromium is not installed at $chromium (Debian: apt-get install -y chromium)." }
        Write-Host "browser check skipped: no Chromium at $chromium (Debian: apt-get install -y chromium)"
        return [pscustomobject]@{ Passed = 0; Failed = 0; Skipped = 1; Crashed = $false }
    }
    $summary = Join-Path $Results 'browser.summary.json'
    if (Test-Path $summary) { Remove-Item $summary }
    $code = Invoke-FreshPwsh -File (Join-Path $Root 'tools/Invoke-BrowserTest.ps1') -AllowFailure -ArgumentList @(
        '-ModulePath', $Layout, '-OutputPath', (Join-Path $Out 'browser'), '-Chromium', $chromium, '-SummaryPath', $summary)
    if (-not (Test-Path $summary)) {
        Write-Warning "The browser check produced no summary (exit code $code)."
        return [pscustomobject]@{ Passed = 0; Failed = 0; Skipped = 0; Crashed = $true }
    }
    $s = Get-Content -Raw $summary | ConvertFrom-Json
    return [pscustomobject]@{ Passed = [int]$s.Passed; Failed = [int]$s.Failed; Skipped = 0; Crashed = ($code -ne 0 -and [int]$s.Failed -eq 0) }
}

function Invoke-BrowserTest {
    $layout = Invoke-Build
    $results = New-Item -ItemType Directory -Force -Path (Join-Path $Out 'test-results')
    $browser = Invoke-BrowserChecks -Layout $layout -Results $results -Required
    if ($browser.Failed -gt 0 -or $browser.Crashed) { exit 1 }
}

function Invoke-Clean {
    if (Test-Path $Out) { Remove-Item -Recurse -Force $Out }
    Get-ChildItem $Root -Recurse -Directory -Include bin, obj | Where-Object FullName -NotMatch '[\\/]\.git[\\/]' | Remove-Item -Recurse -Force
    Write-Host 'Cleaned.'
}

Push-Location $Root
try {
    switch ($Task) {
        'Build' { Invoke-Build | Out-Null }
        'Test' { Invoke-Test }
        'Demo' { Invoke-Demo }
        'Bench' { Invoke-Bench }
        'Package' { Invoke-Package }
        'BrowserTest' { Invoke-BrowserTest }
        'Conformance' { Invoke-Conformance }
        'Clean' { Invoke-Clean }
    }
}
finally {
    Pop-Location
}
