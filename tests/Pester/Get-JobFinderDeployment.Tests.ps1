BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-ModuleUnderTest
    $emulator = Start-TestEmulator
    $repo = Copy-Example -Destination (Join-Path $TestDrive 'repo')
    $deploy = @{ RepositoryPath = $repo; Environment = 'staging'; SkipBackup = $true; Confirm = $false; Only = 'functions:health' }
    $first = Invoke-JobFinderDeployment @deploy
    Add-Content -Path (Join-Path $repo 'functions/index.js') -Value '// next release'
    $second = Invoke-JobFinderDeployment @deploy -Strategy AllAtOnce
}

AfterAll {
    Stop-TestEmulator
}

Describe 'Get-JobFinderDeployment' {
    It 'lists the journal newest first' {
        $all = @(Get-JobFinderDeployment -RepositoryPath $repo -Environment staging)
        $all.Count | Should -Be 2
        $all[0].Id | Should -Be $second.Id
        $all[1].Id | Should -Be $first.Id
        $all.Outcome | Should -Be @('Succeeded', 'Succeeded')
    }

    It 'returns the last N and one by id, with every step' {
        (Get-JobFinderDeployment -RepositoryPath $repo -Environment staging -Newest 1).Id | Should -Be $second.Id
        $one = Get-JobFinderDeployment -RepositoryPath $repo -Environment staging -Id $first.Id
        $one.Steps.Count | Should -Be $first.Steps.Count
        ($second | Get-JobFinderDeployment -RepositoryPath $repo -Environment staging).Id | Should -Be $second.Id
    }

    It 'lists only the deployments of the environment given, though the local journal holds every environment''s' {
        # A production deployment made from the same repository lands in the same .jobfinder/deployments.
        $folder = Join-Path $repo '.jobfinder/deployments'
        $record = Get-Content (Join-Path $folder "$($second.Id).json") -Raw | ConvertFrom-Json
        $record.id = '20991231T000000Z-0a0b0c'
        $record.projectId = 'jobfinder-prod'
        $record.environment = 'production'
        $record | ConvertTo-Json -Depth 30 | Set-Content (Join-Path $folder "$($record.id).json")
        try {
            @(Get-JobFinderDeployment -RepositoryPath $repo -Environment staging).Id | Should -Be @($second.Id, $first.Id)
            @(Get-JobFinderDeployment -RepositoryPath $repo -Environment staging -Local).Id | Should -Be @($second.Id, $first.Id)
            (Get-JobFinderDeployment -RepositoryPath $repo -Environment staging -Newest 1).Id | Should -Be $second.Id
            @(Get-JobFinderDeployment -RepositoryPath $repo -Environment production).Id | Should -Be @($record.id)
            $refused = { Get-JobFinderDeployment -RepositoryPath $repo -Environment staging -Id $record.id } |
                Should -Throw -ErrorId 'DeploymentProjectMismatch,JobFinder.Ops.Commands.GetJobFinderDeploymentCommand' -PassThru
            $refused.CategoryInfo.Category | Should -Be 'InvalidArgument'
            $refused.Exception.Message | Should -BeLike '*jobfinder-prod*jobfinder-staging*-Environment production*'
        }
        finally {
            Remove-Item (Join-Path $folder "$($record.id).json")
        }
    }

    It 'reads the bucket copy when the local journal is gone' {
        Remove-Item -Recurse -Force (Join-Path $repo '.jobfinder')
        @(Get-JobFinderDeployment -RepositoryPath $repo -Environment staging).Count | Should -Be 2
        @(Get-JobFinderDeployment -RepositoryPath $repo -Environment staging -Local).Count | Should -Be 0
    }

    It 'reports an unknown id with DeploymentNotFound' {
        { Get-JobFinderDeployment -RepositoryPath $repo -Environment staging -Id 20000101T000000Z-nope00 -ErrorAction Stop } |
            Should -Throw -ErrorId 'DeploymentNotFound,JobFinder.Ops.Commands.GetJobFinderDeploymentCommand'
    }
}
