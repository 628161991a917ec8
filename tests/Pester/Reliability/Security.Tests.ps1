# Secrets never leak (issue 11, "Security"): a full flow — backup, canary deployment with smoke checks that
# mint Firebase ID tokens, alert policies with a webhook channel whose URL comes from an environment
# variable, a notification to a loopback webhook, the HTML report, undo — runs with every stream captured
# (Verbose and Debug included), then tools/Find-Secret.ps1 searches everything it produced for every
# secret in play. And production changes need confirmation: under pwsh -NonInteractive, Invoke and Undo
# against production without -Confirm:$false/-Force fail with ConfirmationRequired and change nothing.
# The emulator's refusal of unauthenticated and under-privileged calls is proven in its own suite
# (tests/Unit/JobFinder.Ops.Emulator.Tests, see docs/RELIABILITY.md) and by BadInput.Tests.ps1.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../TestHelpers.psm1') -Force
    Import-ModuleUnderTest
    $emulator = Start-TestEmulator
    $info = Invoke-TestEmulatorAdmin -Path 'info'
    $findSecret = Join-Path (Get-RepositoryRoot) 'tools/Find-Secret.ps1'

    # A loopback webhook that keeps every payload it receives.
    $listener = [System.Net.HttpListener]::new()
    $probe = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0); $probe.Start(); $port = $probe.LocalEndpoint.Port; $probe.Stop()
    $listener.Prefixes.Add("http://127.0.0.1:$port/")
    $listener.Start()
    $received = [System.Collections.Concurrent.ConcurrentQueue[string]]::new()
    $listening = [powershell]::Create().AddScript({
        param($listener, $received)
        while ($listener.IsListening) {
            try { $context = $listener.GetContext() } catch { return }
            $reader = [IO.StreamReader]::new($context.Request.InputStream)
            # The body only: the URL path carries the token by design (it is the webhook's address).
            $received.Enqueue($reader.ReadToEnd())
            $context.Response.StatusCode = 200
            $context.Response.Close()
        }
    }).AddArgument($listener).AddArgument($received)
    $listenerHandle = $listening.BeginInvoke()

    $secrets = @{
        'webhook token'        = 'whk' + [Guid]::NewGuid().ToString('N')
        'secret env value'     = 'sk_live_' + [Guid]::NewGuid().ToString('N')
        'smoke user password'  = $info.testUser.password
        'API key'              = $info.apiKey
        'function secret value' = 'gen-key-' + [Guid]::NewGuid().ToString('N')
    }
    $env:JOBFINDER_API_KEY = $info.apiKey
    $env:JOBFINDER_SMOKE_EMAIL = $info.testUser.email
    $env:JOBFINDER_SMOKE_PASSWORD = $info.testUser.password
    $env:JOBFINDER_ALERT_WEBHOOK = "http://127.0.0.1:$port/services/T0JOBS/B0DEPLOY/$($secrets['webhook token'])"

    # The example's generateDocument declares GENERATOR_API_KEY (defineSecret): a version with a value of
    # our own, which the deployment pins and the emulator gives the running code, must show up nowhere.
    $secretVersion = @{ payload = @{ data = [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes($secrets['function secret value'])) } } | ConvertTo-Json
    Invoke-RestMethod -Method Post -Uri "http://$($emulator.EmulatorHost)/v1/projects/jobfinder-staging/secrets/GENERATOR_API_KEY:addVersion" -Headers @{ Authorization = 'Bearer owner' } -ContentType 'application/json' -Body $secretVersion | Out-Null

    $repo = Copy-Example -Destination (Join-Path $TestDrive 'repo')
    Add-Content (Join-Path $repo 'functions/.env.staging') "PAYMENT_API_SECRET=$($secrets['secret env value'])"
    $policyFile = Join-Path $repo 'monitoring-config.yaml'
    $policies = (Get-Content -Raw $policyFile).Replace('notificationChannels: [oncall-email]', 'notificationChannels: [oncall-email, deploy-webhook]')
    $policies = $policies.Replace("notificationChannels:`n", "notificationChannels:`n  - name: deploy-webhook`n    type: webhook_tokenauth`n    secretLabels: { url: JOBFINDER_ALERT_WEBHOOK }`n")
    Set-Content $policyFile $policies -NoNewline

    # Tokens the emulator issued during the run are secrets too: the deployer's access token (obtained
    # here the way the module obtains it) and an ID token of the smoke user.
    $key = Get-Content -Raw $emulator.KeyFilePath | ConvertFrom-Json
    $signIn = Invoke-RestMethod -Method Post -Uri "http://$($emulator.EmulatorHost)/identitytoolkit/v1/accounts:signInWithPassword?key=$($info.apiKey)" -ContentType 'application/json' -Body (@{ email = $info.testUser.email; password = $info.testUser.password; returnSecureToken = $true } | ConvertTo-Json)
    $secrets['an ID token'] = $signIn.idToken

    $outputs = [System.Collections.Generic.List[object]]::new()
    $streams = [System.Text.StringBuilder]::new()
    function Invoke-Captured([scriptblock] $Step) {
        # All six streams of one step: objects kept for serialization, everything else as text.
        $VerbosePreference = 'Continue'; $DebugPreference = 'Continue'; $InformationPreference = 'Continue'
        $all = & $Step *>&1
        foreach ($item in $all) {
            if ($item -is [System.Management.Automation.ErrorRecord] -or $item -is [System.Management.Automation.VerboseRecord] -or
                $item -is [System.Management.Automation.DebugRecord] -or $item -is [System.Management.Automation.WarningRecord] -or
                $item -is [System.Management.Automation.InformationRecord]) {
                [void] $streams.AppendLine("$($item.GetType().Name): $item")
                if ($item -is [System.Management.Automation.ErrorRecord]) { [void] $streams.AppendLine("$($item.Exception | Format-List * -Force | Out-String)") }
            }
            else {
                $outputs.Add($item)
            }
        }
    }

    $staging = @{ RepositoryPath = $repo; Environment = 'staging' }
    Invoke-Captured { Connect-JobFinderProject -KeyFile $emulator.KeyFilePath -EmulatorHost $emulator.EmulatorHost }
    Invoke-Captured { Get-JobFinderContext }
    Invoke-Captured { Invoke-JobFinderDeployment @staging -SkipBackup -Confirm:$false }
    Invoke-Captured { $script:backup = Backup-JobFinderProduction @staging -Verify; $script:backup }
    Add-Content (Join-Path $repo 'functions/index.js') '// release 2'
    Invoke-Captured { $script:deployment = $script:backup | Invoke-JobFinderDeployment @staging -TrafficSteps 10, 100 -BakeTime 00:00:00.2 -Confirm:$false; $script:deployment }
    Invoke-Captured { Test-JobFinderSmoke @staging -OutputFormat JUnit -OutputPath (Join-Path $TestDrive 'smoke.junit.xml') }
    Invoke-Captured { Test-JobFinderSmoke @staging -Revision stable }
    Invoke-Captured { Set-JobFinderAlertPolicy -RepositoryPath $repo -Environment staging -Confirm:$false }
    Invoke-Captured { Get-JobFinderAlertPolicy -RepositoryPath $repo -Environment staging }
    Invoke-Captured { Export-JobFinderAlertPolicy -RepositoryPath $repo -Environment staging -Path (Join-Path $TestDrive 'exported-policies.yaml') }
    Invoke-Captured { $script:deployment | Send-JobFinderNotification -UriFromEnvironment JOBFINDER_ALERT_WEBHOOK -Phase Completed -PassThru }
    Invoke-Captured { $script:deployment | Export-JobFinderDeploymentReport -Path (Join-Path $TestDrive 'report.html') -Backup $script:backup }
    Invoke-Captured { $script:deployment | Undo-JobFinderDeployment -Force -NotifyUri $env:JOBFINDER_ALERT_WEBHOOK }
    Invoke-Captured { Get-JobFinderDeployment @staging }

    # The bucket's copies (journals, backup manifests and artifacts) are downloaded for the search.
    $bucketCopy = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'bucket')
    $objects = Invoke-RestMethod -Uri "http://$($emulator.EmulatorHost)/storage/v1/b/jobfinder-staging-backups/o" -Headers @{ Authorization = 'Bearer owner' }
    foreach ($object in @($objects.items | Where-Object { $_.name -notmatch '/all_namespaces/' })) {
        $target = Join-Path $bucketCopy ($object.name -replace '[/:]', '_')
        Invoke-WebRequest -Uri "http://$($emulator.EmulatorHost)/storage/v1/b/jobfinder-staging-backups/o/$([Uri]::EscapeDataString($object.name))?alt=media" -Headers @{ Authorization = 'Bearer owner' } -OutFile $target
    }
}

AfterAll {
    $listener.Stop(); $listener.Close(); $listening.Dispose()
    Remove-Item Env:JOBFINDER_ALERT_WEBHOOK, Env:JOBFINDER_SMOKE_PASSWORD -ErrorAction Ignore
    Stop-TestEmulator
}

Describe 'Secrets in a full flow' {
    It 'ran the whole flow (so there was something to leak)' {
        $deployment.Outcome | Should -Be 'Succeeded'
        "$($backup.Verification)" | Should -BeIn 'HashesVerified', 'RestoreVerified'
        @($received).Count | Should -BeGreaterOrEqual 2 -Because 'the notification and the undo both posted to the webhook'
        @($outputs | Where-Object { $_.PSObject.TypeNames[0] -like '*MonitoringChange' }).Count | Should -BeGreaterThan 0
        Test-Path (Join-Path $TestDrive 'report.html') | Should -BeTrue
        Test-Path (Join-Path $TestDrive 'smoke.junit.xml') | Should -BeTrue
        $streams.ToString() | Should -Match 'DebugRecord: GET http'
    }

    It 'found none of the secrets in any object, stream, journal, manifest, report, payload or JUnit file' {
        $serialized = ($outputs | ForEach-Object { $_ | ConvertTo-Json -Depth 12 -WarningAction Ignore }) -join "`n"
        $formatted = ($outputs | Format-List * -Force | Out-String -Width 400)
        $payloads = @($received) -join "`n"
        $findings = & $findSecret -Secret $secrets -KeyFile $emulator.KeyFilePath `
            -Path (Join-Path $repo '.jobfinder'), (Join-Path $repo 'backups'), $bucketCopy.FullName, (Join-Path $TestDrive 'report.html'), (Join-Path $TestDrive 'smoke.junit.xml'), (Join-Path $TestDrive 'exported-policies.yaml') `
            -Exclude '*functions*.function.json', '*functions*.service.json' `
            -Text @{ objects = $serialized; formatted = $formatted; streams = $streams.ToString(); webhook = $payloads }
        $findings | ForEach-Object { "$($_.Secret) in $($_.Where):$($_.Line)" } | Should -BeNullOrEmpty
    }

    It 'searches for real: a planted secret is found' {
        $planted = Join-Path $TestDrive 'planted.txt'
        Set-Content $planted "line one`nurl=$([Uri]::EscapeDataString($env:JOBFINDER_ALERT_WEBHOOK))"
        $findings = @(& $findSecret -Secret @{ 'webhook URL' = $env:JOBFINDER_ALERT_WEBHOOK } -KeyFile $emulator.KeyFilePath -Path $planted -Text @{ key = (Get-Content -Raw $emulator.KeyFilePath) })
        ($findings | Where-Object Where -EQ $planted).Line | Should -Be 2
        ($findings | Where-Object Where -EQ '<key>').Secret | Should -Contain 'deployer.json private_key_id'
    }
}

Describe 'Production changes need confirmation' {
    It '<Command> against production under -NonInteractive without -Confirm:$false or -Force fails and changes nothing' -ForEach @(
        @{ Command = 'Invoke-JobFinderDeployment'; Line = "Invoke-JobFinderDeployment -RepositoryPath '{0}' -Environment production -SkipBackup -SkipRollbackCheck -ErrorAction Stop"; Class = 'InvokeJobFinderDeploymentCommand' }
        @{ Command = 'Undo-JobFinderDeployment'; Line = "Undo-JobFinderDeployment -RepositoryPath '{0}' -Environment production -Id {1} -ErrorAction Stop"; Class = 'UndoJobFinderDeploymentCommand' }
    ) {
        # A production journal entry for Undo to find (the local copy is enough).
        $prodRecord = Get-Content -Raw (Get-ChildItem (Join-Path $repo '.jobfinder/deployments') -Filter *.json | Select-Object -First 1).FullName | ConvertFrom-Json
        $prodRecord.projectId = 'jobfinder-prod'; $prodRecord.environment = 'production'; $prodRecord.id = '20260101T000000Z-c0ffee'
        $prodRecord | ConvertTo-Json -Depth 20 | Set-Content (Join-Path $repo '.jobfinder/deployments/20260101T000000Z-c0ffee.json')
        # Gates refuse before the question is asked; this test is about the question, so production's
        # staging-smoke gate is off here (Invoke-JobFinderDeployment.Tests.ps1 proves the gate comes first).
        $settingsPath = Join-Path $repo 'jobfinder.ops.json'
        (Get-Content -Raw $settingsPath) -replace '"requireStagingSmoke": true', '"requireStagingSmoke": false' | Set-Content $settingsPath -NoNewline
        # The smoke user's sign-in is a gate too: it must pass with production's web API key.
        $productionKey = (Invoke-TestEmulatorAdmin -Path 'info').apiKeys.'jobfinder-prod'
        Clear-TestEmulatorRequest
        $script = @"
Import-Module '$(Get-ModuleUnderTestPath)'
Connect-JobFinderProject -KeyFile '$($emulator.KeyFilePath)' -EmulatorHost '$($emulator.EmulatorHost)' | Out-Null
`$env:JOBFINDER_API_KEY = '$productionKey'
try { $($Line -f $repo, '20260101T000000Z-c0ffee') } catch { Write-Output "FQID=`$(`$_.FullyQualifiedErrorId)"; Write-Output "MESSAGE=`$_"; exit 3 }
"@
        $result = Invoke-FreshPwsh -Script $script -NonInteractive
        $result.ExitCode | Should -Be 3
        ($result.Output | Where-Object { $_ -like 'FQID=*' }) | Should -Be "FQID=ConfirmationRequired,JobFinder.Ops.Commands.$Class"
        ($result.Output | Where-Object { $_ -like 'MESSAGE=*' }) | Should -BeLike "MESSAGE=$Command needs confirmation to *cannot ask*Add -Confirm:`$false (or -Force) to run unattended."
        Get-TestEmulatorRequest -Mutating | Should -BeNullOrEmpty
    }
}
