BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-ModuleUnderTest
    $emulator = Start-TestEmulator
    $repo = Copy-Example -Destination (Join-Path $TestDrive 'repo')
    Invoke-TestEmulatorAdmin -Path 'firestore/seed' -Method POST -Body @{ project = 'jobfinder-prod'; collection = 'verifyjobs'; count = 200 } | Out-Null
    $backup = Backup-JobFinderProduction -RepositoryPath $repo -Environment production
}

AfterAll {
    Stop-TestEmulator
}

Describe 'Test-JobFinderBackup' -Tag 'Integration' {
    It 'restores into a scratch database, counts match per collection, and the manifest becomes RestoreVerified' {
        $checks = $backup | Test-JobFinderBackup -Restore -SampleSize 5

        $checks | Should -Not -BeNullOrEmpty
        $checks | ForEach-Object { $_.GetType().FullName | Should -Be 'JobFinder.Ops.Model.BackupCheckResult' }
        @($checks | Where-Object Status -EQ 'Failed') | Should -BeNullOrEmpty
        $count = $checks | Where-Object { $_.Check -eq 'DocumentCount' -and $_.Target -eq 'verifyjobs' }
        $count.Expected | Should -Be '200'
        $count.Actual | Should -Be '200'
        ($checks | Where-Object Check -EQ 'ScratchCleanup').Status | Should -Be 'Passed'
        (Get-JobFinderBackup -RepositoryPath $repo -Environment production -Id $backup.Id).Verification | Should -Be 'RestoreVerified'
    }

    It 'fails a tampered artifact with BackupArtifactHashMismatch and marks the backup Failed' {
        $tampered = Backup-JobFinderProduction -RepositoryPath $repo -Environment production
        Add-Content -Path (Join-Path $tampered.LocalPath 'snapshot.json') -Value ' '

        $checks = Test-JobFinderBackup -Path $tampered.LocalPath -PassThru -ErrorVariable failures -ErrorAction SilentlyContinue

        $failures.FullyQualifiedErrorId | Should -Contain 'BackupArtifactHashMismatch,JobFinder.Ops.Cmdlets.Cmdlets.TestJobFinderBackupCommand'
        ($checks | Where-Object Target -EQ 'local:snapshot.json').Status | Should -Be 'Failed'
        $manifest = $checks | Select-Object -Last 1
        $manifest.Verification | Should -Be 'Failed'
        $manifest.IsVerified | Should -BeFalse
        { Test-JobFinderBackup -Path $tampered.LocalPath -ErrorAction Stop } |
            Should -Throw -ErrorId 'BackupArtifactHashMismatch,JobFinder.Ops.Cmdlets.Cmdlets.TestJobFinderBackupCommand'
    }

    It 'reports an artifact deleted from the bucket as BackupArtifactMissing' {
        $gapped = Backup-JobFinderProduction -RepositoryPath $repo -Environment production
        $object = [uri]::EscapeDataString("$($gapped.Id)/snapshot.json")
        Invoke-RestMethod -Method Delete -Uri "http://$($emulator.EmulatorHost)/storage/v1/b/jobfinder-prod-backups/o/$object" -Headers @{ Authorization = 'Bearer owner' } | Out-Null

        $checks = $gapped | Test-JobFinderBackup -ErrorVariable failures -ErrorAction SilentlyContinue

        $failures.FullyQualifiedErrorId | Should -Contain 'BackupArtifactMissing,JobFinder.Ops.Cmdlets.Cmdlets.TestJobFinderBackupCommand'
        ($checks | Where-Object Target -EQ 'bucket:snapshot.json').Status | Should -Be 'Failed'
    }

    It 'makes no mutating call with -WhatIf' {
        Clear-TestEmulatorRequest
        $backup | Test-JobFinderBackup -Restore -WhatIf | Should -BeNullOrEmpty
        Get-TestEmulatorRequest -Mutating | Should -BeNullOrEmpty
    }
}
