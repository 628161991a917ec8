# A minimal Chrome DevTools Protocol client for the browser check (tools/Invoke-BrowserTest.ps1).
#
# Why CDP rather than `chromium --screenshot` / `--dump-dom`: those flags give no way to read the
# page's console, and --dump-dom prints the markup, not what was laid out. Over CDP the check
# subscribes to console messages, exceptions and log entries (a Content-Security-Policy refusal is a
# log entry) *before* the page loads, measures the charts with the layout engine
# (getBoundingClientRect), and takes the screenshot from the same page load. The protocol is JSON
# over a WebSocket; .NET's ClientWebSocket is enough, so no npm package (puppeteer) is needed.

Set-StrictMode -Version 3.0

class CdpSession {
    [Net.WebSockets.ClientWebSocket] $Socket
    [int] $NextId = 0
    # Events that arrived while waiting for a reply; WaitForEvent and the console check read them.
    [Collections.Generic.List[object]] $Events = [Collections.Generic.List[object]]::new()

    CdpSession([string] $WebSocketUrl) {
        $this.Socket = [Net.WebSockets.ClientWebSocket]::new()
        $this.Socket.ConnectAsync([Uri]::new($WebSocketUrl), [Threading.CancellationToken]::None).GetAwaiter().GetResult()
    }

    hidden [object] Receive([TimeSpan] $Timeout) {
        $buffer = [byte[]]::new(64KB)
        $message = [IO.MemoryStream]::new()
        $cancel = [Threading.CancellationTokenSource]::new($Timeout)
        try {
            do {
                $segment = [ArraySegment[byte]]::new($buffer)
                $result = $this.Socket.ReceiveAsync($segment, $cancel.Token).GetAwaiter().GetResult()
                if ($result.MessageType -eq [Net.WebSockets.WebSocketMessageType]::Close) { throw 'Chromium closed the DevTools connection.' }
                $message.Write($buffer, 0, $result.Count)
            } while (-not $result.EndOfMessage)
        }
        finally {
            $cancel.Dispose()
        }
        return [Text.Encoding]::UTF8.GetString($message.ToArray()) | ConvertFrom-Json -Depth 64
    }

    # Sends a command and returns its result; events that arrive meanwhile are kept in Events.
    [object] Call([string] $Method, [hashtable] $Params) {
        $id = ++$this.NextId
        $json = @{ id = $id; method = $Method; params = $Params } | ConvertTo-Json -Depth 20 -Compress
        $bytes = [ArraySegment[byte]]::new([Text.Encoding]::UTF8.GetBytes($json))
        $this.Socket.SendAsync($bytes, [Net.WebSockets.WebSocketMessageType]::Text, $true, [Threading.CancellationToken]::None).GetAwaiter().GetResult()
        while ($true) {
            $reply = $this.Receive([TimeSpan]::FromSeconds(30))
            if ($reply.PSObject.Properties['id'] -and $reply.id -eq $id) {
                if ($reply.PSObject.Properties['error']) { throw "CDP $Method failed: $($reply.error.message)" }
                return $reply.result
            }
            $this.Events.Add($reply)
        }
        return $null
    }

    # Waits for an event (one already received counts).
    [object] WaitForEvent([string] $Method, [TimeSpan] $Timeout) {
        $deadline = [DateTime]::UtcNow + $Timeout
        while ($true) {
            $seen = $this.Events | Where-Object { $_.PSObject.Properties['method'] -and $_.method -eq $Method } | Select-Object -First 1
            if ($seen) { return $seen }
            $left = $deadline - [DateTime]::UtcNow
            if ($left -le [TimeSpan]::Zero) { throw "Timed out waiting for $Method." }
            $this.Events.Add($this.Receive($left))
        }
        return $null
    }

    [void] Close() {
        try { $this.Socket.Dispose() } catch { Write-Verbose "closing the DevTools socket: $_" }
    }
}

function Start-HeadlessChromium {
    # Starts Chromium headless on about:blank with remote debugging on a free loopback port and
    # returns the process and a CDP session attached to its page.
    param([Parameter(Mandatory)] [string] $Chromium, [Parameter(Mandatory)] [string] $UserDataDirectory)
    $listener = [Net.Sockets.TcpListener]::new([Net.IPAddress]::Loopback, 0)
    $listener.Start(); $port = $listener.LocalEndpoint.Port; $listener.Stop()

    $start = [Diagnostics.ProcessStartInfo]::new($Chromium)
    # --disable-dev-shm-usage: CI containers often have a 64 MB /dev/shm, too small for the renderer.
    foreach ($argument in '--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', '--hide-scrollbars', "--remote-debugging-port=$port",
        "--user-data-dir=$UserDataDirectory", '--window-size=1280,2000', 'about:blank') {
        $start.ArgumentList.Add($argument)
    }
    $start.UseShellExecute = $false
    $start.RedirectStandardError = $true
    $start.RedirectStandardOutput = $true
    $process = [Diagnostics.Process]::Start($start)
    # Chromium logs (dbus, GPU) to stderr; drain both pipes so it never blocks on a full one.
    $null = $process.StandardError.ReadToEndAsync()
    $null = $process.StandardOutput.ReadToEndAsync()

    $deadline = [DateTime]::UtcNow.AddSeconds(30)
    $lastError = 'no page target'
    while ($true) {
        try {
            $targets = Invoke-RestMethod -Uri "http://127.0.0.1:$port/json/list" -TimeoutSec 2
            $page = @($targets | ForEach-Object { $_ } | Where-Object { $_.PSObject.Properties['type'] -and $_.type -eq 'page' })[0]
            if ($page) { break }
        }
        catch {
            $lastError = $_
            if ($process.HasExited) { throw "Chromium exited (code $($process.ExitCode)) before its DevTools endpoint answered." }
        }
        if ([DateTime]::UtcNow -gt $deadline) {
            Stop-HeadlessChromium -Process $process
            throw "Chromium's DevTools endpoint on port $port did not answer within 30 s ($lastError)."
        }
        Start-Sleep -Milliseconds 100
    }
    return [pscustomobject]@{ Process = $process; Session = [CdpSession]::new($page.webSocketDebuggerUrl) }
}

function Stop-HeadlessChromium {
    param([Parameter(Mandatory)] [Diagnostics.Process] $Process)
    if (-not $Process.HasExited) {
        $Process.Kill($true)
        $null = $Process.WaitForExit(5000)
    }
    $Process.Dispose()
}

function Get-PageProblem {
    # The console errors, uncaught exceptions and error log entries (CSP refusals, failed loads)
    # among the events a session received, as one line each.
    param([Parameter(Mandatory)] [CdpSession] $Session)
    foreach ($event in $Session.Events) {
        if (-not $event.PSObject.Properties['method']) { continue }
        switch ($event.method) {
            'Runtime.consoleAPICalled' {
                if ($event.params.type -in 'error', 'assert') { "console.$($event.params.type): $(($event.params.args | ForEach-Object { $_.PSObject.Properties['value'] ? $_.value : $_.description }) -join ' ')" }
            }
            'Runtime.exceptionThrown' { "uncaught: $($event.params.exceptionDetails.text) $($event.params.exceptionDetails.exception.description)" }
            'Log.entryAdded' {
                if ($event.params.entry.level -eq 'error') { "log ($($event.params.entry.source)): $($event.params.entry.text) $($event.params.entry.url)" }
            }
        }
    }
}

Export-ModuleMember -Function Start-HeadlessChromium, Stop-HeadlessChromium, Get-PageProblem
