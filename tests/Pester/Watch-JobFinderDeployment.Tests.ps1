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

        $samples = @($deployment | Watch-JobFinderDeployment -Duration 00:00:00.6 -Interval 00:00:00.2)

        $samples.Count | Should -BeGreaterOrEqual 1
        $samples.Poll | Should -Be (1..$samples.Count)
        # Engine types live in the module's own load context: compare by name, not by type literal.
        $samples | ForEach-Object { $_.GetType().FullName | Should -Be 'JobFinder.Ops.Model.WatchSample' }
        $samples.Triggered | Should -Not -Contain $true
        $samples[0].Requests | Should -Be 12
    }

    # -AutoRollback on a failing release is exercised end to end by Rollback.Runbook.Tests.ps1
    # ('watches a failing release and rolls it back automatically'), on a release whose traffic
    # reaches the failing revision after the deployment.

    It 'refuses a zero interval' {
        { Watch-JobFinderDeployment -RepositoryPath $repo -Environment staging -Interval 0 } |
            Should -Throw -ErrorId 'WatchDurationInvalid,JobFinder.Ops.Cmdlets.Cmdlets.WatchJobFinderDeploymentCommand'
    }
}
