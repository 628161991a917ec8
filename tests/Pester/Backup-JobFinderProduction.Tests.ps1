BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-ModuleUnderTest
    $emulator = Start-TestEmulator
    $repo = Copy-Example -Destination (Join-Path $TestDrive 'repo')
    Invoke-TestEmulatorAdmin -Path 'firestore/seed' -Method POST -Body @{ project = 'jobfinder-prod'; collection = 'pesterjobs'; count = 120 } | Out-Null
}

AfterAll {
    Invoke-TestEmulatorAdmin -Path 'operation-faults' -Method DELETE | Out-Null
    Stop-TestEmulator
}

Describe 'Backup-JobFinderProduction' -Tag 'Integration' {
    It 'exports Firestore and snapshots live state into the bucket and ./backups/<id>/, with a SHA-256 per artifact' {
        $backup = Backup-JobFinderProduction -RepositoryPath $repo -Environment production

        $backup.GetType().FullName | Should -Be 'JobFinder.Ops.Model.BackupManifest'
        $backup.Id | Should -Match '^\d{8}T\d{6}Z-production-[0-9a-f]{6}$'
        $backup.ProjectId | Should -Be 'jobfinder-prod'
        $backup.BucketUri | Should -Be "gs://jobfinder-prod-backups/$($backup.Id)"
        $backup.LocalPath | Should -Be (Join-Path $repo 'backups' $backup.Id)
        $backup.FirestoreExport.State | Should -Be 'SUCCESSFUL'
        $backup.FirestoreExport.Documents | Should -BeGreaterOrEqual 120
        $backup.Verification | Should -Be 'HashesVerified' -Because 'a backup is verified by default, so Invoke-JobFinderDeployment accepts it as piped'
        $backup.IsVerified | Should -BeTrue
        $backup.Snapshot.RulesReleases.ReleaseName | Should -Contain 'projects/jobfinder-prod/releases/cloud.firestore'
        foreach ($artifact in $backup.Artifacts) {
            (Get-FileHash -Algorithm SHA256 -Path $artifact.LocalPath).Hash.ToLowerInvariant() | Should -Be $artifact.Sha256
        }
        Test-Path (Join-Path $backup.LocalPath 'manifest.json') | Should -BeTrue
    }

    It 'leaves the backup Unverified with -SkipVerify, and refuses -SkipVerify with -Verify' {
        $backup = Backup-JobFinderProduction -RepositoryPath $repo -Environment production -SkipVerify
        $backup.Verification | Should -Be 'Unverified'
        $backup.IsVerified | Should -BeFalse
        { Backup-JobFinderProduction -RepositoryPath $repo -Environment production -Verify -SkipVerify } |
            Should -Throw -ErrorId 'BackupVerifyConflict,JobFinder.Ops.Commands.BackupJobFinderProductionCommand'
    }

    It 'makes no mutating call with -WhatIf' {
        Clear-TestEmulatorRequest
        $result = Backup-JobFinderProduction -RepositoryPath $repo -Environment production -RetentionDays 1 -WhatIf
        $result | Should -BeNullOrEmpty
        Get-TestEmulatorRequest -Mutating | Should -BeNullOrEmpty
    }

    It 'records a failed export as a Failed manifest and reports FirestoreExportFailed' {
        Invoke-TestEmulatorAdmin -Path 'operation-faults' -Method POST -Body @{ api = 'firestore'; kind = 'fail'; count = 1; message = 'injected export failure' } | Out-Null
        { Backup-JobFinderProduction -RepositoryPath $repo -Environment production -ErrorAction Stop } |
            Should -Throw -ErrorId 'FirestoreExportFailed,JobFinder.Ops.Commands.BackupJobFinderProductionCommand'
        $failed = Get-JobFinderBackup -RepositoryPath $repo -Environment production | Where-Object { $_.FirestoreExport.State -eq 'FAILED' }
        $failed | Should -Not -BeNullOrEmpty
        $failed.Verification | Should -Be 'Failed'
        $failed.IsVerified | Should -BeFalse
    }

    It 'stops with BackupBucketNotFound when the bucket does not exist' {
        { Backup-JobFinderProduction -RepositoryPath $repo -Environment production -Destination gs://no-such-backup-bucket -ErrorAction Stop } |
            Should -Throw -ErrorId 'BackupBucketNotFound,JobFinder.Ops.Commands.BackupJobFinderProductionCommand'
    }

    It 'surfaces a permission error cleanly for a read-only key' {
        Connect-JobFinderProject -KeyFile $emulator.ReadOnlyKeyFilePath -EmulatorHost $emulator.EmulatorHost | Out-Null
        try {
            { Backup-JobFinderProduction -RepositoryPath $repo -Environment production -ErrorAction Stop } |
                Should -Throw -ErrorId 'GoogleApiPermissionDenied,JobFinder.Ops.Commands.BackupJobFinderProductionCommand'
        }
        finally {
            Connect-JobFinderProject -KeyFile $emulator.KeyFilePath -EmulatorHost $emulator.EmulatorHost | Out-Null
        }
    }

    It 'removes older backups of ours with -RetentionDays and keeps objects it did not write' {
        $destination = 'gs://jobfinder-prod-backups/retention'
        $old = Backup-JobFinderProduction -RepositoryPath $repo -Environment production -Destination $destination
        $base = "http://$($emulator.EmulatorHost)"
        $foreign = [uri]::EscapeDataString("retention/$($old.Id)/someone-elses-notes.txt")
        Invoke-RestMethod -Method Post -Uri "$base/upload/storage/v1/b/jobfinder-prod-backups/o?uploadType=media&name=$foreign" -Headers @{ Authorization = 'Bearer owner' } -Body 'keep' -ContentType 'text/plain' | Out-Null
        # Pretend the old backup is 10 days old: its manifest's createdAt is what retention reads.
        $manifestPath = Join-Path $old.LocalPath 'manifest.json'
        $json = Get-Content -Raw $manifestPath | ConvertFrom-Json
        $json.createdAt = [DateTimeOffset]::UtcNow.AddDays(-10).ToString('o')
        $objectName = [uri]::EscapeDataString("retention/$($old.Id)/manifest.json")
        Invoke-RestMethod -Method Post -Uri "$base/upload/storage/v1/b/jobfinder-prod-backups/o?uploadType=media&name=$objectName" -Headers @{ Authorization = 'Bearer owner' } -Body ($json | ConvertTo-Json -Depth 20) -ContentType 'application/json' | Out-Null

        $new = Backup-JobFinderProduction -RepositoryPath $repo -Environment production -Destination $destination -RetentionDays 7 -Confirm:$false

        $left = Get-JobFinderBackup -RepositoryPath $repo -Environment production -Destination $destination -LocalPath (Join-Path $TestDrive 'none')
        $left.Id | Should -Be @($new.Id)
        $objects = Invoke-RestMethod -Uri "$base/storage/v1/b/jobfinder-prod-backups/o?prefix=$([uri]::EscapeDataString("retention/$($old.Id)/"))" -Headers @{ Authorization = 'Bearer owner' }
        @($objects.items).name | Should -Be @("retention/$($old.Id)/someone-elses-notes.txt")
    }
}
