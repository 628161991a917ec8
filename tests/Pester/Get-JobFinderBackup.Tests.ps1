BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-ModuleUnderTest
    $emulator = Start-TestEmulator
    $repo = Copy-Example -Destination (Join-Path $TestDrive 'repo')
    $first = Backup-JobFinderProduction -RepositoryPath $repo -Environment staging -Destination gs://jobfinder-staging-backups/listing
    # Backup ids start with their second; the next backup is a second later so "newest first" has one answer
    # (backups are faster than that now that verifying them is the default and cheap).
    Start-Sleep -Milliseconds 1100
    $second = Backup-JobFinderProduction -RepositoryPath $repo -Environment staging -Destination gs://jobfinder-staging-backups/listing
}

AfterAll {
    Stop-TestEmulator
}

Describe 'Get-JobFinderBackup' -Tag 'Integration' {
    It 'lists local and bucket backups once each, newest first' {
        $backups = Get-JobFinderBackup -RepositoryPath $repo -Environment staging -Destination gs://jobfinder-staging-backups/listing
        $backups.Id | Should -Be @($second.Id, $first.Id)
        $backups.LocalPath | Should -Be @($second.LocalPath, $first.LocalPath)
        (Get-JobFinderBackup -RepositoryPath $repo -Environment staging -Destination gs://jobfinder-staging-backups/listing -Newest 1).Id | Should -Be $second.Id
    }

    It 'finds bucket-only backups and filters by id' {
        $elsewhere = Join-Path $TestDrive 'empty'
        $fromBucket = Get-JobFinderBackup -RepositoryPath $repo -Environment staging -Destination gs://jobfinder-staging-backups/listing -LocalPath $elsewhere -Id $first.Id
        $fromBucket.Id | Should -Be $first.Id
        $fromBucket.LocalPath | Should -BeNullOrEmpty
        $fromBucket.BucketUri | Should -Be "gs://jobfinder-staging-backups/listing/$($first.Id)"
    }

    It 'completes -Id with the local backups, newest first, at PowerShell''s current location and without calling Cloud Storage' {
        Push-Location $repo
        try {
            Clear-TestEmulatorRequest
            $ids = (TabExpansion2 -inputScript ($line = 'Get-JobFinderBackup -Environment staging -Id ') -cursorColumn $line.Length).CompletionMatches.CompletionText
            $ids | Should -Be @($second.Id, $first.Id)
            Get-TestEmulatorRequest | Should -BeNullOrEmpty
        }
        finally { Pop-Location }
    }

    It 'lists only local copies with -LocalOnly, without calling Cloud Storage' {
        Clear-TestEmulatorRequest
        (Get-JobFinderBackup -RepositoryPath $repo -Environment staging -LocalOnly).Id | Should -Be @($second.Id, $first.Id)
        Get-TestEmulatorRequest | Should -BeNullOrEmpty
    }
}
