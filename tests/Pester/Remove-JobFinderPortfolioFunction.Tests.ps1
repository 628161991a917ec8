BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-ModuleUnderTest
    $emulator = Start-JobFinderEmulator
    $fqidSuffix = 'JobFinder.Ops.Commands.RemoveJobFinderPortfolioFunctionCommand'

    function Get-EmulatedFunctionId([string] $Project) {
        $list = Invoke-RestMethod -Uri "http://$($env:JOBFINDER_EMULATOR_HOST)/v2/projects/$Project/locations/-/functions" -Headers @{ Authorization = 'Bearer owner' }
        return @($list.functions | ForEach-Object { ($_.name -split '/')[-1] } | Sort-Object)
    }

    foreach ($id in 'contactForm', 'getStopList', 'searchJobs') { New-TestEmulatorFunction -Project portfolio-site -Id $id | Out-Null }
    $serving = New-TestEmulatorFunction -Project portfolio-site -Id submitJob
    1..2 | ForEach-Object { Invoke-WebRequest -Uri $serving.url -SkipHttpErrorCheck | Out-Null }
    # Cloud Monitoring shows requests only once their sample period is over and its visibility delay has passed.
    $monitoring = (Invoke-TestEmulatorAdmin -Path 'info').monitoring
    Start-Sleep -Milliseconds (1000 * ($monitoring.samplePeriodSeconds + $monitoring.visibilityDelaySeconds) + 500)
}

AfterAll { $emulator | Stop-JobFinderEmulator }

Describe 'Remove-JobFinderPortfolioFunction' -Tag 'Emulator' {
    It 'with -WhatIf reports what it would do and makes no DELETE' {
        Clear-TestEmulatorRequest
        $results = Remove-JobFinderPortfolioFunction -ProjectId portfolio-site -WhatIf -ErrorVariable refused -ErrorAction SilentlyContinue
        ($results | ForEach-Object { "$($_.Name)=$($_.Action)" }) | Should -Be @('contactForm=Kept', 'getStopList=WouldRemove', 'searchJobs=WouldRemove', 'submitJob=Skipped')
        ($results | Where-Object Name -EQ submitJob).Requests | Should -Be 2
        $refused[0].FullyQualifiedErrorId | Should -Be "PortfolioFunctionStillServing,$fqidSuffix"
        @(Get-TestEmulatorRequest | Where-Object method -EQ 'DELETE') | Should -HaveCount 0
    }

    It 'removes the idle functions, refuses the one still serving and keeps the contact form' {
        $results = Remove-JobFinderPortfolioFunction -ProjectId portfolio-site -Confirm:$false -ErrorVariable refused -ErrorAction SilentlyContinue
        ($results | ForEach-Object { "$($_.Name)=$($_.Action)" }) | Should -Be @('contactForm=Kept', 'getStopList=Removed', 'searchJobs=Removed', 'submitJob=Skipped')
        $refused | Should -HaveCount 1
        Get-EmulatedFunctionId portfolio-site | Should -Be @('contactForm', 'submitJob')
    }

    It '-Force only skips the prompts: it does not delete a function that still serves traffic' {
        $results = Remove-JobFinderPortfolioFunction -ProjectId portfolio-site -Force -ErrorAction SilentlyContinue
        ($results | ForEach-Object { "$($_.Name)=$($_.Action)" }) | Should -Be @('contactForm=Kept', 'submitJob=Skipped')
        Get-EmulatedFunctionId portfolio-site | Should -Be @('contactForm', 'submitJob')
    }

    It 'removes a function that still serves traffic only with -IncludeServing, and never a -Keep one' {
        $results = Remove-JobFinderPortfolioFunction -ProjectId portfolio-site -IncludeServing -Force
        ($results | ForEach-Object { "$($_.Name)=$($_.Action)" }) | Should -Be @('contactForm=Kept', 'submitJob=Removed')
        Get-EmulatedFunctionId portfolio-site | Should -Be @('contactForm')
    }

    It 'rejects a project id that is not one' {
        { Remove-JobFinderPortfolioFunction -ProjectId 'Not A Project' -WhatIf } | Should -Throw -ErrorId 'ParameterArgumentValidationError,JobFinder.Ops.Commands.RemoveJobFinderPortfolioFunctionCommand'
    }
}
