BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-ModuleUnderTest
    $emulator = Start-TestEmulator

    function Set-TestSource([string] $Root, [string] $Version, [string] $DotEnv = '') {
        New-Item -ItemType Directory -Force -Path (Join-Path $Root 'functions') | Out-Null
        Set-Content (Join-Path $Root 'firebase.json') '{ "functions": { "source": "functions", "runtime": "nodejs20" } }'
        Set-Content (Join-Path $Root '.firebaserc') '{ "projects": { "default": "jobfinder-staging", "staging": "jobfinder-staging" } }'
        Set-Content (Join-Path $Root 'jobfinder.ops.json') '{ "rollout": { "strategy": "Custom", "trafficSteps": [100], "bakeTime": "0s" }, "backup": { "bucket": "gs://jobfinder-staging-backups" } }'
        Set-Content (Join-Path $Root 'functions/functions.yaml') "specVersion: v1alpha1`nendpoints:`n  watchedOne:`n    entryPoint: health`n    httpsTrigger: {}`n"
        Set-Content (Join-Path $Root 'functions/index.js') "// $Version`nexports.health = (req, res) => res.json({ status: 'healthy' });"
        Set-Content (Join-Path $Root 'functions/.env.staging') $DotEnv
    }

    function Get-TestFunctionUrl {
        # The function's own URL (traffic split), not the canary tag URL an update records.
        (Invoke-RestMethod -Uri "http://$($emulator.EmulatorHost)/v2/projects/jobfinder-staging/locations/us-central1/functions/watchedOne" -Headers @{ Authorization = 'Bearer owner' }).url
    }

    function Send-TestTraffic([int] $Count) {
        $url = Get-TestFunctionUrl
        1..$Count | ForEach-Object { Invoke-WebRequest -Uri $url -SkipHttpErrorCheck | Out-Null }
    }

    $repo = Join-Path $TestDrive 'backend'
    Set-TestSource $repo 'v1'
    Invoke-JobFinderDeployment -RepositoryPath $repo -Environment staging -SkipBackup -Force | Out-Null
}

AfterAll { Stop-TestEmulator }

Describe 'Watch-JobFinderDeployment' {
    It 'emits a sample per poll for the whole duration of a healthy release' {
        $deployment = Get-JobFinderDeployment -RepositoryPath $repo -Environment staging -Newest 1
        Send-TestTraffic 12

        # Monitoring shows a request once its sample period is visible (the emulator's Fast timing: 1 s
        # points, 3 s later); the watch reads only those, as the canary verdict does.
        $samples = @($deployment | Watch-JobFinderDeployment -Duration 00:00:06 -Interval 00:00:01.5)

        $samples.Count | Should -BeGreaterOrEqual 2
        $samples.Poll | Should -Be (1..$samples.Count)
        # Engine types live in the module's own load context: compare by name, not by type literal.
        $samples | ForEach-Object { $_.GetType().FullName | Should -Be 'JobFinder.Ops.Model.WatchSample' }
        $samples.Triggered | Should -Not -Contain $true
        $samples[0].Requests | Should -Be 0 -Because 'requests just sent are not visible yet'
        $samples[-1].TotalRequests | Should -BeGreaterOrEqual 12
        ($samples.Requests | Measure-Object -Sum).Sum | Should -Be $samples[-1].TotalRequests -Because 'each poll reads the buckets that became visible since the last'
        $samples[-1].SuccessCriterionMet | Should -BeTrue -Because 'the plan''s criterion after a deployment is < 1% errors'
        $samples[-1].VisibleThrough | Should -BeLessOrEqual $samples[-1].SampledAt.AddSeconds(-3)
    }

    # -AutoRollback on a failing release is exercised end to end by Rollback.Runbook.Tests.ps1
    # ('watches a failing release and rolls it back automatically'), on a release whose traffic
    # reaches the failing revision after the deployment.

    Context 'Smoke credentials that are wrong' {
        BeforeAll {
            # A callable that checks the caller's ID token, with a signed-in smoke check, deployed with the
            # right credentials (what Start-JobFinderEmulator sets for staging).
            $info = Invoke-TestEmulatorAdmin -Path 'info'
            $goodKey = $info.apiKeys.'jobfinder-staging'
            $env:JOBFINDER_API_KEY = $goodKey
            $env:JOBFINDER_SMOKE_EMAIL = $info.testUser.email
            $env:JOBFINDER_SMOKE_PASSWORD = $info.testUser.password
            $callable = Join-Path $TestDrive 'callable-backend'
            Set-TestSource $callable 'v1'
            Set-Content (Join-Path $callable 'functions/functions.yaml') "specVersion: v1alpha1`nendpoints:`n  watchedCallable:`n    entryPoint: getStopList`n    callableTrigger: {}`n"
            # The callable's code: it answers only a caller with an ID token, as an onCall function does.
            Add-Content (Join-Path $callable 'functions/index.js') "exports.getStopList = (req, res) => (req.get('authorization') || '').startsWith('Bearer ') ? res.json({ result: { success: true, stopList: [] } }) : res.status(401).json({ error: { status: 'UNAUTHENTICATED', message: 'Unauthenticated' } });"
            $deployed = Invoke-JobFinderDeployment -RepositoryPath $callable -Environment staging -SkipBackup -Confirm:$false -WarningAction SilentlyContinue
            # The check is declared after the deployment, so no request has reached the function: the
            # watch's first poll sees no traffic, where a failing smoke check alone is a total failure.
            Set-Content (Join-Path $callable 'jobfinder.ops.json') (@{
                    rollout = @{ strategy = 'Custom'; trafficSteps = @(100); bakeTime = '0s' }
                    backup  = @{ bucket = 'gs://jobfinder-staging-backups' }
                    smoke   = @{ checks = @(@{ name = 'Stop list'; function = 'watchedCallable'; body = @{ data = @{} }; assertions = @('$.result.success == true'); auth = 'firebaseIdToken'; retries = 0 }) }
                } | ConvertTo-Json -Depth 10)
            $owner = @{ Authorization = 'Bearer owner' }
            function Get-CallableTraffic {
                $function = Invoke-RestMethod -Uri "http://$($emulator.EmulatorHost)/v2/projects/jobfinder-staging/locations/us-central1/functions/watchedCallable" -Headers $owner
                (Invoke-RestMethod -Uri "http://$($emulator.EmulatorHost)/v2/$($function.serviceConfig.service)" -Headers $owner).traffic | ConvertTo-Json -Compress
            }
        }

        AfterAll {
            $env:JOBFINDER_API_KEY = $goodKey
        }

        It 'with -AutoRollback and the API key of another project, reports SmokeCredentialsRejected and rolls nothing back' {
            $deployed.Outcome | Should -Be 'Succeeded' -Because 'the release is good; only the credentials below are wrong'
            $before = Get-CallableTraffic
            $env:JOBFINDER_API_KEY = $info.apiKeys.'jobfinder-prod'

            $output = @(Watch-JobFinderDeployment -RepositoryPath $callable -Environment staging -Last -Duration 00:00:00.6 -Interval 00:00:00.2 -AutoRollback -Force -ErrorVariable failures -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)

            $samples = @($output | Where-Object { $_.GetType().FullName -eq 'JobFinder.Ops.Model.WatchSample' })
            $samples.Count | Should -BeGreaterOrEqual 1
            $samples.Triggered | Should -Not -Contain $true
            $samples[0].SmokePassed | Should -BeNullOrEmpty -Because 'a check the credentials kept from running judges nothing'
            $samples[0].Reason | Should -BeLike '*smoke check(s) not judged: SmokeCredentialsRejected*'
            @($output | Where-Object { $_.GetType().FullName -eq 'JobFinder.Ops.Model.DeploymentRecord' }) | Should -BeNullOrEmpty -Because 'no undo ran'
            $failures.Count | Should -Be 1 -Because 'the problem is said once; the watch goes on with the metrics'
            $failures[0].FullyQualifiedErrorId | Should -Be 'SmokeCredentialsRejected,JobFinder.Ops.Commands.WatchJobFinderDeploymentCommand'
            $failures[0].Exception.Message | Should -BeLike "*API key, JOBFINDER_API_KEY*jobfinder-prod*'Stop list'*"
            @(Get-JobFinderDeployment -RepositoryPath $callable -Environment staging | Where-Object Kind -EQ 'Rollback') | Should -BeNullOrEmpty
            Get-CallableTraffic | Should -Be $before
        }
    }

    It 'refuses a zero interval' {
        { Watch-JobFinderDeployment -RepositoryPath $repo -Environment staging -Interval 0 } |
            Should -Throw -ErrorId 'WatchDurationInvalid,JobFinder.Ops.Commands.WatchJobFinderDeploymentCommand'
    }
}
