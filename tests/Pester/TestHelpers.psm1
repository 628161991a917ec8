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
    # A private copy of the example backend that a test may break on purpose. Its latency limits (the
    # canary's p95 limit and the smoke checks' p95 SLA, 5 s each) are raised to 30 s: the Test task keeps
    # both cores busy, and a Node function on a saturated test machine can take seconds to answer, which
    # says nothing about the release under test. Tests of those limits set their own.
    param([Parameter(Mandatory)] [string] $Destination)
    $copy = Copy-Repository -Path (Get-ExamplePath) -Destination $Destination
    $settings = Join-Path $copy 'jobfinder.ops.json'
    $text = Get-Content -Raw $settings
    $raised = $text.Replace('"maxP95Ms": 5000', '"maxP95Ms": 30000').Replace('"p95SlaMs": 5000', '"p95SlaMs": 30000')
    if ($raised -eq $text) { throw "The example's jobfinder.ops.json no longer has the 5 s latency limits Copy-Example raises." }
    Set-Content -Path $settings -Value $raised -NoNewline
    return $copy
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
    # -AsFile runs it the way CI does, as `pwsh -File script.ps1` (exit code and error handling differ
    # from -Command).
    param([Parameter(Mandatory)] [string] $Script, [switch] $NonInteractive, [switch] $AsFile)
    $process = [Environment]::ProcessPath
    $entry = [System.Reflection.Assembly]::GetEntryAssembly().Location
    $arguments = @()
    if ([IO.Path]::GetFileNameWithoutExtension($process) -eq 'dotnet') { $arguments += $entry }
    $arguments += '-NoProfile'
    if ($NonInteractive) { $arguments += '-NonInteractive' }
    if ($AsFile) {
        $file = Join-Path ([IO.Path]::GetTempPath()) "jf-fresh-$([guid]::NewGuid().ToString('N')).ps1"
        Set-Content -Path $file -Value $Script
        $arguments += @('-File', $file)
    }
    else {
        $encoded = [Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes($Script))
        $arguments += @('-EncodedCommand', $encoded)
    }
    try { $output = & $process @arguments 2>&1 }
    finally { if ($AsFile) { Remove-Item $file -ErrorAction Ignore } }
    return [pscustomobject]@{ ExitCode = $LASTEXITCODE; Output = @($output | ForEach-Object { "$_" }) }
}

function Get-WhatIfLine {
    # The "What if:" lines a command writes: ShouldProcess writes them to the host, not to a stream,
    # so only a transcript sees them. The command's output is discarded.
    param([Parameter(Mandatory)] [scriptblock] $ScriptBlock)
    $path = Join-Path ([IO.Path]::GetTempPath()) "jobfinder-whatif-$([guid]::NewGuid()).txt"
    Start-Transcript -LiteralPath $path -UseMinimalHeader | Out-Null
    try { & $ScriptBlock | Out-Null }
    finally { Stop-Transcript | Out-Null }
    try { return @(Get-Content -LiteralPath $path | Where-Object { $_ -like 'What if:*' }) }
    finally { Remove-Item -LiteralPath $path }
}

function New-ForgedKeyFile {
    # A service-account key with the emulator's token_uri but an RSA key the emulator never issued:
    # every attempt to use it is a token request the emulator refuses and logs (Get-TestEmulatorRequest),
    # so a test can point GOOGLE_APPLICATION_CREDENTIALS at it as an observable stand-in for Google's
    # token endpoint and prove that no credential lookup happened.
    param([Parameter(Mandatory)] $Emulator, [Parameter(Mandatory)] [string] $Path)
    $key = Get-Content -Raw $Emulator.KeyFilePath | ConvertFrom-Json
    $key.private_key = [System.Security.Cryptography.RSA]::Create(2048).ExportPkcs8PrivateKeyPem()
    $key | ConvertTo-Json | Set-Content $Path
    return $Path
}

Export-ModuleMember -Function Get-ModuleUnderTestPath, Import-ModuleUnderTest, Get-RepositoryRoot, Get-ExamplePath, Copy-Example, Copy-Repository, Invoke-FreshPwsh, New-ForgedKeyFile, Get-WhatIfLine

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

function Set-TestSmokeCredential {
    # The smoke checks' credentials (web API key, test user), as a CI job's secrets would set them: each
    # file sets them itself rather than inheriting them from whichever file ran before it in its lane.
    # Returns the emulator's info.
    $info = Invoke-TestEmulatorAdmin -Path 'info'
    $env:JOBFINDER_API_KEY = $info.apiKey
    $env:JOBFINDER_SMOKE_EMAIL = $info.testUser.email
    $env:JOBFINDER_SMOKE_PASSWORD = $info.testUser.password
    return $info
}

function Stop-TestEmulator {
    # Leaves the shared emulator running for the next file but takes away anything a test injected.
    if ($global:JobFinderTestEmulator -and (Get-Process -Id $global:JobFinderTestEmulator.ProcessId -ErrorAction Ignore)) {
        $env:JOBFINDER_EMULATOR_HOST = $global:JobFinderTestEmulator.EmulatorHost
        Clear-TestEmulatorFault
    }
}

Export-ModuleMember -Function Invoke-TestEmulatorAdmin, Get-TestEmulatorRequest, Clear-TestEmulatorRequest, Set-TestEmulatorFault, Clear-TestEmulatorFault, Start-TestEmulator, Stop-TestEmulator, Set-TestSmokeCredential

function New-TestEmulatorFunction {
    # Creates a gen2 function straight through the emulator's Functions API, as another tool (an old
    # portfolio deploy, firebase-tools) would have: -Labels marks it, e.g. deployment-tool=cli-firebase.
    param([Parameter(Mandatory)] [string] $Project, [Parameter(Mandatory)] [string] $Id, [hashtable] $Labels = @{})
    $api = "http://$($env:JOBFINDER_EMULATOR_HOST)/v2/projects/$Project/locations/us-central1"
    $headers = @{ Authorization = 'Bearer owner' }
    $upload = Invoke-RestMethod -Method Post -Uri "$api/functions:generateUploadUrl" -Headers $headers -ContentType 'application/json' -Body '{}'
    $zip = Join-Path ([IO.Path]::GetTempPath()) "$Id-$([guid]::NewGuid().ToString('n')).zip"
    $source = New-Item -ItemType Directory -Path ($zip + '.d')
    Set-Content -Path (Join-Path $source 'index.js') -Value "exports.$Id = (req, res) => res.json({ok: true});"
    Compress-Archive -Path (Join-Path $source 'index.js') -DestinationPath $zip
    Invoke-RestMethod -Method Put -Uri $upload.uploadUrl -InFile $zip -ContentType 'application/zip' | Out-Null
    $body = @{ environment = 'GEN_2'; labels = $Labels; buildConfig = @{ runtime = 'nodejs20'; entryPoint = $Id; source = @{ storageSource = $upload.storageSource } }; serviceConfig = @{ availableMemory = '256Mi' } } | ConvertTo-Json -Depth 6
    $operation = Invoke-RestMethod -Method Post -Uri "$api/functions?functionId=$Id" -Headers $headers -ContentType 'application/json' -Body $body
    while (-not $operation.done) {
        Start-Sleep -Milliseconds 50
        $operation = Invoke-RestMethod -Uri "http://$($env:JOBFINDER_EMULATOR_HOST)/v2/$($operation.name)" -Headers $headers
    }
    $function = Invoke-RestMethod -Uri "$api/functions/$Id" -Headers $headers
    # Public, as firebase deploy leaves an HTTPS function (Run v1 setIamPolicy with allUsers as invoker).
    $policy = @{ policy = @{ bindings = @(@{ role = 'roles/run.invoker'; members = @('allUsers') }); etag = ''; version = 3 } } | ConvertTo-Json -Depth 6
    Invoke-RestMethod -Method Post -Uri "http://$($env:JOBFINDER_EMULATOR_HOST)/run/v1/$($function.serviceConfig.service):setIamPolicy" -Headers $headers -ContentType 'application/json' -Body $policy | Out-Null
    return $function
}

Export-ModuleMember -Function New-TestEmulatorFunction

function Get-SdkManifest {
    # The manifest a codebase's firebase-functions SDK reports (its manifest server, as firebase-tools
    # starts it: FUNCTIONS_CONTROL_API=true, PORT, GCLOUD_PROJECT; GET /__/functions.yaml, then
    # POST /__/quitquitquit). For tests that load the same code many times.
    param([Parameter(Mandatory)] [string] $SourceDir, [Parameter(Mandatory)] [string] $ProjectId)
    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $listener.Start(); $port = $listener.LocalEndpoint.Port; $listener.Stop()
    $start = [Diagnostics.ProcessStartInfo]::new('node')
    $start.ArgumentList.Add((Join-Path $SourceDir 'node_modules/.bin/firebase-functions'))
    $start.ArgumentList.Add($SourceDir)
    $start.WorkingDirectory = $SourceDir
    $start.Environment['PORT'] = "$port"
    $start.Environment['FUNCTIONS_CONTROL_API'] = 'true'
    $start.Environment['GCLOUD_PROJECT'] = $ProjectId
    $start.Environment['FIREBASE_CONFIG'] = (@{ projectId = $ProjectId } | ConvertTo-Json -Compress)
    $start.RedirectStandardOutput = $true; $start.RedirectStandardError = $true; $start.UseShellExecute = $false
    $server = [Diagnostics.Process]::Start($start)
    try {
        $deadline = [DateTime]::UtcNow.AddSeconds(30)
        while ($true) {
            try { return (Invoke-WebRequest -Uri "http://127.0.0.1:$port/__/functions.yaml" -TimeoutSec 2).Content }
            catch { if ([DateTime]::UtcNow -gt $deadline -or $server.HasExited) { throw "The SDK in $SourceDir served no manifest: $_" }; Start-Sleep -Milliseconds 100 }
        }
    }
    finally {
        try { Invoke-WebRequest -Method Post -Uri "http://127.0.0.1:$port/__/quitquitquit" -TimeoutSec 2 | Out-Null } catch { }
        if (-not $server.WaitForExit(2000)) { $server.Kill($true) }
        $server.Dispose()
    }
}

Export-ModuleMember -Function Get-SdkManifest

function New-TestWebhookSink {
    # A local webhook on a loopback port: records each body it is sent (Bodies) and answers with Status
    # (200 "ok" by default). Dispose it in AfterAll.
    if (-not ('WebhookSink' -as [type])) {
        Add-Type -TypeDefinition @'
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;
public sealed class WebhookSink : System.IDisposable
{
    private readonly HttpListener _listener = new HttpListener();
    public ConcurrentQueue<string> Bodies { get; } = new ConcurrentQueue<string>();
    public int Status { get; set; } = 200;
    public int Port { get; }
    public WebhookSink()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0); probe.Start(); Port = ((IPEndPoint)probe.LocalEndpoint).Port; probe.Stop();
        _listener.Prefixes.Add("http://127.0.0.1:" + Port + "/");
        _listener.Start();
        Task.Run(Loop);
    }
    private async Task Loop()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); } catch { return; }
            using (var reader = new System.IO.StreamReader(context.Request.InputStream)) { Bodies.Enqueue(reader.ReadToEnd()); }
            context.Response.StatusCode = Status;
            var bytes = System.Text.Encoding.UTF8.GetBytes(Status == 200 ? "ok" : "invalid_token");
            context.Response.OutputStream.Write(bytes, 0, bytes.Length);
            context.Response.Close();
        }
    }
    public void Dispose() { _listener.Stop(); _listener.Close(); }
}
'@
    }
    return [WebhookSink]::new()
}

Export-ModuleMember -Function New-TestWebhookSink

function Get-HelpExample {
    # Every example of the cmdlet help (docs/help/<Verb>-<Noun>.md): the ```powershell block under each
    # "### Example N" heading, as a user would paste it. Name is "<cmdlet> Example N".
    $folder = Join-Path (Get-RepositoryRoot) 'docs/help'
    foreach ($file in Get-ChildItem -Path $folder -Filter '*-*.md' | Sort-Object Name) {
        $lines = Get-Content -LiteralPath $file.FullName
        $heading = $null
        for ($i = 0; $i -lt $lines.Count; $i++) {
            if ($lines[$i] -match '^### (Example \d+)') { $heading = $Matches[1]; continue }
            if ($lines[$i] -match '^#{1,3} ') { $heading = $null; continue }
            if ($heading -and $lines[$i].Trim() -eq '```powershell') {
                $code = @()
                for ($i++; $lines[$i].Trim() -ne '```'; $i++) { $code += $lines[$i].Trim() }
                [pscustomobject]@{ Name = "$($file.BaseName) $heading"; Cmdlet = $file.BaseName; Code = $code -join "`n" }
                $heading = $null
            }
        }
    }
}

Export-ModuleMember -Function Get-HelpExample
