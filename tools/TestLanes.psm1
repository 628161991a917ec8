#Requires -Version 7.6
# Lanes of the Test task (build.ps1): the xunit projects and shards of the Pester suite run side by side,
# each in its own process with its own log, because most of a test's time is spent waiting (a canary bakes,
# Monitoring data becomes visible, a Node worker starts), not computing. Each lane's output is printed
# whole when it ends, so a log reads one lane at a time.

Set-StrictMode -Version 3.0

function Start-TestLane {
    # Starts one lane; its standard output and error go to files under -LogDirectory.
    param(
        [Parameter(Mandatory)] [string] $Name,
        [Parameter(Mandatory)] [string] $FilePath,
        [string[]] $ArgumentList = @(),
        [Parameter(Mandatory)] [string] $LogDirectory
    )
    $safe = $Name -replace '[^A-Za-z0-9.-]', '-'
    $stdout = Join-Path $LogDirectory "$safe.out.log"
    $stderr = Join-Path $LogDirectory "$safe.err.log"
    # Start-Process joins its arguments with spaces; quote each so paths with spaces survive.
    $quoted = $ArgumentList | ForEach-Object { if ($_ -match '[\s"]') { '"' + ($_ -replace '"', '\"') + '"' } else { $_ } }
    $process = Start-Process -FilePath $FilePath -ArgumentList $quoted -NoNewWindow -PassThru `
        -RedirectStandardOutput $stdout -RedirectStandardError $stderr
    return [pscustomobject]@{
        Name = $Name
        Process = $process
        Started = [DateTimeOffset]::UtcNow
        StandardOutput = $stdout
        StandardError = $stderr
        ExitCode = $null
        Duration = $null
    }
}

function Wait-TestLane {
    # Waits for every lane, printing each one's output as it ends (in the order they end), and fills in
    # ExitCode and Duration.
    param([Parameter(Mandatory)] [object[]] $Lane)
    $pending = [System.Collections.Generic.List[object]]::new()
    $Lane | ForEach-Object { $pending.Add($_) }
    try {
        Wait-PendingLane $pending
    }
    finally {
        # Stopped (Ctrl+C) or failed: no lane outlives the run.
        foreach ($left in $pending) {
            if (-not $left.Process.HasExited) { $left.Process.Kill($true) }
        }
    }
}

function Wait-PendingLane {
    param([System.Collections.Generic.List[object]] $pending)
    while ($pending.Count -gt 0) {
        $ended = @($pending | Where-Object { $_.Process.HasExited })
        if ($ended.Count -eq 0) { Start-Sleep -Milliseconds 500; continue }
        # Not $lane: PowerShell names are case-insensitive, and that is the [object[]] parameter.
        foreach ($done in $ended) {
            $done.Process.WaitForExit()
            $done.ExitCode = $done.Process.ExitCode
            $done.Duration = [DateTimeOffset]::UtcNow - $done.Started
            Write-Host ''
            Write-Host "----- $($done.Name): exit code $($done.ExitCode) after $([int]$done.Duration.TotalSeconds) s -----"
            Get-Content -Path $done.StandardOutput, $done.StandardError -ErrorAction Ignore | Out-Host
            [void] $pending.Remove($done)
        }
    }
}

function Split-TestFile {
    # Deals the test files into -Count shards of about equal expected time: longest first, each to the
    # shard with the least time so far. Expected seconds come from -Duration (file name -> seconds, as
    # measured by an earlier run); a file without a figure counts as -DefaultSeconds.
    param(
        [Parameter(Mandatory)] [string[]] $Path,
        [Parameter(Mandatory)] [int] $Count,
        [hashtable] $Duration = @{},
        [double] $DefaultSeconds = 10
    )
    $shards = @(1..([Math]::Max(1, [Math]::Min($Count, $Path.Count))) | ForEach-Object { [pscustomobject]@{ Seconds = 0.0; Files = [System.Collections.Generic.List[string]]::new() } })
    $weighted = $Path | ForEach-Object {
        $name = Split-Path $_ -Leaf
        [pscustomobject]@{ Path = $_; Seconds = if ($Duration.ContainsKey($name)) { [double]$Duration[$name] } else { $DefaultSeconds } }
    }
    foreach ($file in ($weighted | Sort-Object Seconds, Path -Descending)) {
        $lightest = $shards | Sort-Object Seconds | Select-Object -First 1
        $lightest.Files.Add($file.Path)
        $lightest.Seconds += $file.Seconds
    }
    return $shards
}

function Read-PesterFileDuration {
    # Seconds per test file from Pester JUnit results (one <testsuite> per file).
    param([Parameter(Mandatory)] [AllowEmptyCollection()] [string[]] $Path)
    $durations = @{}
    foreach ($file in $Path) {
        if (-not (Test-Path $file)) { continue }
        [xml] $xml = Get-Content -Raw $file
        foreach ($suite in $xml.SelectNodes('//testsuite')) {
            $durations[(Split-Path $suite.name -Leaf)] = [Math]::Round([double]$suite.time, 1)
        }
    }
    return $durations
}

Export-ModuleMember -Function Start-TestLane, Wait-TestLane, Split-TestFile, Read-PesterFileDuration
