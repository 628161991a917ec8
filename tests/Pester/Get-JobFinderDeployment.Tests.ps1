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

    It 'reads the bucket copy when the local journal is gone' {
        Remove-Item -Recurse -Force (Join-Path $repo '.jobfinder')
        @(Get-JobFinderDeployment -RepositoryPath $repo -Environment staging).Count | Should -Be 2
        @(Get-JobFinderDeployment -RepositoryPath $repo -Environment staging -Local).Count | Should -Be 0
    }

    It 'reports an unknown id with DeploymentNotFound' {
        { Get-JobFinderDeployment -RepositoryPath $repo -Environment staging -Id 20000101T000000Z-nope00 -ErrorAction Stop } |
            Should -Throw -ErrorId 'DeploymentNotFound,JobFinder.Ops.Cmdlets.Cmdlets.GetJobFinderDeploymentCommand'
    }
}
