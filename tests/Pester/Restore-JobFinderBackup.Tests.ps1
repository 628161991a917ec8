BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-ModuleUnderTest
    $emulator = Start-TestEmulator
    $repo = Copy-Example -Destination (Join-Path $TestDrive 'repo')
    $base = "http://$($emulator.EmulatorHost)"
    $owner = @{ Authorization = 'Bearer owner' }
    Invoke-TestEmulatorAdmin -Path 'firestore/seed' -Method POST -Body @{ project = 'jobfinder-staging'; collection = 'restorejobs'; count = 40 } | Out-Null
    $backup = Backup-JobFinderProduction -RepositoryPath $repo -Environment staging -CollectionId restorejobs
    $document = "$base/v1/projects/jobfinder-staging/databases/(default)/documents/restorejobs/job-00007"
}

AfterAll {
    Stop-TestEmulator
}

Describe 'Restore-JobFinderBackup' -Tag 'Integration' {
    It 'makes no mutating call with -WhatIf' {
        Clear-TestEmulatorRequest
        $backup | Restore-JobFinderBackup -WhatIf -WarningAction SilentlyContinue | Should -BeNullOrEmpty
        Get-TestEmulatorRequest -Mutating | Should -BeNullOrEmpty
    }

    It 'reads the backup named by -Path, a local folder or its gs:// folder' {
        foreach ($path in $backup.LocalPath, $backup.BucketUri) {
            Clear-TestEmulatorRequest
            Restore-JobFinderBackup -Path $path -WhatIf -WarningAction SilentlyContinue | Should -BeNullOrEmpty
            Get-TestEmulatorRequest -Mutating | Should -BeNullOrEmpty
        }
        # The gs:// form really read the bucket's manifest.
        @(Get-TestEmulatorRequest | Where-Object path -Like '*manifest.json*').Count | Should -BeGreaterThan 0
        $missing = Join-Path $TestDrive 'no-such-backup'
        Clear-TestEmulatorRequest
        { Restore-JobFinderBackup -Path $missing -Force -ErrorAction Stop } | Should -Throw -ErrorId 'BackupManifestNotFound,JobFinder.Ops.Commands.RestoreJobFinderBackupCommand' -ExpectedMessage "*$missing*"
        Get-TestEmulatorRequest -Mutating | Should -BeNullOrEmpty
    }

    It 'imports the export back: a deleted document returns' {
        Invoke-RestMethod -Method Delete -Uri $document -Headers $owner | Out-Null

        $result = $backup | Restore-JobFinderBackup -Force -WarningAction SilentlyContinue

        $result.GetType().FullName | Should -Be 'JobFinder.Ops.Model.BackupRestoreResult'
        $result.State | Should -Be 'SUCCESSFUL'
        $result.Documents | Should -Be 40
        (Invoke-RestMethod -Uri $document -Headers $owner).name | Should -BeLike '*/restorejobs/job-00007'
    }

    It 'warns that an unverified backup is not proven' {
        $unverified = Backup-JobFinderProduction -RepositoryPath $repo -Environment staging -CollectionId restorejobs -SkipVerify
        $unverified | Restore-JobFinderBackup -Force -WarningVariable warnings -WarningAction SilentlyContinue | Out-Null
        $warnings | Should -BeLike '*Unverified*Test-JobFinderBackup -Restore*'
    }

    It 'refuses a backup whose export failed' {
        Invoke-TestEmulatorAdmin -Path 'operation-faults' -Method POST -Body @{ api = 'firestore'; kind = 'fail'; count = 1 } | Out-Null
        { Backup-JobFinderProduction -RepositoryPath $repo -Environment staging -ErrorAction Stop } | Should -Throw
        $failed = Get-JobFinderBackup -RepositoryPath $repo -Environment staging -LocalOnly | Where-Object Verification -EQ 'Failed' | Select-Object -First 1
        { $failed | Restore-JobFinderBackup -Force -ErrorAction Stop -WarningAction SilentlyContinue } |
            Should -Throw -ErrorId 'BackupNotRestorable,JobFinder.Ops.Commands.RestoreJobFinderBackupCommand'
        # Refused before the question (nobody answers Yes to be refused): -WhatIf, which stops at the
        # question, already reports it.
        { $failed | Restore-JobFinderBackup -WhatIf -ErrorAction Stop -WarningAction SilentlyContinue } |
            Should -Throw -ErrorId 'BackupNotRestorable,JobFinder.Ops.Commands.RestoreJobFinderBackupCommand'
    }
}
