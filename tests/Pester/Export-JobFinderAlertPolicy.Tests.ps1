BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-ModuleUnderTest
    $emulator = Start-JobFinderEmulator
    $fqid = 'JobFinder.Ops.Commands.ExportJobFinderAlertPolicyCommand'
    $repo = Copy-Example -Destination (Join-Path TestDrive:\ 'backend')
    $project = Get-JobFinderProject -RepositoryPath $repo -Environment staging
}

AfterAll {
    $emulator | Stop-JobFinderEmulator
}

Describe 'Export-JobFinderAlertPolicy' -Tag 'Integration' {
    BeforeEach {
        Invoke-TestEmulatorAdmin -Path 'reset' -Method POST | Out-Null
    }

    It 'exports our policies so that applying the file changes nothing' {
        $project | Set-JobFinderAlertPolicy | Out-Null
        $path = Join-Path TestDrive:\ 'exported.yaml'

        $file = $project | Export-JobFinderAlertPolicy -Path $path -Force
        Clear-TestEmulatorRequest
        $changes = Set-JobFinderAlertPolicy -Path $path -ProjectId jobfinder-staging

        $file.FullName | Should -Be (Resolve-Path $path).ProviderPath
        @($changes | Where-Object Kind -eq 'Policy').Count | Should -Be 4
        $changes | Where-Object Action -ne 'Unchanged' | Should -BeNullOrEmpty
        Get-TestEmulatorRequest -Mutating | Should -BeNullOrEmpty
        $text = Get-Content -Raw $path
        $text | Should -Match 'name: oncall-email'
        $text | Should -Not -Match 'creationRecord'
        $text | Should -Not -Match 'managed-by'
    }

    It 'exports everything Set manages, so Set -Prune -WhatIf from the export changes nothing' {
        $project | Set-JobFinderAlertPolicy | Out-Null
        $path = Join-Path TestDrive:\ 'everything.yaml'

        $project | Export-JobFinderAlertPolicy -Path $path | Out-Null
        Clear-TestEmulatorRequest
        $changes = $project | Set-JobFinderAlertPolicy -Path $path -Prune -WhatIf

        $changes | Where-Object Action -ne 'Unchanged' | Should -BeNullOrEmpty
        @($changes).Count | Should -Be 12   # 4 policies, 1 channel, 2 services, 4 SLOs, 1 dashboard
        Get-TestEmulatorRequest -Mutating | Should -BeNullOrEmpty
        $text = Get-Content -Raw $path
        $text | Should -Match '(?m)^slos:'
        $text | Should -Match '(?m)^dashboard:'
    }

    It 'refuses to replace a file with an empty export unless -AllowEmpty' {
        $path = Join-Path TestDrive:\ 'kept.yaml'
        $kept = "alertPolicies:`n  - displayName: mine`n"
        Set-Content -Path $path -Value $kept -NoNewline

        { Export-JobFinderAlertPolicy -ProjectId jobfinder-staging -Path $path -Force -ErrorAction Stop } | Should -Throw -ErrorId "AlertPolicyExportEmpty,$fqid"
        Get-Content -Raw $path | Should -Be $kept

        Export-JobFinderAlertPolicy -ProjectId jobfinder-staging -Path $path -Force -AllowEmpty | Out-Null
        Get-Content -Raw $path | Should -Match 'alertPolicies: \[\]'
    }

    It 'brings a console-made policy under code: adopt once, then unchanged' {
        $made = Invoke-RestMethod -Method POST -Uri "http://$($env:JOBFINDER_EMULATOR_HOST)/monitoring/v3/projects/jobfinder-staging/alertPolicies" `
            -Headers @{ Authorization = 'Bearer owner' } -ContentType 'application/json' -Body (@{
                displayName   = 'Latency from the console'
                combiner      = 'OR'
                conditions    = @(@{ displayName = 'slow'; conditionThreshold = @{
                    filter = 'resource.type = "cloud_run_revision" AND metric.type = "run.googleapis.com/request_latencies"'
                    comparison = 'COMPARISON_GT'; thresholdValue = 3000; duration = '120s'
                    aggregations = @(@{ alignmentPeriod = '60s'; perSeriesAligner = 'ALIGN_PERCENTILE_99' })
                } })
            } | ConvertTo-Json -Depth 10)
        $path = Join-Path TestDrive:\ 'console.yaml'
        Export-JobFinderAlertPolicy -ProjectId jobfinder-staging -Path $path -DisplayName 'Latency*' -Force | Out-Null

        $adopted = Set-JobFinderAlertPolicy -Path $path -ProjectId jobfinder-staging -Adopt
        $again = Set-JobFinderAlertPolicy -Path $path -ProjectId jobfinder-staging

        $adopted.Action | Should -Be 'Update'
        $adopted.Mask | Should -Be @('userLabels')
        $adopted.Name | Should -Be $made.name
        $again.Action | Should -Be 'Unchanged'
    }

    It 'does not overwrite a file without -Force' {
        $path = Join-Path TestDrive:\ 'exists.yaml'
        'x' | Set-Content $path
        { Export-JobFinderAlertPolicy -ProjectId jobfinder-staging -Path $path -ErrorAction Stop } | Should -Throw -ErrorId "AlertPolicyExportExists,$fqid"
        Get-Content -Raw $path | Should -Match '^x'
    }

    It 'writes nothing under -WhatIf' {
        $path = Join-Path TestDrive:\ 'whatif.yaml'
        Export-JobFinderAlertPolicy -ProjectId jobfinder-staging -Path $path -WhatIf
        Test-Path $path | Should -BeFalse
    }
}
