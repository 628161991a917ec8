# Runs the pipeline at the top of README.md, verbatim (its text is read from the README), against the
# emulator, the way its reader would after a staging deployment and smoke run: a backup that the
# deployment accepts as it comes, a staging gate that finds the staging smoke run by itself, smoke
# checks that pass. And the gate's refusals when that evidence is missing, failed or of other code.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-ModuleUnderTest
    $emulator = Start-TestEmulator
    $info = Invoke-TestEmulatorAdmin -Path 'info'
    $env:JOBFINDER_SMOKE_EMAIL = $info.testUser.email
    $env:JOBFINDER_SMOKE_PASSWORD = $info.testUser.password

    # The README's first powershell block begins with the pipeline: the lines up to the first that
    # does not end with a pipe symbol.
    $readme = Get-Content (Join-Path (Get-RepositoryRoot) 'README.md')
    $start = [array]::IndexOf($readme, '```powershell') + 1
    $lines = @(); $i = $start
    do { $lines += $readme[$i] } while ($readme[$i++].TrimEnd().EndsWith('|'))
    $pipeline = $lines -join "`n"

    $repo = Copy-Example -Destination (Join-Path $TestDrive 'repo')
    $staging = @{ RepositoryPath = $repo; Environment = 'staging'; SkipBackup = $true; Confirm = $false }
    $production = @{ RepositoryPath = $repo; Environment = 'production'; SkipBackup = $true; Confirm = $false; Only = 'functions:health' }
    $fqid = 'JobFinder.Ops.Commands.InvokeJobFinderDeploymentCommand'

    function Invoke-ReadmePipeline {
        # Verbatim, in the repository (as its reader runs it), with two things a reader would do
        # differently: answer the confirmation prompt (here: no prompt) and wait five minutes per canary
        # step (here: a short bake, through PowerShell's own default-parameter mechanism).
        Push-Location $repo
        try {
            $ConfirmPreference = 'None'
            $PSDefaultParameterValues['Invoke-JobFinderDeployment:BakeTime'] = [timespan]'00:00:01'
            & ([scriptblock]::Create($pipeline))
        }
        finally {
            $PSDefaultParameterValues.Remove('Invoke-JobFinderDeployment:BakeTime')
            Pop-Location
        }
    }

    function Use-WebApiKey([string] $ProjectId) {
        # Each Firebase project has its own web API key, and its functions accept only ID tokens of its
        # own users: a shell moving from staging to production switches the key, as a CI job's
        # per-environment secrets do.
        $env:JOBFINDER_API_KEY = $info.apiKeys.$ProjectId
    }

    function Set-Source([string] $Version) {
        Add-Content -Path (Join-Path $repo 'functions/index.js') -Value "// release $Version"
    }
}

AfterAll {
    Remove-Item Env:JOBFINDER_API_KEY, Env:JOBFINDER_SMOKE_EMAIL, Env:JOBFINDER_SMOKE_PASSWORD -ErrorAction Ignore
    Stop-TestEmulator
}

Describe 'The README pipeline' {
    It 'is the three-line pipeline this test runs' {
        $pipeline | Should -BeLike 'Backup-JobFinderProduction -Environment production |*Invoke-JobFinderDeployment -Strategy Canary10Percent5Minutes |*Test-JobFinderSmoke'
    }

    It 'refuses production before any staging smoke run, naming where it looked, and changes nothing' {
        Use-WebApiKey jobfinder-prod
        Clear-TestEmulatorRequest
        { Invoke-JobFinderDeployment @production -ErrorAction Stop } | Should -Throw -ErrorId "StagingSmokeRequired,$fqid" -ExpectedMessage "*no smoke run of another project is recorded in $(Join-Path $repo '.jobfinder' 'smoke')*"
        Get-TestEmulatorRequest -Mutating | Should -BeNullOrEmpty
    }

    It 'refuses production after a failing staging smoke run, with the run''s summary' {
        # Only health deployed to staging: the full smoke run fails on the other three functions.
        Use-WebApiKey jobfinder-staging
        (Invoke-JobFinderDeployment @staging -Only functions:health).Outcome | Should -Be 'Succeeded'
        $report = Test-JobFinderSmoke -RepositoryPath $repo -Environment staging -WarningAction SilentlyContinue
        $report.Passed | Should -BeFalse

        Use-WebApiKey jobfinder-prod
        { Invoke-JobFinderDeployment @production -ErrorAction Stop } | Should -Throw -ErrorId "StagingSmokeRequired,$fqid" -ExpectedMessage '*the latest run of jobfinder-staging (*) failed: 3 of 4 checks failed*'
    }

    It 'deploys production as written once staging runs the same source and its smoke run passed, ending with passing smoke checks' {
        Use-WebApiKey jobfinder-staging
        (Invoke-JobFinderDeployment @staging).Outcome | Should -Be 'Succeeded'
        (Test-JobFinderSmoke -RepositoryPath $repo -Environment staging).Passed | Should -BeTrue

        Use-WebApiKey jobfinder-prod
        $report = Invoke-ReadmePipeline

        $report.GetType().Name | Should -Be 'SmokeReport'
        $report.ProjectId | Should -Be 'jobfinder-prod'
        $report.Passed | Should -BeTrue -Because $report.Summary
        $report.Total | Should -Be 4
        $record = Get-JobFinderDeployment -RepositoryPath $repo -Environment production -Newest 1
        $record.Outcome | Should -Be 'Succeeded'
        $record.BackupId | Should -Match '-production-'
        @($record.Functions | Where-Object Created).Count | Should -Be 9
    }

    It 'refuses the next release until staging has run and smoke-tested it, then takes it through the 10% canary' {
        Set-Source 'two'
        { Invoke-JobFinderDeployment @production -ErrorAction Stop } | Should -Throw -ErrorId "StagingSmokeRequired,$fqid" -ExpectedMessage '*the latest run of jobfinder-staging (*) judged other code for health*'
        Use-WebApiKey jobfinder-staging
        (Invoke-JobFinderDeployment @staging).Outcome | Should -Be 'Succeeded'

        (Test-JobFinderSmoke -RepositoryPath $repo -Environment staging).Passed | Should -BeTrue
        Use-WebApiKey jobfinder-prod
        $report = Invoke-ReadmePipeline

        $report.Passed | Should -BeTrue -Because $report.Summary
        $record = Get-JobFinderDeployment -RepositoryPath $repo -Environment production -Newest 1
        $record.Outcome | Should -Be 'Succeeded'
        ($record.Steps | Where-Object Kind -eq 'Analysis').CanaryPercent | Should -Be @(10)
        $record.Verdicts.Decision | Sort-Object -Unique | Should -Be 'Pass'
    }

    It 'still takes a passing report by hand (-StagingSmoke), which overrides what is recorded' {
        Set-Source 'three'
        Use-WebApiKey jobfinder-staging
        (Invoke-JobFinderDeployment @staging).Outcome | Should -Be 'Succeeded'
        $byHand = Test-JobFinderSmoke -RepositoryPath $repo -Environment staging -Name 'Health*'
        Use-WebApiKey jobfinder-prod

        $record = Invoke-JobFinderDeployment @production -StagingSmoke $byHand -TrafficSteps 100

        $record.Outcome | Should -Be 'Succeeded'
    }
}
