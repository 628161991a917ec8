<#
.SYNOPSIS
    Renders a deployment report for a sample record and checks it in headless Chromium.
.DESCRIPTION
    Called by build.ps1 -Task BrowserTest with the laid-out module. Writes report.html and a
    screenshot (report.png) under -OutputPath, and fails (exit 1) when Chromium is absent, the page
    logs a console error, an uncaught exception or a Content-Security-Policy refusal (the report must
    fetch nothing), or a chart is missing, not laid out, or has fewer points than the record has data.
    The page is driven over the Chrome DevTools Protocol (tools/ChromiumDevTools.psm1). To show the
    check can fail, it also loads a deliberately broken copy of a report and expects both faults to
    be reported. Writes a JSON summary (-SummaryPath) of the checks for build.ps1 -Task Test.
    Needs Debian's chromium at /usr/bin/chromium.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $OutputPath,
    [string] $Chromium = '/usr/bin/chromium',
    [string] $SummaryPath
)
$ErrorActionPreference = 'Stop'

if (-not (Test-Path $Chromium)) {
    Write-Host "Chromium is not installed at $Chromium; the browser check needs it (Debian: apt-get install -y chromium)."
    exit 1
}

Import-Module (Join-Path $ModulePath 'JobFinder.Ops.psd1') -Force
Import-Module (Join-Path $PSScriptRoot '../tests/Pester/DeploymentSamples.psm1') -Force
Import-Module (Join-Path $PSScriptRoot 'ChromiumDevTools.psm1') -Force
New-Item -ItemType Directory -Force -Path $OutputPath | Out-Null
$OutputPath = (Resolve-Path $OutputPath).Path

# Measured by the browser's layout engine: each chart's box, and per series the number of points
# drawn against the number of values the record holds, whether CSS styled it and whether it lies
# inside its chart.
$measureCharts = @'
JSON.stringify(Array.from(document.querySelectorAll('svg[id^="chart-"]')).map(svg => {
  const box = svg.getBoundingClientRect();
  return {
    id: svg.id, width: box.width, height: box.height,
    series: Array.from(svg.querySelectorAll('polyline.series')).map(p => {
      const r = p.getBoundingClientRect();
      const values = (p.dataset.values || '').trim().split(/\s+/).filter(v => v.length > 0);
      return {
        name: p.dataset.series, step: p.dataset.step === 'true', values: values.length,
        points: p.points.numberOfItems, stroke: getComputedStyle(p).stroke,
        inside: r.left >= box.left - 1 && r.right <= box.right + 1 && r.top >= box.top - 1 && r.bottom <= box.bottom + 1
      };
    }),
    markers: Array.from(svg.querySelectorAll('circle')).filter(c => c.getBoundingClientRect().width > 0).length
  };
}))
'@

function Test-ReportInBrowser {
    # Loads one report in a fresh headless Chromium and returns what is wrong with it (nothing = pass).
    param([string] $HtmlPath, [string] $PngPath, [string[]] $ExpectedChart)
    $problems = [Collections.Generic.List[string]]::new()
    $userData = Join-Path ([IO.Path]::GetTempPath()) "jobfinder-chromium-$([guid]::NewGuid().ToString('n'))"
    $browser = Start-HeadlessChromium -Chromium $Chromium -UserDataDirectory $userData
    try {
        $cdp = $browser.Session
        # Subscribe before navigating, so nothing the page logs while loading is missed.
        foreach ($domain in 'Runtime', 'Log', 'Page') { $null = $cdp.Call("$domain.enable", @{}) }
        $null = $cdp.Call('Page.navigate', @{ url = [Uri]::new($HtmlPath).AbsoluteUri })
        $null = $cdp.WaitForEvent('Page.loadEventFired', [TimeSpan]::FromSeconds(30))

        $evaluation = $cdp.Call('Runtime.evaluate', @{ expression = $measureCharts; returnByValue = $true })
        $charts = @($evaluation.result.value | ConvertFrom-Json -Depth 10)
        foreach ($id in $ExpectedChart) {
            $chart = $charts | Where-Object id -EQ $id
            if (-not $chart) { $problems.Add("chart $id is missing"); continue }
            if ($chart.width -lt 200 -or $chart.height -lt 100) { $problems.Add("chart $id is laid out at $($chart.width)x$($chart.height) px"); continue }
            if (@($chart.series).Count -eq 0) { $problems.Add("chart $id has no series"); continue }
            foreach ($series in $chart.series) {
                # A step series draws two points per change; a plain series one per value.
                $tooFew = if ($series.step) { $series.points -lt $series.values } else { $series.points -ne $series.values }
                if ($series.values -eq 0 -or $tooFew) { $problems.Add("chart $id, series $($series.name): $($series.points) points drawn for $($series.values) values") }
                if ($series.stroke -in 'none', '', 'rgb(0, 0, 0)') { $problems.Add("chart $id, series $($series.name): not styled (stroke $($series.stroke))") }
                if (-not $series.inside) { $problems.Add("chart $id, series $($series.name): drawn outside its chart") }
            }
            if ($chart.markers -lt 1) { $problems.Add("chart $id shows no data markers") }
        }

        $shot = $cdp.Call('Page.captureScreenshot', @{ format = 'png' })
        [IO.File]::WriteAllBytes($PngPath, [Convert]::FromBase64String($shot.data))
        $bytes = [IO.File]::ReadAllBytes($PngPath)
        if ($bytes.Length -lt 10KB -or $bytes[1] -ne 0x50 -or $bytes[2] -ne 0x4E -or $bytes[3] -ne 0x47) { $problems.Add("no PNG screenshot at $PngPath") }

        foreach ($line in Get-PageProblem -Session $cdp) { $problems.Add($line) }
        $cdp.Close()
    }
    finally {
        Stop-HeadlessChromium -Process $browser.Process
        Remove-Item -Recurse -Force $userData -ErrorAction SilentlyContinue
    }
    return , $problems
}

$charts = 'chart-traffic', 'chart-error-rate-submitJob', 'chart-p95-submitJob', 'chart-error-rate-health', 'chart-p95-health'
$results = [Collections.Generic.List[object]]::new()
foreach ($outcome in 'Succeeded', 'RolledBack') {
    $report = New-SampleDeploymentRecord -Outcome $outcome | Export-JobFinderDeploymentReport -Path (Join-Path $OutputPath "report-$outcome.html")
    $problems = Test-ReportInBrowser -HtmlPath $report.FullName -PngPath (Join-Path $OutputPath "report-$outcome.png") -ExpectedChart $charts
    $results.Add([pscustomobject]@{ Name = "report of a $outcome deployment renders its charts with no console errors"; Problems = @($problems) })
}

# The check must be able to fail: a copy that fetches an image (refused by the report's CSP) and
# whose traffic chart lost its points has to be reported on both counts.
$broken = Join-Path $OutputPath 'report-broken.html'
$html = Get-Content -Raw (Join-Path $OutputPath 'report-Succeeded.html')
$html = $html.Replace('<body>', '<body><img src="https://example.invalid/pixel.png" alt="">')
$html = [regex]::Replace($html, '(data-series="traffic"[^>]*?points=")[^"]*(")', '${1}64,188${2}')
Set-Content -Path $broken -Value $html -NoNewline
$found = Test-ReportInBrowser -HtmlPath $broken -PngPath (Join-Path $OutputPath 'report-broken.png') -ExpectedChart $charts
Write-Verbose "broken copy: $($found -join "; ")"
$missed = @()
if (-not ($found | Where-Object { $_ -match 'Content Security Policy|Refused' })) { $missed += 'the CSP refusal of an external image' }
if (-not ($found | Where-Object { $_ -match 'chart-traffic, series traffic: 1 points' })) { $missed += 'the traffic chart drawn with one point' }
$results.Add([pscustomobject]@{ Name = 'a broken report is caught (CSP refusal, missing points)'; Problems = @($missed | ForEach-Object { "the check missed $_ (it reported: $($found -join '; '))" }) })

$failed = @($results | Where-Object { $_.Problems.Count -gt 0 })
foreach ($result in $results) {
    Write-Host "$(if ($result.Problems.Count) { '[-]' } else { '[+]' }) browser: $($result.Name)"
    $result.Problems | ForEach-Object { Write-Host "    $_" }
}
if ($SummaryPath) {
    [pscustomobject]@{ Passed = $results.Count - $failed.Count; Failed = $failed.Count } | ConvertTo-Json | Set-Content -Path $SummaryPath
}
if ($failed.Count -gt 0) { exit 1 }
Write-Host "Browser check passed: charts rendered, no console errors. Screenshots in $OutputPath."
exit 0
