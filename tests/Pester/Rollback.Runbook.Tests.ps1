# Runs every command of docs/ROLLBACK.md, verbatim, against the emulator: a runbook that was never run
# is a hope. The first test proves the list below is exactly the document's commands.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-ModuleUnderTest
    $emulator = Start-TestEmulator
    $runbook = Join-Path (Get-RepositoryRoot) 'docs/ROLLBACK.md'

    function Get-RunbookCommand {
        # Every line of the document's powershell blocks.
        $inBlock = $false
        foreach ($line in Get-Content $runbook) {
            if ($line.Trim() -eq '```powershell') { $inBlock = $true; continue }
            if ($line.Trim() -eq '```') { $inBlock = $false; continue }
            if ($inBlock -and $line.Trim()) { $line.Trim() }
        }
    }

    function Set-TestSource([string] $Root, [string] $Version, [string] $DotEnv = '') {
        New-Item -ItemType Directory -Force -Path (Join-Path $Root 'functions') | Out-Null
        Set-Content (Join-Path $Root 'firebase.json') '{ "functions": { "source": "functions", "runtime": "nodejs20" } }'
        Set-Content (Join-Path $Root '.firebaserc') '{ "projects": { "default": "jobfinder-prod", "production": "jobfinder-prod" } }'
        Set-Content (Join-Path $Root 'jobfinder.ops.json') '{ "rollout": { "strategy": "Custom", "trafficSteps": [100], "bakeTime": "0s" }, "backup": { "bucket": "gs://jobfinder-prod-backups" } }'
        Set-Content (Join-Path $Root 'functions/functions.yaml') "specVersion: v1alpha1`nendpoints:`n  runbookOne:`n    entryPoint: health`n    httpsTrigger: {}`n"
        Set-Content (Join-Path $Root 'functions/index.js') "// $Version`nexports.health = (req, res) => res.json({ status: 'healthy', release: '$Version' });"
        Set-Content (Join-Path $Root 'functions/.env.production') $DotEnv
    }

    function Get-TestFunctionUrl {
        # The function's own URL (traffic split), not the canary tag URL an update records.
        (Invoke-RestMethod -Uri "http://$($env:JOBFINDER_EMULATOR_HOST)/v2/projects/jobfinder-prod/locations/us-central1/functions/runbookOne" -Headers @{ Authorization = 'Bearer owner' }).url
    }

    $repo = Join-Path $TestDrive 'backend'
    Set-TestSource $repo 'v1'
    Push-Location $repo
    Invoke-JobFinderDeployment -Environment production -SkipBackup -Force | Out-Null
    Backup-JobFinderProduction -Environment production -Verify | Out-Null
}

AfterAll {
    Pop-Location
    Stop-TestEmulator
}

Describe 'docs/ROLLBACK.md' {
    It 'lists exactly the commands this runbook test runs' {
        $ran = @(
            'Test-JobFinderRollback -Environment production'
            'Get-JobFinderDeployment -Environment production -Newest 1 | Test-JobFinderRollback'
            'Watch-JobFinderDeployment -Environment production -Last -Duration 02:00:00 -Interval 00:01:00 -AutoRollback -Force'
            'Undo-JobFinderDeployment -Environment production -Last -WhatIf'
            'Undo-JobFinderDeployment -Environment production -Last -Force'
            'Undo-JobFinderDeployment -Environment production -Id $deployment.Id -Force'
            'Get-JobFinderBackup -Environment production | Select-Object -First 1 | Restore-JobFinderBackup -Force'
            '$backup = Get-JobFinderBackup -Environment production | Select-Object -First 1'
            'Start-JobFinderEmulator -FromBackup $backup'
            'Test-JobFinderRollback -Environment production -Rehearse -SkipBackup -AllowProduction -Force'
        )
        @(Get-RunbookCommand) | Should -Be $ran
    }

    It 'checks the rollback target before deploying and after' {
        (Test-JobFinderRollback -Environment production).Viable | Should -BeTrue
        (Get-JobFinderDeployment -Environment production -Newest 1 | Test-JobFinderRollback) | Should -BeNullOrEmpty -Because 'a first deployment only created functions: nothing to go back to'
    }

    It 'watches a failing release and rolls it back automatically' {
        Set-TestSource $repo 'v2' 'EMULATOR_FAULT_ERROR_RATE=1'
        Invoke-JobFinderDeployment -Environment production -SkipBackup -Force | Out-Null
        $url = Get-TestFunctionUrl
        1..8 | ForEach-Object { Invoke-WebRequest -Uri $url -SkipHttpErrorCheck | Out-Null }

        $output = Watch-JobFinderDeployment -Environment production -Last -Duration 02:00:00 -Interval 00:01:00 -AutoRollback -Force -WarningAction SilentlyContinue

        ($output | Where-Object { $_.GetType().FullName -eq 'JobFinder.Ops.Model.DeploymentRecord' }).Kind | Should -Be 'Rollback'
        (Invoke-WebRequest -Uri $url -SkipHttpErrorCheck).StatusCode | Should -Be 200
    }

    It 'undoes a deployment: -WhatIf first, then -Last, then by id (nothing left the second time)' {
        Set-TestSource $repo 'v3'
        $deployment = Invoke-JobFinderDeployment -Environment production -SkipBackup -Force
        Clear-TestEmulatorRequest
        Undo-JobFinderDeployment -Environment production -Last -WhatIf
        Get-TestEmulatorRequest -Mutating | Should -BeNullOrEmpty

        (Undo-JobFinderDeployment -Environment production -Last -Force).Outcome | Should -Be 'Succeeded'
        Clear-TestEmulatorRequest
        (Undo-JobFinderDeployment -Environment production -Id $deployment.Id -Force).UndoOf | Should -Be $deployment.Id
        Get-TestEmulatorRequest -Mutating | Should -BeNullOrEmpty
    }

    It 'restores Firestore data from a backup (never an undo)' {
        $restored = Get-JobFinderBackup -Environment production | Select-Object -First 1 | Restore-JobFinderBackup -Force
        $restored.State | Should -Be 'SUCCESSFUL'
    }

    It 'rehearses the rollback against an emulator seeded from the backup' {
        $backup = Get-JobFinderBackup -Environment production | Select-Object -First 1
        $source = $global:JobFinderTestEmulator
        try {
            $twin = Start-JobFinderEmulator -FromBackup $backup
            $twin.EmulatorHost | Should -Not -Be $source.EmulatorHost
            Set-TestSource $repo 'v4'
            $report = Test-JobFinderRollback -Environment production -Rehearse -SkipBackup -AllowProduction -Force
            $report.Phases.Name | Should -Be @('Snapshot', 'Deploy', 'Undo', 'Compare')
            $report.Passed | Should -BeTrue
        }
        finally {
            # Back to the shared emulator for the next file (Start-TestEmulator reconnects to it).
            Stop-JobFinderEmulator
        }
    }

    It 'serves on a twin the code the backup recorded, even after the repository and production moved on' {
        Set-TestSource $repo 'twin-a'
        Invoke-JobFinderDeployment -Environment production -SkipBackup -Force | Out-Null
        $backup = Backup-JobFinderProduction -Environment production
        Set-TestSource $repo 'twin-b'
        Invoke-JobFinderDeployment -Environment production -SkipBackup -Force | Out-Null
        (Invoke-RestMethod -Uri (Get-TestFunctionUrl)).release | Should -Be 'twin-b'
        try {
            $null = Start-JobFinderEmulator -FromBackup $backup
            $answer = Invoke-RestMethod -Uri (Get-TestFunctionUrl)
            $answer.release | Should -Be 'twin-a'
        }
        finally {
            Stop-JobFinderEmulator
        }
    }
}
