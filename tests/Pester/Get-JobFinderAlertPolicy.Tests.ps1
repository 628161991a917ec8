BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-ModuleUnderTest
    $emulator = Start-JobFinderEmulator
    $repo = Copy-Example -Destination (Join-Path TestDrive:\ 'backend')
    $project = Get-JobFinderProject -RepositoryPath $repo -Environment staging
    Invoke-TestEmulatorAdmin -Path 'reset' -Method POST | Out-Null
    $project | Set-JobFinderAlertPolicy | Out-Null
    $consoleMade = Invoke-RestMethod -Method POST -Uri "http://$($env:JOBFINDER_EMULATOR_HOST)/monitoring/v3/projects/jobfinder-staging/alertPolicies" `
        -Headers @{ Authorization = 'Bearer owner' } -ContentType 'application/json' -Body (@{
            displayName = 'Made in the console'
            combiner    = 'OR'
            conditions  = @(@{ displayName = 'log'; conditionMatchedLog = @{ filter = 'severity>=ERROR' } })
            alertStrategy = @{ notificationRateLimit = @{ period = '300s' } }
        } | ConvertTo-Json -Depth 10)
}

AfterAll {
    $emulator | Stop-JobFinderEmulator
}

Describe 'Get-JobFinderAlertPolicy' -Tag 'Integration' {
    It 'lists every policy of the project and marks ours' {
        $policies = $project | Get-JobFinderAlertPolicy

        $policies.Count | Should -Be 5
        @($policies | Where-Object Managed).Count | Should -Be 4
        ($policies | Where-Object Name -eq $consoleMade.name).Managed | Should -BeFalse
    }

    It 'describes conditions by kind and channels by display name' {
        $timeout = $project | Get-JobFinderAlertPolicy -DisplayName 'Function Timeout'

        $timeout.Conditions | Should -Be @('p95 latency above 5 s (threshold)')
        $timeout.NotificationChannels | Should -Be @('oncall-email')
        $timeout.Enabled | Should -BeTrue
        (Get-JobFinderAlertPolicy -ProjectId jobfinder-staging -DisplayName 'Made*').Conditions | Should -Be @('log (log match)')
    }

    It 'filters by wildcard and by -Managed' {
        @(Get-JobFinderAlertPolicy -ProjectId jobfinder-staging -DisplayName '*error*').Count | Should -Be 2
        @(Get-JobFinderAlertPolicy -ProjectId jobfinder-staging -Managed).DisplayName | Should -Not -Contain 'Made in the console'
    }

    It 'makes no mutating call' {
        Clear-TestEmulatorRequest
        Get-JobFinderAlertPolicy -ProjectId jobfinder-staging | Out-Null
        Get-TestEmulatorRequest -Mutating | Should -BeNullOrEmpty
    }
}
