BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-ModuleUnderTest
    $emulator = Start-TestEmulator
    $base = "http://$($emulator.EmulatorHost)"

    function Set-TestSource([string] $Root, [string] $Version) {
        New-Item -ItemType Directory -Force -Path (Join-Path $Root 'functions') | Out-Null
        Set-Content (Join-Path $Root 'firebase.json') '{ "functions": { "source": "functions", "runtime": "nodejs20" } }'
        Set-Content (Join-Path $Root '.firebaserc') '{ "projects": { "default": "jobfinder-staging", "staging": "jobfinder-staging" } }'
        Set-Content (Join-Path $Root 'jobfinder.ops.json') '{ "rollout": { "strategy": "Custom", "trafficSteps": [100], "bakeTime": "0s" }, "backup": { "bucket": "gs://jobfinder-staging-backups" } }'
        Set-Content (Join-Path $Root 'functions/functions.yaml') "specVersion: v1alpha1`nendpoints:`n  viableOne:`n    entryPoint: health`n    httpsTrigger: {}`n"
        Set-Content (Join-Path $Root 'functions/index.js') "// $Version`nexports.health = (req, res) => res.json({ status: 'healthy' });"
    }

    $repo = Join-Path $TestDrive 'backend'
    Set-TestSource $repo 'v1'
    Invoke-JobFinderDeployment -RepositoryPath $repo -Environment staging -SkipBackup -Force | Out-Null
}

AfterAll { Stop-TestEmulator }

Describe 'Test-JobFinderRollback' {
    It 'reports the serving revision of each function as viable' {
        $result = Test-JobFinderRollback -RepositoryPath $repo -Environment staging -FunctionId viableOne

        $result.Viable | Should -BeTrue
        $result.RevisionReady | Should -BeTrue
        $result.ImageExists | Should -BeTrue
    }

    It 'rehearses a release and its undo and reports each phase' {
        Set-TestSource $repo 'v2'

        $report = Test-JobFinderRollback -RepositoryPath $repo -Environment staging -Rehearse -SkipBackup -Confirm:$false

        $report.Phases.Name | Should -Be @('Snapshot', 'Deploy', 'Undo', 'Compare')
        $report.Passed | Should -BeTrue
        $report.Differences | Should -BeNullOrEmpty
        $report.UndoDuration | Should -BeGreaterThan ([TimeSpan]::Zero)
    }

    It 'reports a target whose image was deleted as not viable, and the next deployment refuses to start' {
        $live = Test-JobFinderRollback -RepositoryPath $repo -Environment staging -FunctionId viableOne
        $service = ($live.Service -split '/')[-1]
        Invoke-RestMethod -Method Delete -Headers @{ Authorization = 'Bearer owner' } `
            -Uri "$base/artifactregistry/v1/projects/jobfinder-staging/locations/us-central1/repositories/gcf-artifacts/packages/$service/tags/$($live.Revision)" | Out-Null

        $broken = Test-JobFinderRollback -RepositoryPath $repo -Environment staging -FunctionId viableOne -WarningAction SilentlyContinue
        $broken.Viable | Should -BeFalse
        $broken.ImageExists | Should -BeFalse

        Set-TestSource $repo 'v3'
        Clear-TestEmulatorRequest
        { Invoke-JobFinderDeployment -RepositoryPath $repo -Environment staging -SkipBackup -Force } |
            Should -Throw -ErrorId 'RollbackTargetNotViable,JobFinder.Ops.Commands.InvokeJobFinderDeploymentCommand'
        Get-TestEmulatorRequest -Mutating | Where-Object { $_.path -match '/functions|/services/' } | Should -BeNullOrEmpty
    }
}
