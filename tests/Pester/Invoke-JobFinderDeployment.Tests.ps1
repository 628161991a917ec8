BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-ModuleUnderTest
    $emulator = Start-TestEmulator
    $info = Set-TestSmokeCredential

    # The example backend, with enough probes per step that a 30% error rate can't hide in the sample.
    $repo = Copy-Example -Destination (Join-Path $TestDrive 'repo')
    $settingsPath = Join-Path $repo 'jobfinder.ops.json'
    $settings = Get-Content $settingsPath -Raw | ConvertFrom-Json
    $settings.analysis.probeCount = 60
    $settings | ConvertTo-Json -Depth 20 | Set-Content $settingsPath
    $deploy = @{ RepositoryPath = $repo; Environment = 'staging'; SkipBackup = $true; Confirm = $false }
    $steps = @{ TrafficSteps = 10, 50, 100; BakeTime = [timespan]'00:00:00.2' }

    function Set-Source([string] $Version) {
        Add-Content -Path (Join-Path $repo 'functions/index.js') -Value "// release $Version"
    }

    # Stakeholders' chat: what the deployment posts (Slack's JSON: the unknown host's default format).
    $sink = New-TestWebhookSink
    $notifyUri = "http://127.0.0.1:$($sink.Port)/services/T0/B0/deploy-webhook-token"
    function Get-PostedTitle {
        @($sink.Bodies | ForEach-Object { ($_ | ConvertFrom-Json).blocks[0].text.text })
    }
}

AfterAll {
    $sink.Dispose()
    Stop-TestEmulator
}

Describe 'Invoke-JobFinderDeployment' {
    It '-WhatIf outputs the plan and makes no mutating call' {
        Clear-TestEmulatorRequest
        $plan = Invoke-JobFinderDeployment -RepositoryPath $repo -Environment staging -SkipBackup -WhatIf
        $plan.CreateCount | Should -Be 9
        $plan.Strategy | Should -Be 'AllAtOnce'
        $plan.Rules.Count | Should -Be 2
        $plan.Indexes.Action | Should -Contain 'Create'
        $plan.Diff | Should -Match '\+ function submitJob'
        Get-TestEmulatorRequest -Mutating | Should -BeNullOrEmpty
    }

    It 'creates every function, releases the rules and builds the indexes on the first deployment' {
        $record = Invoke-JobFinderDeployment @deploy
        $record.Outcome | Should -Be 'Succeeded'
        @($record.Functions | Where-Object Created).Count | Should -Be 9
        @($record.Rules | Where-Object Released).Count | Should -Be 2
        $record.IndexesCreated.Count | Should -BeGreaterThan 0
        $record.PSObject.Properties.Name | Should -Contain 'DeploymentId'
    }

    It '-WhatIf names each function that changes and what changes in it, one What-if line each' {
        $index = Join-Path $repo 'functions/index.js'
        $original = Get-Content -LiteralPath $index -Raw
        try {
            $changed = $original.Replace('exports.health = onRequest({ cors: true }', 'exports.health = onRequest({ cors: true, memory: "512MiB" }').
                Replace('onCall({ timeoutSeconds: 300, memory: "1GiB" }', 'onCall({ timeoutSeconds: 240, memory: "1GiB" }')
            $changed | Should -Not -Be $original
            Set-Content -LiteralPath $index -Value $changed -NoNewline
            Clear-TestEmulatorRequest
            # -BakeTime in jobfinder.ops.json's own words (5m), as the settings file takes it.
            $lines = Get-WhatIfLine { Invoke-JobFinderDeployment @deploy -Only functions:health, functions:scrapeCompany -TrafficSteps 50, 100 -BakeTime 5m -WhatIf }
            $lines[0] | Should -Be 'What if: Performing the operation "Deploy with Custom (traffic steps 50,100, bake 00:05:00): 0 to create, 2 to update, 0 to delete, 0 unchanged" on target "staging (jobfinder-staging)".'
            $functions = @($lines | Where-Object { $_ -like 'What if:   ~ function *' })
            $functions | Should -HaveCount 2
            $functions | Where-Object { $_ -like '*function health (us-central1): *' } | Should -Match 'memory: \S+ -> 512Mi'
            $functions | Where-Object { $_ -like '*function scrapeCompany (us-central1): *' } | Should -Match 'timeoutSeconds: 300 -> 240'
            $functions | Should -Not -Match 'searchJobs' -Because '-Only left the other functions out'
            Get-TestEmulatorRequest -Mutating | Should -BeNullOrEmpty
        }
        finally {
            Set-Content -LiteralPath $index -Value $original -NoNewline
        }
    }

    It '-BakeTime takes 300s (a short to PowerShell) and 5m as jobfinder.ops.json does, and refuses what is not a duration naming the forms' {
        (Invoke-JobFinderDeployment @deploy -Only functions:health -TrafficSteps 50, 100 -BakeTime 300s -PlanOnly).BakeTime | Should -Be ([timespan]'00:05:00')
        { Invoke-JobFinderDeployment @deploy -TrafficSteps 50, 100 -BakeTime '5 minutes' -PlanOnly } |
            Should -Throw -ErrorId 'ParameterArgumentTransformationError,JobFinder.Ops.Commands.InvokeJobFinderDeploymentCommand' -ExpectedMessage '*5 minutes*30s, 5m*hh:mm:ss*'
        # PowerShell reads a bare 300 as 300 ticks: without a unit it is refused, not taken.
        { Invoke-JobFinderDeployment @deploy -TrafficSteps 50, 100 -BakeTime 300 -PlanOnly } |
            Should -Throw -ErrorId 'ParameterArgumentTransformationError,JobFinder.Ops.Commands.InvokeJobFinderDeploymentCommand' -ExpectedMessage '*300 has no unit*'
    }

    It 'takes a good release through 10 -> 50 -> 100 with the smoke checks on the canary tag first, telling -NotifyUri its start, each step and the outcome' {
        Set-Source 'good'
        $sink.Bodies.Clear()
        $record = Invoke-JobFinderDeployment @deploy @steps -NotifyUri $notifyUri
        $record.Outcome | Should -Be 'Succeeded'
        $kinds = @($record.Steps.Kind | ForEach-Object { "$_" })
        $kinds | Should -Contain 'SmokeCanary'
        ($record.Steps | Where-Object Kind -eq 'Analysis').CanaryPercent | Should -Be @(10, 50)
        @($record.Steps)[-2].Kind | Should -Be 'Promote'
        $record.Verdicts.Decision | Sort-Object -Unique | Should -Be 'Pass'
        $titles = Get-PostedTitle
        $titles.Count | Should -Be 4 -Because ($titles -join "`n")
        $titles[0] | Should -BeLike '*Deploying to staging (jobfinder-staging)'
        $titles[1] | Should -BeLike '*Canary at 10% passed on staging (jobfinder-staging)'
        $titles[2] | Should -BeLike '*Canary at 50% passed on staging (jobfinder-staging)'
        $titles[3] | Should -BeLike '*Deployment completed on staging (jobfinder-staging)'
        # Compact: nine functions' verdicts are one line of the worst figures, not nine fields.
        $fields = @((@($sink.Bodies)[1] | ConvertFrom-Json).blocks | Where-Object fields | ForEach-Object { $_.fields.text })
        $fields | Should -HaveCount 3
        $fields[0] | Should -Match '^\*Canaries\*\n9 functions, \d+ requests; highest error rate \d+\.\d% \(\w+\)'
        @($record.Functions | Where-Object Action -eq 'Update').Count | Should -Be 9
    }

    It 'sends synthetic probes only to what users call: the scheduled function is judged by its metrics' {
        Set-Source 'probes'
        $started = [DateTimeOffset]::UtcNow.AddSeconds(-1)
        $record = Invoke-JobFinderDeployment @deploy @steps
        $record.Outcome | Should -Be 'Succeeded'
        ($record.Verdicts | Where-Object FunctionId -eq 'searchJobs').ProbesUsed | Should -Contain $true -Because 'a callable with no real traffic is probed'
        $scheduled = @($record.Verdicts | Where-Object FunctionId -eq 'cleanupExpiredDocuments')
        $scheduled.Count | Should -Be 2
        $scheduled.ProbesUsed | Should -Be @($false, $false)
        $scheduled.Decision | Should -Be @('Pass', 'Pass')
        # The emulator records every request a revision serves as Cloud Monitoring data (the API request
        # log leaves the function runtime out): the scheduled function's new revision served none.
        $function = $record.Functions | Where-Object FunctionId -eq 'cleanupExpiredDocuments'
        $filter = [uri]::EscapeDataString("metric.type=""run.googleapis.com/request_count"" AND resource.labels.revision_name=""$($function.NewRevision)""")
        $window = "interval.startTime=$([uri]::EscapeDataString($started.ToString('o')))&interval.endTime=$([uri]::EscapeDataString([DateTimeOffset]::UtcNow.AddSeconds(1).ToString('o')))"
        $series = Invoke-RestMethod -Uri "http://$($emulator.EmulatorHost)/v3/projects/jobfinder-staging/timeSeries?filter=$filter&$window" -Headers @{ Authorization = 'Bearer owner' }
        $series.timeSeries | Should -BeNullOrEmpty
        # The same query sees the probes a callable got, so an empty answer above means no request.
        $callable = $record.Functions | Where-Object FunctionId -eq 'searchJobs'
        $filter = [uri]::EscapeDataString("metric.type=""run.googleapis.com/request_count"" AND resource.labels.revision_name=""$($callable.NewRevision)""")
        (Invoke-RestMethod -Uri "http://$($emulator.EmulatorHost)/v3/projects/jobfinder-staging/timeSeries?filter=$filter&$window" -Headers @{ Authorization = 'Bearer owner' }).timeSeries | Should -Not -BeNullOrEmpty
    }

    It 'rolls a release with 30% errors back at the first step, reports DeploymentRolledBack and posts the reason' {
        Set-Source 'bad'
        Add-Content -Path (Join-Path $repo 'functions/.env.staging') -Value 'EMULATOR_FAULT_ERROR_RATE=0.3'
        $sink.Bodies.Clear()
        $record = Invoke-JobFinderDeployment @deploy @steps -Only functions:searchJobs -NotifyUri $notifyUri -ErrorVariable failures -ErrorAction SilentlyContinue
        $record.Outcome | Should -Be 'RolledBack'
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'DeploymentRolledBack,*'
        $titles = Get-PostedTitle
        $titles | Should -HaveCount 3
        $titles[1] | Should -BeLike '*Canary at 10% failed on staging (jobfinder-staging)'
        $titles[2] | Should -BeLike '*Rolled back on staging (jobfinder-staging)'
        # Slack's text escapes its three control characters; the reason names the verdict's numbers.
        $reason = $record.Reason.Replace('&', '&amp;').Replace('<', '&lt;').Replace('>', '&gt;')
        (@($sink.Bodies)[2] | ConvertFrom-Json).text.Contains("was rolled back: $reason") | Should -BeTrue
        $verdict = $record.Verdicts | Select-Object -First 1
        $verdict.Decision | Should -Be 'Fail'
        $verdict.CanaryPercent | Should -Be 10
        $verdict.Canary.ErrorRate | Should -BeGreaterThan 0.1
        $verdict.ProbesUsed | Should -BeTrue
        $function = $record.Functions | Select-Object -First 1
        $service = Invoke-RestMethod -Uri "http://$($emulator.EmulatorHost)/v2/$($function.ServiceName)" -Headers @{ Authorization = 'Bearer owner' }
        $service.traffic.Count | Should -Be 1
        $service.traffic[0].revision | Should -Be $function.StableRevision
        $service.traffic[0].percent | Should -Be 100
        # The automatic rollback went back to the very split an undo restores: the undo has nothing left.
        $look = @($record | Undo-JobFinderDeployment -WhatIf -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] })
        $look.Message -join "`n" | Should -Match 'nothing to undo'
        Set-Content -Path (Join-Path $repo 'functions/.env.staging') -Value ((Get-Content (Join-Path $repo 'functions/.env.staging')) -notmatch 'EMULATOR_FAULT')
    }

    It 'goes on as if nothing happened when the webhook of monitoring.notifyWebhookEnvVar answers 500: a warning per message, the same outcome' {
        Set-Source 'webhook-down'
        $sink.Status = 500
        $sink.Bodies.Clear()
        $env:JOBFINDER_ALERT_WEBHOOK = $notifyUri
        try {
            $record = Invoke-JobFinderDeployment @deploy -Only functions:health -TrafficSteps 100 -WarningVariable warnings -WarningAction SilentlyContinue -ErrorVariable failures
        }
        finally {
            Remove-Item Env:JOBFINDER_ALERT_WEBHOOK
            $sink.Status = 200
        }

        $record.Outcome | Should -Be 'Succeeded'
        $failures | Should -BeNullOrEmpty
        $sink.Bodies.Count | Should -Be 6 -Because 'the start and the outcome, each tried three times'
        $notices = @($warnings | Where-Object { "$_" -like 'Could not deliver*' })
        $notices.Count | Should -Be 2
        "$($notices[0])" | Should -BeLike "Could not deliver the 'Started' notification to the Slack webhook at 127.0.0.1:$($sink.Port): HTTP 500*The deployment goes on."
        "$warnings" | Should -Not -Match 'deploy-webhook-token'
    }

    Context 'A function that left the source' {
        BeforeAll {
            # Deployed earlier by firebase-tools (its label makes it ours to manage), no longer in the source.
            New-TestEmulatorFunction -Project jobfinder-staging -Id staleReport -Labels @{ 'deployment-tool' = 'cli-firebase' } | Out-Null
            $deleteRequests = { @(Get-TestEmulatorRequest -Mutating | Where-Object { $_.method -eq 'DELETE' -and $_.path -like '*/functions/staleReport*' }) }
        }

        It '-Force only skips the prompt: the function is kept and no DELETE is sent' {
            Clear-TestEmulatorRequest
            $record = Invoke-JobFinderDeployment -RepositoryPath $repo -Environment staging -SkipBackup -Force
            $record.Outcome | Should -Be 'Succeeded'
            & $deleteRequests | Should -HaveCount 0
            $live = Invoke-RestMethod -Uri "http://$($env:JOBFINDER_EMULATOR_HOST)/v2/projects/jobfinder-staging/locations/us-central1/functions/staleReport" -Headers @{ Authorization = 'Bearer owner' }
            $live.state | Should -Be 'ACTIVE'
        }

        It '-PruneFunctions -WhatIf lists it for deletion, with a What-if line of its own, and changes nothing' {
            Clear-TestEmulatorRequest
            $plan = Invoke-JobFinderDeployment @deploy -PruneFunctions -WhatIf
            ($plan.Functions | Where-Object FunctionId -eq staleReport).Action | Should -Be 'Delete'
            Get-TestEmulatorRequest -Mutating | Should -BeNullOrEmpty
        }

        It '-PruneFunctions -Confirm:$false deletes it after the rollout and records it' {
            Clear-TestEmulatorRequest
            $record = Invoke-JobFinderDeployment @deploy -PruneFunctions
            $record.Outcome | Should -Be 'Succeeded'
            $record.PruneFunctions | Should -Be @('staleReport')
            & $deleteRequests | Should -HaveCount 1
        }
    }

    It 'refuses a second deployment while another holds the lock, naming its owner' {
        $lock = @{ user = 'alice@build-7'; processId = 4242; deploymentId = '20260101T000000Z-other1'; projectId = 'jobfinder-staging'; acquiredAt = [DateTimeOffset]::UtcNow.ToString('o') } | ConvertTo-Json
        $uri = "http://$($emulator.EmulatorHost)/upload/storage/v1/b/jobfinder-staging-backups/o?uploadType=media&name=jobfinder%2Fdeployments%2Fjobfinder-staging.lock&ifGenerationMatch=0"
        Invoke-RestMethod -Method Post -Uri $uri -Body $lock -ContentType 'application/json' -Headers @{ Authorization = 'Bearer owner' } | Out-Null
        try {
            Set-Source 'locked'
            { Invoke-JobFinderDeployment @deploy -ErrorAction Stop } | Should -Throw -ErrorId 'DeploymentLocked,JobFinder.Ops.Commands.InvokeJobFinderDeploymentCommand' -ExpectedMessage '*alice@build-7*'
        }
        finally {
            Invoke-RestMethod -Method Delete -Uri "http://$($emulator.EmulatorHost)/storage/v1/b/jobfinder-staging-backups/o/jobfinder%2Fdeployments%2Fjobfinder-staging.lock" -Headers @{ Authorization = 'Bearer owner' } | Out-Null
        }
    }

    It 'breaks a stale lock only with -BreakStaleLock: -Force alone skips prompts and leaves the lock' {
        # A lock from a deployment that died two hours ago (lockStaleAfter is 30 minutes).
        $lock = @{ user = 'bob@build-3'; processId = 77; deploymentId = '20260101T000000Z-dead01'; projectId = 'jobfinder-staging'; acquiredAt = [DateTimeOffset]::UtcNow.AddHours(-2).ToString('o') } | ConvertTo-Json
        $object = "http://$($emulator.EmulatorHost)/storage/v1/b/jobfinder-staging-backups/o/jobfinder%2Fdeployments%2Fjobfinder-staging.lock"
        $uri = "http://$($emulator.EmulatorHost)/upload/storage/v1/b/jobfinder-staging-backups/o?uploadType=media&name=jobfinder%2Fdeployments%2Fjobfinder-staging.lock&ifGenerationMatch=0"
        Invoke-RestMethod -Method Post -Uri $uri -Body $lock -ContentType 'application/json' -Headers @{ Authorization = 'Bearer owner' } | Out-Null
        try {
            Set-Source 'stale-lock'
            { Invoke-JobFinderDeployment -RepositoryPath $repo -Environment staging -SkipBackup -Force -ErrorAction Stop } |
                Should -Throw -ErrorId 'DeploymentLockStale,*' -ExpectedMessage '*-BreakStaleLock*'
            (Invoke-RestMethod -Uri $object -Headers @{ Authorization = 'Bearer owner' }).name | Should -Be 'jobfinder/deployments/jobfinder-staging.lock'

            $record = Invoke-JobFinderDeployment @deploy -BreakStaleLock -WarningAction SilentlyContinue
            $record.Outcome | Should -Be 'Succeeded'
        }
        finally {
            try { Invoke-RestMethod -Method Delete -Uri $object -Headers @{ Authorization = 'Bearer owner' } | Out-Null } catch { }
        }
    }

    It 'stops on rules that do not compile before any mutating call, naming file:line:column' {
        $rules = Join-Path $repo 'firestore.rules'
        $good = Get-Content $rules -Raw
        Set-Content -Path $rules -Value ($good -replace 'allow read', 'allow read: if ;  allow read')
        Clear-TestEmulatorRequest
        try {
            { Invoke-JobFinderDeployment @deploy -ErrorAction Stop } | Should -Throw -ErrorId 'RulesCompilationFailed,JobFinder.Ops.Commands.InvokeJobFinderDeploymentCommand' -ExpectedMessage '*firestore.rules:*:*'
            Get-TestEmulatorRequest -Mutating | Should -BeNullOrEmpty
        }
        finally {
            Set-Content -Path $rules -Value $good -NoNewline
        }
    }

    It 'finishes a deployment whose process was killed mid-step with -Resume' {
        Set-Source 'resume'
        $module = Get-ModuleUnderTestPath
        $script = @"
Import-Module '$module'
Connect-JobFinderProject -KeyFile '$($emulator.KeyFilePath)' -EmulatorHost '$($emulator.EmulatorHost)' | Out-Null
Invoke-JobFinderDeployment -RepositoryPath '$repo' -Environment staging -SkipBackup -Confirm:`$false -Only functions:health -TrafficSteps 10,50,100 -BakeTime 00:00:03
"@
        $encoded = [Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes($script))
        $pwsh = [Environment]::ProcessPath
        $arguments = @()
        if ([IO.Path]::GetFileNameWithoutExtension($pwsh) -eq 'dotnet') { $arguments += [System.Reflection.Assembly]::GetEntryAssembly().Location }
        $arguments += @('-NoProfile', '-NonInteractive', '-EncodedCommand', $encoded)
        $journalFolder = Join-Path $repo '.jobfinder/deployments'
        $before = @(Get-ChildItem $journalFolder -Filter *.json -ErrorAction Ignore).Name
        $process = Start-Process -FilePath $pwsh -ArgumentList $arguments -PassThru -RedirectStandardOutput (Join-Path $TestDrive 'killed.out')
        $journal = $null
        $deadline = [DateTime]::UtcNow.AddSeconds(60)
        while (-not $journal -and [DateTime]::UtcNow -lt $deadline) {
            Start-Sleep -Milliseconds 100
            $journal = Get-ChildItem $journalFolder -Filter *.json -ErrorAction Ignore | Where-Object Name -notin $before |
                Where-Object { (Get-Content $_.FullName -Raw) -match '"kind": "Analysis",\s*"name": "[^"]*",\s*"canaryPercent": 10,\s*"state": "Started"' } | Select-Object -First 1
        }
        $process | Stop-Process -Force
        $process.WaitForExit()
        $journal | Should -Not -BeNullOrEmpty -Because 'the deployment reached its first bake before the kill'
        $id = $journal.BaseName
        (Get-JobFinderDeployment -RepositoryPath $repo -Environment staging -Id $id).Outcome | Should -Be 'InProgress'

        $record = Invoke-JobFinderDeployment -RepositoryPath $repo -Environment staging -Resume $id -Confirm:$false
        $record.Id | Should -Be $id
        $record.Outcome | Should -Be 'Succeeded'
        ($record.Steps | Where-Object Kind -eq 'DeployFunctions').Count | Should -Be 1
        ($record.Steps | Where-Object { $_.Kind -eq 'Analysis' -and $_.State -eq 'Completed' }).CanaryPercent | Should -Be @(10, 50)
    }

    It 'refuses to resume a deployment of another environment before touching anything' {
        $staging = Get-JobFinderDeployment -RepositoryPath $repo -Environment staging -Newest 1
        Clear-TestEmulatorRequest

        $refused = { Invoke-JobFinderDeployment -RepositoryPath $repo -Environment production -Resume $staging.Id -Confirm:$false } |
            Should -Throw -ErrorId 'DeploymentProjectMismatch,JobFinder.Ops.Commands.InvokeJobFinderDeploymentCommand' -PassThru

        $refused.Exception.Message | Should -BeLike '*jobfinder-staging*jobfinder-prod*-Environment staging*'
        Get-TestEmulatorRequest -Mutating | Should -BeNullOrEmpty
    }

    It 'completes -Environment and -Only from the repository at PowerShell''s current location' {
        Push-Location $repo
        try {
            $environments = (TabExpansion2 -inputScript ($line = 'Invoke-JobFinderDeployment -Environment p') -cursorColumn $line.Length).CompletionMatches.CompletionText
            $environments | Should -Contain 'production'
            $targets = (TabExpansion2 -inputScript ($line = 'Invoke-JobFinderDeployment -Only functions:s') -cursorColumn $line.Length).CompletionMatches.CompletionText
            $targets | Should -Contain 'functions:submitJob' -Because 'the repository''s journal records the deployed functions'
            $newest = Get-JobFinderDeployment -Environment staging -Newest 1
            foreach ($line in 'Invoke-JobFinderDeployment -Environment staging -Resume ', 'Get-JobFinderDeployment -Id ', 'Undo-JobFinderDeployment -Environment staging -Id ') {
                $ids = @((TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches)
                $ids[0].CompletionText | Should -Be $newest.Id -Because "$line completes the journal's ids, newest first"
                $ids[0].ToolTip | Should -BeLike "$($newest.Id): * of staging, $($newest.Outcome)"
            }
            $revisions = (TabExpansion2 -inputScript ($line = 'Test-JobFinderSmoke -Environment staging -Revision ') -cursorColumn $line.Length).CompletionMatches.CompletionText
            $revisions[0..2] | Should -Be @('live', 'stable', 'canary')
            $revisions | Should -Contain ($newest.Functions | Where-Object NewRevision | Select-Object -First 1).NewRevision
        }
        finally { Pop-Location }
    }

    Context 'Smoke credentials that are wrong' {
        # docs/SMOKE.md "Wrong credentials are not a failed release": they stop the deployment before
        # traffic moves, production is left as it was, and the release is never called bad.
        BeforeAll {
            $goodKey = $env:JOBFINDER_API_KEY
            $dotEnv = Join-Path $repo 'functions/.env.staging'
            $withAllChecks = Get-Content $settingsPath -Raw
            $owner = @{ Authorization = 'Bearer owner' }

            function Get-TestService([string] $FunctionId) {
                $function = Invoke-RestMethod -Uri "http://$($emulator.EmulatorHost)/v2/projects/jobfinder-staging/locations/us-central1/functions/$FunctionId" -Headers $owner
                Invoke-RestMethod -Uri "http://$($emulator.EmulatorHost)/v2/$($function.serviceConfig.service)" -Headers $owner
            }

            function Set-TestKnob([string] $Line) {
                # The function's own configuration: a revision that refuses bearer tokens (emulator fault knob).
                $kept = @(Get-Content $dotEnv | Where-Object { $_ -notmatch 'EMULATOR_FAULT' })
                Set-Content -Path $dotEnv -Value (@($kept) + @($Line | Where-Object { $_ }))
            }
        }

        AfterEach {
            $env:JOBFINDER_API_KEY = $goodKey
            Set-Content -Path $settingsPath -Value $withAllChecks -NoNewline
            Set-TestKnob $null
        }

        It 'stops before any change, with SmokeCredentialsRejected, when the API key is another project''s' {
            Set-Source 'wrong-key'
            $before = Get-TestService getStopList
            $env:JOBFINDER_API_KEY = $info.apiKeys.'jobfinder-prod'
            Clear-TestEmulatorRequest

            $failure = $null
            try { Invoke-JobFinderDeployment @deploy @steps -Only functions:getStopList -ErrorAction Stop | Out-Null } catch { $failure = $_ }

            $failure.FullyQualifiedErrorId | Should -Be 'SmokeCredentialsRejected,JobFinder.Ops.Commands.InvokeJobFinderDeploymentCommand'
            $failure.CategoryInfo.Category | Should -Be 'AuthenticationError'
            $failure.TargetObject | Should -Be 'JOBFINDER_API_KEY'
            $failure.Exception.Message | Should -BeLike "*jobfinder-staging (API key, JOBFINDER_API_KEY)*key of Firebase project jobfinder-prod*'Configuration retrieval'*not a failure of the release*"
            $failure.ErrorDetails.RecommendedAction | Should -BeLike '*firebase apps:sdkconfig WEB --project jobfinder-staging*'
            $failure.Exception.Message + $failure.ErrorDetails.RecommendedAction | Should -Not -BeLike "*$($info.apiKeys.'jobfinder-prod')*"
            Get-TestEmulatorRequest -Mutating | Should -BeNullOrEmpty -Because 'nothing was deployed, pinned, locked or journaled'
            $after = Get-TestService getStopList
            $after.traffic | ConvertTo-Json -Compress | Should -Be ($before.traffic | ConvertTo-Json -Compress)
            ($after.traffic | Measure-Object percent -Sum).Sum | Should -Be 100
            $after.latestReadyRevision | Should -Be $before.latestReadyRevision
        }

        It 'rolls a release that refuses the test user back as a failed release when the stable revision accepts the user' {
            Set-TestKnob 'EMULATOR_FAULT_REJECT_TOKEN=401'
            Set-Source 'rejects-valid-tokens'

            $record = Invoke-JobFinderDeployment @deploy @steps -Only functions:getStopList -ErrorVariable failures -ErrorAction SilentlyContinue -WarningAction SilentlyContinue

            $record.Outcome | Should -Be 'RolledBack'
            $record.CredentialProblem | Should -BeNullOrEmpty
            $record.Reason | Should -BeLike '*Configuration retrieval*'
            $failures[0].FullyQualifiedErrorId | Should -BeLike 'DeploymentRolledBack,*'
        }

        It 'stops before traffic moves, restores production and ends Aborted when the stable revision refuses the test user too' {
            # Production already refuses the smoke user (its code demands a role the user lacks): a release
            # with that behaviour went out while the check was left out of the settings.
            $settings = $withAllChecks | ConvertFrom-Json
            $settings.smoke.checks = @($settings.smoke.checks | Where-Object name -ne 'Configuration retrieval')
            $settings | ConvertTo-Json -Depth 20 | Set-Content $settingsPath
            Set-TestKnob 'EMULATOR_FAULT_REJECT_TOKEN=403'
            Set-Source 'refuses-the-user'
            (Invoke-JobFinderDeployment @deploy -Only functions:getStopList).Outcome | Should -Be 'Succeeded'
            Set-Content -Path $settingsPath -Value $withAllChecks -NoNewline
            Set-Source 'next-release'

            $record = Invoke-JobFinderDeployment @deploy @steps -Only functions:getStopList -ErrorVariable failures -ErrorAction SilentlyContinue -WarningAction SilentlyContinue

            $record.Outcome | Should -Be 'Aborted'
            $record.Reason | Should -BeLike 'Stopped before any traffic moved*'
            $record.CredentialProblem.ErrorId | Should -Be 'SmokeCredentialsRejected'
            "$($record.CredentialProblem.Category)" | Should -Be 'PermissionDenied'
            $record.CredentialProblem.Checks | Should -Be @('Configuration retrieval')
            $failures.Count | Should -Be 1
            $failures[0].FullyQualifiedErrorId | Should -Be 'SmokeCredentialsRejected,JobFinder.Ops.Commands.InvokeJobFinderDeploymentCommand'
            $failures[0].CategoryInfo.Category | Should -Be 'PermissionDenied'
            @($record.Steps.Kind | ForEach-Object { "$_" }) | Should -Not -Contain 'Traffic'
            @($record.Steps.Kind | ForEach-Object { "$_" }) | Should -Not -Contain 'Promote'
            ($record.Steps | Where-Object { "$($_.Kind)" -eq 'Rollback' }).Name | Should -BeLike 'Restore *the release was not judged*'
            $function = $record.Functions | Select-Object -First 1
            $service = Get-TestService getStopList
            $service.traffic.Count | Should -Be 1
            $service.traffic[0].revision | Should -Be $function.StableRevision
            $service.traffic[0].percent | Should -Be 100
            (Get-JobFinderDeployment -RepositoryPath $repo -Environment staging -Id $record.Id).CredentialProblem.Checks | Should -Be @('Configuration retrieval') -Because 'the journal keeps why it stopped'
        }
    }

    Context 'The canary analysis on Monitoring data, on Google''s clock (time-scaled: 1 s points visible after 3 s)' {
        # contactForm has no smoke check: what rolls these releases back is the analysis of what users
        # got, as Cloud Monitoring shows it (complete buckets, after the visibility delay), not probes.
        BeforeAll {
            $dotEnv = Join-Path $repo 'functions/.env.staging'
            $owner = @{ Authorization = 'Bearer owner' }
            function Set-TestKnob([string] $Line) {
                $kept = @(Get-Content $dotEnv | Where-Object { $_ -notmatch 'EMULATOR_FAULT' })
                Set-Content -Path $dotEnv -Value (@($kept) + @($Line | Where-Object { $_ }))
            }

            function Get-FunctionUrl([string] $Function) {
                (Invoke-RestMethod -Uri "http://$($emulator.EmulatorHost)/v2/projects/jobfinder-staging/locations/us-central1/functions/$Function" -Headers $owner).serviceConfig.uri
            }

            function Invoke-UnderUserTraffic([scriptblock] $Deployment, [int] $InFlight = 8, [string] $Function = 'contactForm', [string] $CallableData) {
                # Users call the function's URL (the split serves them) all through the deployment, a few
                # requests at a time (more would starve the planner's function discovery on 2 cores).
                # With -CallableData they POST it as a callable's request body; otherwise they GET.
                $url = Get-FunctionUrl $Function
                $flag = [hashtable]::Synchronized(@{ Stop = $false })
                $users = Start-ThreadJob -ArgumentList $url, $flag, $InFlight, $CallableData -ScriptBlock {
                    param($url, $flag, $limit, $body)
                    $http = [System.Net.Http.HttpClient]::new()
                    $inFlight = [System.Collections.Generic.List[System.Threading.Tasks.Task]]::new()
                    $sent = 0
                    while (-not $flag.Stop) {
                        while ($inFlight.Count -lt $limit) {
                            $call = if ($body) { $http.PostAsync($url, [System.Net.Http.StringContent]::new($body, [Text.Encoding]::UTF8, 'application/json')) } else { $http.GetAsync($url) }
                            $inFlight.Add($call); $sent++
                        }
                        [System.Threading.Tasks.Task]::WaitAny($inFlight.ToArray()) | Out-Null
                        $inFlight.RemoveAll([Predicate[System.Threading.Tasks.Task]] { param($t) $t.IsCompleted }) | Out-Null
                    }
                    $sent
                }
                try { & $Deployment }
                finally {
                    $flag.Stop = $true
                    # Wait, receive, then remove: -AutoRemoveJob on several thread jobs can try to remove one twice.
                    $users | Wait-Job | Receive-Job | Out-Null
                    $users | Remove-Job -Force -ErrorAction Ignore
                }
            }

            function Assert-RolledBackByAnalysis($Record, [string[]] $Basis) {
                $Record.Outcome | Should -Be 'RolledBack'
                $verdict = @($Record.Verdicts | Where-Object Decision -eq 'Fail')[0]
                "$($verdict.Basis)" | Should -BeIn $Basis
                $verdict.ProbesUsed | Should -BeFalse -Because 'real traffic decided, not probes'
                $verdict.RealRequests | Should -BeGreaterOrEqual 20
                $verdict.BucketsUsed | Should -BeGreaterThan 0
                $verdict.Test.VisibleThrough | Should -BeLessOrEqual $verdict.DecidedAt.AddSeconds(-3) -Because 'only points older than the visibility delay count'
                $service = Invoke-RestMethod -Uri "http://$($emulator.EmulatorHost)/v2/$(@($Record.Functions)[0].ServiceName)" -Headers $owner
                $service.traffic[0].revision | Should -Be @($Record.Functions)[0].StableRevision
                return $verdict
            }
        }

        AfterAll {
            Set-TestKnob $null
        }

        It 'rolls back a release whose code throws in a third of one callable''s calls, and users stay on the old code' {
            # A real bug in index.js, no fault knob: searchJobs "caches" its results in a ring of three
            # slots but fills two, so every third call reads an empty slot and throws (500 INTERNAL from
            # the callable protocol). searchJobs has no smoke check: only what users got can catch it.
            Set-TestKnob $null
            $index = Join-Path $repo 'functions/index.js'
            $original = Get-Content -LiteralPath $index -Raw
            $entry = 'exports.searchJobs = onCall(async (request) => {'
            $buggy = $original.Replace($entry, @"
const searchSlots = [{ hits: 0 }, { hits: 0 }, undefined]; // a ring of cached pages
let searchCalls = 0;
$entry
  const slot = searchSlots[searchCalls++ % searchSlots.length];
  slot.hits++; // bug: the third slot was never filled
"@).Replace('return { success: true, total: results.length, results };', 'return { success: true, total: results.length, results, release: "ring-cache" };')
            $buggy | Should -Match 'release: "ring-cache" };'
            $callable = '{"data":{"query":"engineer"}}'
            try {
                Set-Content -LiteralPath $index -Value $buggy -NoNewline
                $record = Invoke-UnderUserTraffic { Invoke-JobFinderDeployment @deploy -Only functions:searchJobs -TrafficSteps 50, 100 -BakeTime 00:00:05 -ErrorAction SilentlyContinue } -Function searchJobs -CallableData $callable
            }
            finally {
                Set-Content -LiteralPath $index -Value $original -NoNewline
            }

            $verdict = Assert-RolledBackByAnalysis $record 'AbsoluteLimit', 'SequentialTest'
            $verdict.FunctionId | Should -Be 'searchJobs'
            $verdict.Canary.Errors | Should -BeGreaterThan 0
            # Users are back on the old code: every call succeeds and none answers with the release's marker.
            $url = Get-FunctionUrl 'searchJobs'
            foreach ($call in 1..6) {
                $answer = Invoke-WebRequest -Uri $url -Method Post -ContentType 'application/json' -Body $callable -SkipHttpErrorCheck
                $answer.StatusCode | Should -Be 200 -Because "call $call is served by the stable revision"
                ($answer.Content | ConvertFrom-Json).result.PSObject.Properties.Name | Should -Not -Contain 'release'
            }
        }

        It 'rolls back a release whose revision times out on 25% of requests' {
            Set-TestKnob 'EMULATOR_FAULT_TIMEOUT_RATE=0.25'
            Set-Source 'times-out'
            $record = Invoke-UnderUserTraffic { Invoke-JobFinderDeployment @deploy -Only functions:contactForm -TrafficSteps 50, 100 -BakeTime 00:00:05 -ErrorAction SilentlyContinue }
            $verdict = Assert-RolledBackByAnalysis $record 'AbsoluteLimit'
            $verdict.Canary.Timeouts / $verdict.Canary.Requests | Should -BeGreaterThan 0.15
        }

        It 'rolls back a release whose p95 latency exceeds 5 s' {
            Set-TestKnob 'EMULATOR_FAULT_LATENCY_MS=5500'
            Set-Source 'slow'
            # The example's own 5 s limit, which Copy-Example raised for the tests that are not about latency.
            $raised = Get-Content -Raw $settingsPath
            $raised | Should -Match '"maxP95Ms": 30000'
            try {
                Set-Content -Path $settingsPath -Value $raised.Replace('"maxP95Ms": 30000', '"maxP95Ms": 5000') -NoNewline
                $record = Invoke-UnderUserTraffic { Invoke-JobFinderDeployment @deploy -Only functions:contactForm -TrafficSteps 50, 100 -BakeTime 00:00:10 -ErrorAction SilentlyContinue } -InFlight 48
            }
            finally {
                Set-Content -Path $settingsPath -Value $raised -NoNewline
            }
            $verdict = Assert-RolledBackByAnalysis $record 'AbsoluteLimit'
            $verdict.Reason | Should -BeLike 'p95 latency*reaches the 5000 ms limit*'
        }

        It 'rolls back a release with three times stable''s error rate, under every fixed limit, by the sequential test' {
            # Production errs on 1% of requests; the release on 3%: under the 10% limit and the old 5-point margin.
            Set-TestKnob 'EMULATOR_FAULT_ERROR_RATE=0.01'
            Set-Source 'one-percent'
            (Invoke-JobFinderDeployment @deploy -Only functions:contactForm -TrafficSteps 100).Outcome | Should -Be 'Succeeded'
            Set-TestKnob 'EMULATOR_FAULT_ERROR_RATE=0.03'
            Set-Source 'three-percent'
            $record = Invoke-UnderUserTraffic { Invoke-JobFinderDeployment @deploy -Only functions:contactForm -TrafficSteps 50, 100 -BakeTime 00:00:15 -ErrorAction SilentlyContinue }
            $verdict = Assert-RolledBackByAnalysis $record 'SequentialTest'
            $verdict.Canary.ErrorRate | Should -BeLessThan 0.1
            $verdict.Test.ErrorLogLikelihoodRatio | Should -BeGreaterOrEqual $verdict.Test.FailBound
            $verdict.Reason | Should -BeLike 'the error rate test reached its fail bound*'
        }
    }
}

Describe 'Invoke-JobFinderDeployment of a first release whose smoke checks fail' {
    BeforeAll {
        $null = Start-TestEmulator   # the seeded state: no function deployed yet
        $first = Copy-Example -Destination (Join-Path $TestDrive 'first-release')
        $settingsPath = Join-Path $first 'jobfinder.ops.json'
        $passing = Get-Content $settingsPath -Raw | ConvertFrom-Json
        $passing = $passing | ConvertTo-Json -Depth 20
        # The same release judged by a health check that expects what health never answers: the smoke
        # checks fail for a reason outside the release (its source hash stays the same).
        $failing = $passing -replace '\$\.status == \\"healthy\\"', '$$.status == \"degraded\"'
        $failing | Should -Not -Be $passing
        $firstDeploy = @{ RepositoryPath = $first; Environment = 'staging'; SkipBackup = $true; Confirm = $false }

        function Get-StagingFunction {
            @((Invoke-RestMethod -Uri "http://$($emulator.EmulatorHost)/v2/projects/jobfinder-staging/locations/-/functions" -Headers @{ Authorization = 'Bearer owner' }).functions | Where-Object { $_ })
        }
    }

    It 'leaves no function of the release serving, and its rollback step names the functions it removed' {
        Set-Content $settingsPath $failing
        $script:failed = Invoke-JobFinderDeployment @firstDeploy -ErrorVariable failures -ErrorAction SilentlyContinue

        $failed.Outcome | Should -Be 'RolledBack'
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'DeploymentRolledBack,*'
        $created = @($failed.Functions | Where-Object Created)
        $created.Count | Should -Be 9
        Get-StagingFunction | Should -BeNullOrEmpty
        $health = $created | Where-Object FunctionId -eq 'health'
        (Invoke-WebRequest -Uri $health.CanaryUrl -SkipHttpErrorCheck).StatusCode | Should -Be 404
        $rollback = @($failed.Steps | Where-Object Kind -eq 'Rollback')
        $rollback.Count | Should -Be 1
        $rollback[0].State | Should -Be 'Completed'
        foreach ($function in $created) { $rollback[0].Message | Should -Match "\b$($function.FunctionId)\b" }
        $created.RemovedByRollback | Should -Not -Contain $false
    }

    It 'gives Undo of that record nothing to do: the undo and the automatic rollback end in the same state' {
        Clear-TestEmulatorRequest
        $look = @($failed | Undo-JobFinderDeployment -WhatIf -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] })
        $look.Message -join "`n" | Should -Match 'nothing to undo'

        $undo = $failed | Undo-JobFinderDeployment -Force -SkipSmoke

        Get-TestEmulatorRequest -Mutating | Should -BeNullOrEmpty
        $undo.Reason | Should -BeLike 'nothing to undo*'
        Get-StagingFunction | Should -BeNullOrEmpty
    }

    It 'deploys the same release again, created and smoke-tested, once its checks pass' {
        Set-Content $settingsPath $passing

        $again = Invoke-JobFinderDeployment @firstDeploy

        $again.Outcome | Should -Be 'Succeeded'
        @($again.Functions | Where-Object Created).Count | Should -Be 9
        $again.Reason | Should -BeLike '0 updated, 9 created*'
        ($again.Steps | Where-Object Kind -eq 'SmokeCanary').State | Should -Be 'Completed'
        @(Get-StagingFunction).Count | Should -Be 9
    }
}

Describe 'Invoke-JobFinderDeployment in CI (a child pwsh -NonInteractive -File)' {
    BeforeAll {
        function Invoke-CiScript([string] $Body, [switch] $CatchErrorId) {
            # docs/DEPLOYMENT.md "In CI": $ErrorActionPreference = 'Stop' at the top, so any error record
            # (a missing confirmation, a rolled-back release) ends the script and pwsh exits 1.
            # -CatchErrorId prints the first error's FullyQualifiedErrorId instead, to tell which came first.
            # (Write-Host: output still queued in the pipeline is lost when a -File script exits from a catch.)
            $run = if ($CatchErrorId) { "try { $Body } catch { Write-Host `"FQID=`$(`$_.FullyQualifiedErrorId)`"; Write-Host `"MESSAGE=`$_`"; exit 3 }" } else { $Body }
            $script = @"
`$ErrorActionPreference = 'Stop'
Import-Module '$(Get-ModuleUnderTestPath)'
Connect-JobFinderProject -KeyFile '$($emulator.KeyFilePath)' -EmulatorHost '$($emulator.EmulatorHost)' | Out-Null
$run
"@
            Invoke-FreshPwsh -Script $script -NonInteractive -AsFile
        }
        $ci = "Invoke-JobFinderDeployment -RepositoryPath '$repo' -Environment staging -SkipBackup -Only functions:health -TrafficSteps 50,100 -BakeTime 00:00:00.2"
    }

    It 'exits non-zero with ConfirmationRequired and the way to run unattended when -Confirm:$false is missing, having changed nothing' {
        Set-Source 'ci-unconfirmed'
        Clear-TestEmulatorRequest

        $result = Invoke-CiScript $ci

        $result.ExitCode | Should -Not -Be 0
        # pwsh wraps the error view at the console width: compare the words, not the layout.
        ($result.Output -join ' ') -replace '\s+\|\s+', ' ' -replace '\s+', ' ' | Should -BeLike '*Invoke-JobFinderDeployment needs confirmation to "Deploy with Custom*" on "staging (jobfinder-staging)"*Add -Confirm:$false (or -Force) to run unattended.*'
        Get-TestEmulatorRequest -Mutating | Should -BeNullOrEmpty
        $caught = Invoke-CiScript $ci -CatchErrorId
        $caught.Output | Should -Contain 'FQID=ConfirmationRequired,JobFinder.Ops.Commands.InvokeJobFinderDeploymentCommand'
        $caught.Output | Should -Contain 'MESSAGE=Invoke-JobFinderDeployment needs confirmation to "Deploy with Custom (traffic steps 50,100, bake 00:00:00.2000000)" on "staging (jobfinder-staging)", but this PowerShell host cannot ask (PowerShell is in NonInteractive mode. Read and Prompt functionality is not available), so it was not done. Add -Confirm:$false (or -Force) to run unattended.'
    }

    It 'exits 0 when the release succeeds, and 0 again without -Confirm:$false when the plan then changes nothing' {
        Set-Source 'ci-good'

        $result = Invoke-CiScript "`$record = $ci -Confirm:`$false; 'OUTCOME=' + `$record.Outcome"

        $result.ExitCode | Should -Be 0 -Because ($result.Output -join "`n")
        $result.Output | Should -Contain 'OUTCOME=Succeeded'

        Clear-TestEmulatorRequest
        $again = Invoke-CiScript "`$record = $ci; 'OUTCOME=' + `$record.Outcome + ' ' + `$record.Reason"

        $again.ExitCode | Should -Be 0 -Because ($again.Output -join "`n")
        $again.Output | Should -Contain 'OUTCOME=Succeeded 0 updated, 0 created, 0 deleted; 0 rules release(s) moved; 0 index(es) created.'
        Get-TestEmulatorRequest -Mutating | Where-Object { $_.path -notmatch '/b/jobfinder-staging-backups/' } | Should -BeNullOrEmpty -Because 'only the lock and the journal are written'
    }

    It 'exits non-zero when the release is rolled back, and the error carries the record for the report' {
        Set-Source 'ci-bad'
        $envFile = Join-Path $repo 'functions/.env.staging'
        $before = Get-Content -Raw $envFile
        Add-Content -Path $envFile -Value 'EMULATOR_FAULT_ERROR_RATE=1'
        $report = Join-Path $TestDrive 'ci-report.html'
        try {
            # The catch block of docs/DEPLOYMENT.md: the report from the error's record, then rethrow.
            $result = Invoke-CiScript @"
try { `$record = $ci -Confirm:`$false }
catch {
    if (`$_.FullyQualifiedErrorId -match '^Deployment(RolledBack|Failed),') { `$_.TargetObject | Export-JobFinderDeploymentReport -Path '$report' }
    throw
}
"@
        }
        finally {
            Set-Content -Path $envFile -Value $before -NoNewline
        }

        $result.ExitCode | Should -Not -Be 0
        ($result.Output -join ' ') -replace '\s+\|\s+', ' ' -replace '\s+', ' ' | Should -BeLike '*Deployment *was rolled back:*'
        $report | Should -Exist
        Get-Content -Raw $report | Should -BeLike '*id="outcome"*>RolledBack</span>*'
    }

    It 'refuses <Case> before any question is asked' -ForEach @(
        @{ Case = 'a backup of another project'; ErrorId = 'BackupProjectMismatch'; Body = "Backup-JobFinderProduction -RepositoryPath '{0}' -Environment production | Invoke-JobFinderDeployment -RepositoryPath '{0}' -Environment staging -Only functions:health" }
        @{ Case = 'production without staging smoke evidence'; ErrorId = 'StagingSmokeRequired'; Body = "Invoke-JobFinderDeployment -RepositoryPath '{0}' -Environment production -SkipBackup -Only functions:health" }
        @{ Case = 'invalid -TrafficSteps'; ErrorId = 'TrafficStepsInvalid'; Body = "Invoke-JobFinderDeployment -RepositoryPath '{0}' -Environment staging -SkipBackup -Only functions:health -TrafficSteps 50,10" }
        @{ Case = 'a deployment lock held by another deployment'; ErrorId = 'DeploymentLocked'; Body = "Invoke-JobFinderDeployment -RepositoryPath '{0}' -Environment staging -SkipBackup -Only functions:health"; Lock = $true }
        @{ Case = 'a -Resume of a deployment that is not in the journal'; ErrorId = 'DeploymentNotFound'; Body = "Invoke-JobFinderDeployment -RepositoryPath '{0}' -Environment staging -Resume 20990101T000000Z-n0ne00" }
    ) {
        Set-Source "ci-gate-$ErrorId"
        $lockObject = "http://$($emulator.EmulatorHost)/storage/v1/b/jobfinder-staging-backups/o/jobfinder%2Fdeployments%2Fjobfinder-staging.lock"
        if ($Lock) {
            $owner = @{ user = 'alice@build-7'; processId = 4242; deploymentId = '20260101T000000Z-other1'; projectId = 'jobfinder-staging'; acquiredAt = [DateTimeOffset]::UtcNow.ToString('o') } | ConvertTo-Json
            Invoke-RestMethod -Method Post -Uri "http://$($emulator.EmulatorHost)/upload/storage/v1/b/jobfinder-staging-backups/o?uploadType=media&name=jobfinder%2Fdeployments%2Fjobfinder-staging.lock&ifGenerationMatch=0" -Body $owner -ContentType 'application/json' -Headers @{ Authorization = 'Bearer owner' } | Out-Null
        }
        try {
            # Under -NonInteractive any question would end the script with ConfirmationRequired: the
            # gate's own ErrorId proves it was checked first.
            $result = Invoke-CiScript ($Body -f $repo) -CatchErrorId
        }
        finally {
            if ($Lock) { Invoke-RestMethod -Method Delete -Uri $lockObject -Headers @{ Authorization = 'Bearer owner' } | Out-Null }
        }

        $result.ExitCode | Should -Be 3 -Because ($result.Output -join "`n")
        $result.Output | Should -Contain "FQID=$ErrorId,JobFinder.Ops.Commands.InvokeJobFinderDeploymentCommand"
    }
}

Describe 'Invoke-JobFinderDeployment -Only storage: the rules go to the default bucket the Firebase Storage API names' {
    BeforeAll {
        # portfolio-site (alias 'portfolio'), so the staging project the other tests use keeps its bucket.
        $storageApi = "http://$($emulator.EmulatorHost)/firebasestorage/v1beta/projects/portfolio-site/defaultBucket"
        $owner = @{ Authorization = 'Bearer owner' }
        $storageDeploy = @{ RepositoryPath = $repo; Environment = 'portfolio'; SkipBackup = $true; Confirm = $false; Only = 'storage' }
        function Get-StorageRelease {
            (Invoke-RestMethod -Uri "http://$($emulator.EmulatorHost)/firebaserules/v1/projects/portfolio-site/releases" -Headers $owner).releases.name |
                Where-Object { $_ -like '*/firebase.storage/*' }
        }
    }

    It 'refuses with StorageDefaultBucketMissing, changing nothing, when the project has no default bucket' {
        # A project whose Storage was never set up: the Firebase console's "Get started" makes the default bucket.
        Invoke-RestMethod -Method Delete -Uri $storageApi -Headers $owner | Out-Null
        Clear-TestEmulatorRequest

        { Invoke-JobFinderDeployment @storageDeploy -ErrorAction Stop } | Should -Throw -ErrorId 'StorageDefaultBucketMissing,JobFinder.Ops.Commands.InvokeJobFinderDeploymentCommand'

        Get-TestEmulatorRequest -Mutating | Should -BeNullOrEmpty
    }

    It 'releases the storage rules on <project>.firebasestorage.app, the bucket a project set up since October 2024 has' {
        $created = Invoke-RestMethod -Method Post -Uri $storageApi -Headers $owner -ContentType 'application/json' -Body '{"location":"us-central1"}'
        $created.bucket.name | Should -Be 'projects/portfolio-site/buckets/portfolio-site.firebasestorage.app'

        $record = Invoke-JobFinderDeployment @storageDeploy

        $record.Outcome | Should -Be 'Succeeded'
        Get-StorageRelease | Should -Contain 'projects/portfolio-site/releases/firebase.storage/portfolio-site.firebasestorage.app'
    }
}

Describe 'Invoke-JobFinderDeployment running the predeploy commands of a codebase read from functions.yaml' {
    BeforeAll {
        # A codebase discovered from the code runs its predeploy while loading (as firebase deploy does);
        # one with a static functions.yaml has them run by the deployment's own predeploy gate.
        $pre = Join-Path $TestDrive 'predeploy'
        New-Item -ItemType Directory -Force -Path (Join-Path $pre 'functions') | Out-Null
        Set-Content (Join-Path $pre '.firebaserc') '{ "projects": { "staging": "jobfinder-staging" } }'
        Set-Content (Join-Path $pre 'jobfinder.ops.json') '{ "rollout": { "strategy": "Custom", "trafficSteps": [100], "bakeTime": "0s" }, "backup": { "bucket": "gs://jobfinder-staging-backups" } }'
        Set-Content (Join-Path $pre 'functions/functions.yaml') "specVersion: v1alpha1`nendpoints:`n  predeployOne:`n    entryPoint: health`n    httpsTrigger: {}`n"
        Set-Content (Join-Path $pre 'functions/index.js') "exports.health = (req, res) => res.json({ status: 'healthy' });"
        function Set-Predeploy([string[]] $Commands) {
            @{ functions = @{ source = 'functions'; runtime = 'nodejs20'; predeploy = $Commands } } | ConvertTo-Json -Depth 5 | Set-Content (Join-Path $pre 'firebase.json')
        }
        $preDeploy = @{ RepositoryPath = $pre; Environment = 'staging'; SkipBackup = $true; Force = $true }
    }

    It 'runs each command in the repository with RESOURCE_DIR, PROJECT_DIR and GCLOUD_PROJECT, then deploys' {
        Set-Predeploy @('echo "$GCLOUD_PROJECT|$RESOURCE_DIR|$PROJECT_DIR|$(pwd)" > predeploy.out', 'echo second >> predeploy.out')

        $record = Invoke-JobFinderDeployment @preDeploy

        $record.Outcome | Should -Be 'Succeeded'
        Get-Content (Join-Path $pre 'predeploy.out') | Should -Be @("jobfinder-staging|$(Join-Path $pre 'functions')|$pre|$pre", 'second')
    }

    It 'refuses with PredeployFailed, naming the command, its exit code and its output, before any mutating call' {
        Set-Predeploy @('echo "lint: 2 problems" >&2; exit 3')
        Add-Content -Path (Join-Path $pre 'functions/index.js') -Value '// v2'
        Clear-TestEmulatorRequest

        { Invoke-JobFinderDeployment @preDeploy -ErrorAction Stop } | Should -Throw -ErrorId 'PredeployFailed,JobFinder.Ops.Commands.InvokeJobFinderDeploymentCommand' -ExpectedMessage "*of codebase 'default' exited with 3; nothing was deployed. Last output:*lint: 2 problems*"
        Get-TestEmulatorRequest -Mutating | Should -BeNullOrEmpty
    }
}

Describe 'Invoke-JobFinderDeployment of a function added to the code' {
    BeforeAll {
        $null = Start-TestEmulator
        # A user's first step with the twin: add an export to index.js, deploy it, call it. The answer is
        # the code's (the emulator runs the revision's source), not a stand-in's.
        $added = Copy-Example -Destination (Join-Path $TestDrive 'added-export')
        Add-Content -Path (Join-Path $added 'functions/index.js') -Value @'

exports.greetVisitor = onRequest(async (req, res) => {
  res.status(201).json({ greeting: `hello ${req.query.name || "world"}`, revision: process.env.K_REVISION, target: process.env.FUNCTION_TARGET });
});

exports.defaultBucket = onRequest(async (req, res) => {
  res.json({ bucket: admin.storage().bucket().name, project: process.env.GCLOUD_PROJECT });
});
'@
        $settingsPath = Join-Path $added 'jobfinder.ops.json'
        $settings = Get-Content $settingsPath -Raw | ConvertFrom-Json
        $settings.smoke.checks = @()
        $settings | ConvertTo-Json -Depth 20 | Set-Content $settingsPath
    }

    It 'deploys the new export and its URL answers what the code returns' {
        $record = Invoke-JobFinderDeployment -RepositoryPath $added -Environment staging -Only functions:greetVisitor -SkipBackup -Confirm:$false
        $record.Outcome | Should -Be 'Succeeded'
        $function = Invoke-RestMethod -Uri "http://$($env:JOBFINDER_EMULATOR_HOST)/v2/projects/jobfinder-staging/locations/us-central1/functions/greetVisitor" -Headers @{ Authorization = 'Bearer owner' }

        $response = Invoke-WebRequest -Uri "$($function.url)?name=Ada" -SkipHttpErrorCheck

        $response.StatusCode | Should -Be 201
        $answer = $response.Content | ConvertFrom-Json
        $answer.greeting | Should -Be 'hello Ada'
        $answer.target | Should -Be 'greetVisitor'
        $answer.revision | Should -Be $function.serviceConfig.revision
    }

    It 'gives it FIREBASE_CONFIG and GCLOUD_PROJECT as firebase deploy does: firebase-admin finds the default bucket the Firebase Storage API names' {
        $record = Invoke-JobFinderDeployment -RepositoryPath $added -Environment staging -Only functions:defaultBucket -SkipBackup -Confirm:$false
        $record.Outcome | Should -Be 'Succeeded'
        $emulatorUri = "http://$($env:JOBFINDER_EMULATOR_HOST)"
        $owner = @{ Authorization = 'Bearer owner' }
        $function = Invoke-RestMethod -Uri "$emulatorUri/v2/projects/jobfinder-staging/locations/us-central1/functions/defaultBucket" -Headers $owner
        $adminSdkConfig = (Invoke-WebRequest -Uri "$emulatorUri/firebase/v1beta1/projects/jobfinder-staging/adminSdkConfig" -Headers $owner).Content
        $storageBucket = (Invoke-RestMethod -Uri "$emulatorUri/firebasestorage/v1beta/projects/jobfinder-staging/defaultBucket" -Headers $owner).bucket.name.Split('/')[-1]
        # firebase-tools writes JSON.stringify(<the adminSdkConfig body>): Node's own answer is the oracle.
        $stringified = $adminSdkConfig | node -e 'process.stdout.write(JSON.stringify(JSON.parse(require("fs").readFileSync(0, "utf8"))))'

        $variables = $function.serviceConfig.environmentVariables
        $variables.FIREBASE_CONFIG | Should -BeExactly $stringified
        $variables.GCLOUD_PROJECT | Should -Be 'jobfinder-staging'
        $variables.EVENTARC_CLOUD_EVENT_SOURCE | Should -Be 'projects/jobfinder-staging/locations/us-central1/services/defaultBucket'
        $answer = Invoke-RestMethod -Uri $function.url
        $answer.bucket | Should -Be $storageBucket
        $answer.project | Should -Be 'jobfinder-staging'

        $again = Invoke-JobFinderDeployment -RepositoryPath $added -Environment staging -Only functions:defaultBucket -SkipBackup -WhatIf
        ($again.Functions | Where-Object FunctionId -EQ defaultBucket).Action | Should -Be 'Unchanged'
    }
}
