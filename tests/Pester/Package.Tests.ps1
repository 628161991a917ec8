BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $repositoryName = "jobfinder-test-$PID"
}

Describe 'The module package' -Tag 'Unit' {
    It 'installs with PSResourceGet from a local repository and imports' {
        $feed = Join-Path $TestDrive 'feed'
        $target = Join-Path $TestDrive 'installed'
        & (Join-Path (Get-RepositoryRoot) 'tools/New-ModulePackage.ps1') -ModulePath $env:JOBFINDER_MODULE_PATH -OutputPath $feed 6>$null
        $version = (Import-PowerShellDataFile (Get-ModuleUnderTestPath)).ModuleVersion
        Test-Path (Join-Path $feed "JobFinder.Ops.$version.nupkg") | Should -BeTrue

        Register-PSResourceRepository -Name $repositoryName -Uri (Resolve-Path $feed).Path -Trusted
        try {
            Save-PSResource -Name JobFinder.Ops -Repository $repositoryName -Path (New-Item -ItemType Directory $target).FullName -TrustRepository
        }
        finally {
            Unregister-PSResourceRepository -Name $repositoryName
        }
        $script = "Import-Module '$((Resolve-Path $target).Path)/JobFinder.Ops'; (Get-Module JobFinder.Ops).Version.ToString(); (Get-Command -Module JobFinder.Ops).Count"
        $result = Invoke-FreshPwsh -Script $script
        $result.ExitCode | Should -Be 0 -Because ($result.Output -join "`n")
        $result.Output[0] | Should -Be $version
        [int]$result.Output[1] | Should -Be @((Import-PowerShellDataFile (Get-ModuleUnderTestPath)).CmdletsToExport).Count
    }
}
