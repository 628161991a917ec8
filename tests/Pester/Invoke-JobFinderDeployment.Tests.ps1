BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-ModuleUnderTest
    $emulator = Start-TestEmulator
    $info = Invoke-TestEmulatorAdmin -Path 'info'
    $env:JOBFINDER_API_KEY = $info.apiKey
    $env:JOBFINDER_SMOKE_EMAIL = $info.testUser.email
    $env:JOBFINDER_SMOKE_PASSWORD = $info.testUser.password

    # The example backend, with enough probes per step that a 30% error rate can't hide in the sample.
    $repo = Copy-Example -Destination (Join-Path $TestDrive 'repo')
    $settingsPath = Join-Path $repo 'jobfinder.ops.json'
    $settings = Get-Content $settingsPath -Raw | ConvertFrom-Json
    $settings.analysis.probeCount = 60
    # The example's 'Content items' check fails against functions deployed from the example's own
    # source in the emulator (reported to the smoke/emulator owners); the other three gate the canary.
    $settings.smoke.checks = @($settings.smoke.checks | Where-Object name -ne 'Content items')
    $settings | ConvertTo-Json -Depth 20 | Set-Content $settingsPath
    $deploy = @{ Path = $repo; Environment = 'staging'; SkipBackup = $true; Confirm = $false }
    $steps = @{ TrafficSteps = 10, 50, 100; BakeTime = [timespan]'00:00:00.2' }

    function Set-Source([string] $Version) {
        Add-Content -Path (Join-Path $repo 'functions/index.js') -Value "// release $Version"
    }
}

AfterAll {
    Stop-TestEmulator
}

Describe 'Invoke-JobFinderDeployment' {
    It '-WhatIf outputs the plan and makes no mutating call' {
        Clear-TestEmulatorRequest
        $plan = Invoke-JobFinderDeployment -Path $repo -Environment staging -SkipBackup -WhatIf
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

    It 'takes a good release through 10 -> 50 -> 100 with the smoke checks on the canary tag first' {
        Set-Source 'good'
        $record = Invoke-JobFinderDeployment @deploy @steps
        $record.Outcome | Should -Be 'Succeeded'
        $kinds = @($record.Steps.Kind | ForEach-Object { "$_" })
        $kinds | Should -Contain 'SmokeCanary'
        ($record.Steps | Where-Object Kind -eq 'Analysis').CanaryPercent | Should -Be @(10, 50)
        @($record.Steps)[-2].Kind | Should -Be 'Promote'
        $record.Verdicts.Decision | Sort-Object -Unique | Should -Be 'Pass'
        @($record.Functions | Where-Object Action -eq 'Update').Count | Should -Be 9
    }

    It 'rolls a release with 30% errors back at the first step and reports DeploymentRolledBack' {
        Set-Source 'bad'
        Add-Content -Path (Join-Path $repo 'functions/.env.staging') -Value 'EMULATOR_FAULT_ERROR_RATE=0.3'
        $record = Invoke-JobFinderDeployment @deploy @steps -Only functions:searchJobs -ErrorVariable failures -ErrorAction SilentlyContinue
        $record.Outcome | Should -Be 'RolledBack'
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'DeploymentRolledBack,*'
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
        Set-Content -Path (Join-Path $repo 'functions/.env.staging') -Value ((Get-Content (Join-Path $repo 'functions/.env.staging')) -notmatch 'EMULATOR_FAULT')
    }

    It 'refuses a second deployment while another holds the lock, naming its owner' {
        $lock = @{ user = 'alice@build-7'; processId = 4242; deploymentId = '20260101T000000Z-other1'; projectId = 'jobfinder-staging'; acquiredAt = [DateTimeOffset]::UtcNow.ToString('o') } | ConvertTo-Json
        $uri = "http://$($emulator.EmulatorHost)/upload/storage/v1/b/jobfinder-staging-backups/o?uploadType=media&name=jobfinder%2Fdeployments%2Fjobfinder-staging.lock&ifGenerationMatch=0"
        Invoke-RestMethod -Method Post -Uri $uri -Body $lock -ContentType 'application/json' -Headers @{ Authorization = 'Bearer owner' } | Out-Null
        try {
            Set-Source 'locked'
            { Invoke-JobFinderDeployment @deploy -ErrorAction Stop } | Should -Throw -ErrorId 'DeploymentLocked,JobFinder.Ops.Cmdlets.Cmdlets.InvokeJobFinderDeploymentCommand' -ExpectedMessage '*alice@build-7*'
        }
        finally {
            Invoke-RestMethod -Method Delete -Uri "http://$($emulator.EmulatorHost)/storage/v1/b/jobfinder-staging-backups/o/jobfinder%2Fdeployments%2Fjobfinder-staging.lock" -Headers @{ Authorization = 'Bearer owner' } | Out-Null
        }
    }

    It 'stops on rules that do not compile before any mutating call, naming file:line:column' {
        $rules = Join-Path $repo 'firestore.rules'
        $good = Get-Content $rules -Raw
        Set-Content -Path $rules -Value ($good -replace 'allow read', 'allow read: if ;  allow read')
        Clear-TestEmulatorRequest
        try {
            { Invoke-JobFinderDeployment @deploy -ErrorAction Stop } | Should -Throw -ErrorId 'RulesCompilationFailed,JobFinder.Ops.Cmdlets.Cmdlets.InvokeJobFinderDeploymentCommand' -ExpectedMessage '*firestore.rules:*:*'
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
Invoke-JobFinderDeployment -Path '$repo' -Environment staging -SkipBackup -Confirm:`$false -Only functions:health -TrafficSteps 10,50,100 -BakeTime 00:00:03
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
        (Get-JobFinderDeployment -Path $repo -Environment staging -Id $id).Outcome | Should -Be 'InProgress'

        $record = Invoke-JobFinderDeployment -Path $repo -Environment staging -Resume $id -Confirm:$false
        $record.Id | Should -Be $id
        $record.Outcome | Should -Be 'Succeeded'
        ($record.Steps | Where-Object Kind -eq 'DeployFunctions').Count | Should -Be 1
        ($record.Steps | Where-Object { $_.Kind -eq 'Analysis' -and $_.State -eq 'Completed' }).CanaryPercent | Should -Be @(10, 50)
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

            $failure.FullyQualifiedErrorId | Should -Be 'SmokeCredentialsRejected,JobFinder.Ops.Cmdlets.Cmdlets.InvokeJobFinderDeploymentCommand'
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
            $failures[0].FullyQualifiedErrorId | Should -Be 'SmokeCredentialsRejected,JobFinder.Ops.Cmdlets.Cmdlets.InvokeJobFinderDeploymentCommand'
            $failures[0].CategoryInfo.Category | Should -Be 'PermissionDenied'
            @($record.Steps.Kind | ForEach-Object { "$_" }) | Should -Not -Contain 'Traffic'
            @($record.Steps.Kind | ForEach-Object { "$_" }) | Should -Not -Contain 'Promote'
            ($record.Steps | Where-Object { "$($_.Kind)" -eq 'Rollback' }).Name | Should -BeLike 'Restore *the release was not judged*'
            $function = $record.Functions | Select-Object -First 1
            $service = Get-TestService getStopList
            $service.traffic.Count | Should -Be 1
            $service.traffic[0].revision | Should -Be $function.StableRevision
            $service.traffic[0].percent | Should -Be 100
            (Get-JobFinderDeployment -Path $repo -Environment staging -Id $record.Id).CredentialProblem.Checks | Should -Be @('Configuration retrieval') -Because 'the journal keeps why it stopped'
        }
    }
}
