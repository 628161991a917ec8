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

    It 'passes -Restore after the live database changed since the backup: it compares with what the backup recorded' {
        $taken = Backup-JobFinderProduction -RepositoryPath $repo -Environment production
        $recorded = $taken.Contents.Collections | Where-Object CollectionId -EQ 'verifyjobs'
        $recorded.Documents | Should -Be 200
        $recorded.Samples.Count | Should -Be 20
        # Production keeps being written: two documents added, one deleted, one sampled document changed.
        $documents = "http://$($emulator.EmulatorHost)/v1/projects/jobfinder-prod/databases/(default)/documents/verifyjobs"
        $owner = @{ Authorization = 'Bearer owner' }
        $body = @{ fields = @{ title = @{ stringValue = 'written after the backup' } } } | ConvertTo-Json -Depth 5
        Invoke-RestMethod -Method Post -Uri "$($documents)?documentId=after-backup-1" -Headers $owner -Body $body -ContentType 'application/json' | Out-Null
        Invoke-RestMethod -Method Post -Uri "$($documents)?documentId=after-backup-2" -Headers $owner -Body $body -ContentType 'application/json' | Out-Null
        Invoke-RestMethod -Method Delete -Uri "$documents/job-00011" -Headers $owner | Out-Null
        Invoke-RestMethod -Method Patch -Uri "$documents/job-00002?updateMask.fieldPaths=title" -Headers $owner -Body $body -ContentType 'application/json' | Out-Null

        $checks = $taken | Test-JobFinderBackup -Restore -ErrorVariable failures -ErrorAction SilentlyContinue

        $failures | Should -BeNullOrEmpty
        $count = $checks | Where-Object { $_.Check -eq 'DocumentCount' -and $_.Target -eq 'verifyjobs' }
        "$($count.Expected)/$($count.Actual)/$($count.Status)" | Should -Be '200/200/Passed'
        ($checks | Where-Object { $_.Check -eq 'DocumentSample' -and $_.Target -eq 'verifyjobs' }).Actual | Should -Be '20'
        (Get-JobFinderBackup -RepositoryPath $repo -Environment production -Id $taken.Id).Verification | Should -Be 'RestoreVerified'
    }

    It 'fails -Restore with BackupRestoreCountMismatch when the restored copy does not hold what the backup recorded' {
        $taken = Backup-JobFinderProduction -RepositoryPath $repo -Environment production
        $manifestPath = Join-Path $taken.LocalPath 'manifest.json'
        $manifest = Get-Content -Raw $manifestPath | ConvertFrom-Json
        $entry = $manifest.contents.collections | Where-Object collectionId -EQ 'verifyjobs'
        $restored = $entry.documents
        $entry.documents = $restored + 1
        $manifest | ConvertTo-Json -Depth 30 | Set-Content $manifestPath

        $checks = Test-JobFinderBackup -Path $taken.LocalPath -Restore -ErrorVariable failures -ErrorAction SilentlyContinue

        $failures.FullyQualifiedErrorId | Should -Contain 'BackupRestoreCountMismatch,JobFinder.Ops.Commands.TestJobFinderBackupCommand'
        $count = $checks | Where-Object { $_.Check -eq 'DocumentCount' -and $_.Target -eq 'verifyjobs' }
        "$($count.Expected)/$($count.Actual)/$($count.Status)" | Should -Be "$($restored + 1)/$restored/Failed"
        $count.Message | Should -BeLike "*had $($restored + 1) documents when the backup was taken but $restored after the restore*"
        (Get-JobFinderBackup -RepositoryPath $repo -Environment production -Id $taken.Id).Verification | Should -Be 'Failed'
    }

    It 'proves a backup without recorded contents (taken by an older version) imports, and warns that it could not compare' {
        $taken = Backup-JobFinderProduction -RepositoryPath $repo -Environment production
        $manifestPath = Join-Path $taken.LocalPath 'manifest.json'
        $manifest = Get-Content -Raw $manifestPath | ConvertFrom-Json
        $manifest.PSObject.Properties.Remove('contents')
        $manifest | ConvertTo-Json -Depth 30 | Set-Content $manifestPath

        $checks = Test-JobFinderBackup -Path $taken.LocalPath -Restore -ErrorVariable failures -ErrorAction SilentlyContinue -WarningVariable warnings -WarningAction SilentlyContinue

        $failures | Should -BeNullOrEmpty
        ($checks | Where-Object Check -EQ 'RestoreImport').Status | Should -Be 'Passed'
        ($checks | Where-Object Check -EQ 'DocumentCount').Status | Should -Be 'Skipped'
        $checks | Where-Object Check -EQ 'DocumentSample' | Should -BeNullOrEmpty
        "$warnings" | Should -BeLike "*records no contents*Take a new backup for a full check*"
    }

    It 'fails a tampered artifact with BackupArtifactHashMismatch and marks the backup Failed' {
        $tampered = Backup-JobFinderProduction -RepositoryPath $repo -Environment production
        Add-Content -Path (Join-Path $tampered.LocalPath 'snapshot.json') -Value ' '

        $checks = Test-JobFinderBackup -Path $tampered.LocalPath -PassThru -ErrorVariable failures -ErrorAction SilentlyContinue

        $failures.FullyQualifiedErrorId | Should -Contain 'BackupArtifactHashMismatch,JobFinder.Ops.Commands.TestJobFinderBackupCommand'
        ($checks | Where-Object Target -EQ 'local:snapshot.json').Status | Should -Be 'Failed'
        $manifest = $checks | Select-Object -Last 1
        $manifest.Verification | Should -Be 'Failed'
        $manifest.IsVerified | Should -BeFalse
        { Test-JobFinderBackup -Path $tampered.LocalPath -ErrorAction Stop } |
            Should -Throw -ErrorId 'BackupArtifactHashMismatch,JobFinder.Ops.Commands.TestJobFinderBackupCommand'
    }

    It 'reports an artifact deleted from the bucket as BackupArtifactMissing' {
        $gapped = Backup-JobFinderProduction -RepositoryPath $repo -Environment production
        $object = [uri]::EscapeDataString("$($gapped.Id)/snapshot.json")
        Invoke-RestMethod -Method Delete -Uri "http://$($emulator.EmulatorHost)/storage/v1/b/jobfinder-prod-backups/o/$object" -Headers @{ Authorization = 'Bearer owner' } | Out-Null

        $checks = $gapped | Test-JobFinderBackup -ErrorVariable failures -ErrorAction SilentlyContinue

        $failures.FullyQualifiedErrorId | Should -Contain 'BackupArtifactMissing,JobFinder.Ops.Commands.TestJobFinderBackupCommand'
        ($checks | Where-Object Target -EQ 'bucket:snapshot.json').Status | Should -Be 'Failed'
    }

    It 'makes no mutating call with -WhatIf' {
        Clear-TestEmulatorRequest
        $backup | Test-JobFinderBackup -Restore -WhatIf | Should -BeNullOrEmpty
        Get-TestEmulatorRequest -Mutating | Should -BeNullOrEmpty
    }
}
