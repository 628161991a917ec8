<#
.SYNOPSIS
    Renders a deployment report for a sample record and checks it in headless Chromium.
.DESCRIPTION
    Called by build.ps1 -Task BrowserTest with the laid-out module. Writes report.html and a
    screenshot (report.png) under -OutputPath, and fails (exit 1) when Chromium is absent, logs a
    console error or a Content-Security-Policy violation (the report must fetch nothing), or the
    rendered DOM lacks the charts. Needs Debian's chromium at /usr/bin/chromium.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $OutputPath,
    [string] $Chromium = '/usr/bin/chromium'
)
$ErrorActionPreference = 'Stop'

if (-not (Test-Path $Chromium)) {
    Write-Host "Chromium is not installed at $Chromium; the browser check needs it (Debian: apt-get install -y chromium)."
    exit 1
}

Import-Module (Join-Path $ModulePath 'JobFinder.Ops.psd1') -Force
Import-Module (Join-Path $PSScriptRoot '../tests/Pester/DeploymentSamples.psm1') -Force
New-Item -ItemType Directory -Force -Path $OutputPath | Out-Null
$OutputPath = (Resolve-Path $OutputPath).Path

$failures = [Collections.Generic.List[string]]::new()
foreach ($outcome in 'Succeeded', 'RolledBack') {
    $report = New-SampleDeploymentRecord -Outcome $outcome | Export-JobFinderDeploymentReport -Path (Join-Path $OutputPath "report-$outcome.html")
    $png = Join-Path $OutputPath "report-$outcome.png"
    $userData = Join-Path ([IO.Path]::GetTempPath()) "jobfinder-chromium-$([guid]::NewGuid().ToString('n'))"
    $common = @('--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', "--user-data-dir=$userData", '--window-size=1280,2000')
    $url = ([Uri]$report.FullName).AbsoluteUri
    try {
        # Chromium writes its log to stderr; with 'Stop' PowerShell would end the script at its first line.
        $ErrorActionPreference = 'Continue'
        # Pass 1: screenshot, with the page's console and CSP reports on stderr.
        $log = & $Chromium @common '--enable-logging=stderr' '--v=0' "--screenshot=$png" $url 2>&1 | ForEach-Object { "$_" }
        $consoleErrors = @($log | Where-Object { $_ -match 'CONSOLE' -or $_ -match 'Refused to|Content Security Policy|Uncaught' })
        foreach ($line in $consoleErrors) { $failures.Add("${outcome}: console: $line") }
        $bytes = if (Test-Path $png) { [IO.File]::ReadAllBytes($png) } else { @() }
        if ($bytes.Length -lt 8 -or $bytes[1] -ne 0x50 -or $bytes[2] -ne 0x4E -or $bytes[3] -ne 0x47) {
            $failures.Add("${outcome}: no PNG screenshot at $png")
        }

        # Pass 2: the DOM as rendered, to see the charts.
        $dom = (& $Chromium @common '--dump-dom' $url 2>$null) -join "`n"
        foreach ($chart in 'chart-traffic', 'chart-error-rate-submitJob', 'chart-p95-submitJob', 'chart-error-rate-health', 'chart-p95-health') {
            if ($dom -notmatch "<svg[^>]*id=`"$chart`"[\s\S]*?<polyline[^>]+points=`"[0-9.]+,[0-9.]+ [0-9.]+,[0-9.]+") {
                $failures.Add("${outcome}: chart $chart not rendered with points")
            }
        }
    }
    finally {
        $ErrorActionPreference = 'Stop'
        Remove-Item -Recurse -Force $userData -ErrorAction SilentlyContinue
    }

    Write-Host "Rendered $($report.Name) -> $(Split-Path -Leaf $png)"
}

if ($failures.Count -gt 0) {
    $failures | ForEach-Object { Write-Host "FAIL $_" }
    exit 1
}

Write-Host "Browser check passed: charts rendered, no console errors. Screenshots in $OutputPath."
exit 0
