BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-ModuleUnderTest
    $emulator = Start-JobFinderEmulator
    $fqid = 'JobFinder.Ops.Commands.SetJobFinderAlertPolicyCommand'
    $repo = Copy-Example -Destination (Join-Path TestDrive:\ 'backend')
    $project = Get-JobFinderProject -RepositoryPath $repo -Environment staging
    $file = Join-Path $repo 'monitoring-config.yaml'
    $original = Get-Content -Raw $file

    function Invoke-Monitoring {
        # Calls the emulated Monitoring API directly (owner token), for setting up what a test needs.
        param([string] $Method = 'GET', [string] $Path, [object] $Body)
        $arguments = @{
            Uri     = "http://$($env:JOBFINDER_EMULATOR_HOST)/monitoring/v3/projects/jobfinder-staging/$Path"
            Method  = $Method
            Headers = @{ Authorization = 'Bearer owner' }
        }
        if ($null -ne $Body) { $arguments.Body = ($Body | ConvertTo-Json -Depth 20); $arguments.ContentType = 'application/json' }
        Invoke-RestMethod @arguments
    }

    function Get-LivePolicy {
        @((Invoke-Monitoring -Path 'alertPolicies').alertPolicies)
    }
}

AfterAll {
    $emulator | Stop-JobFinderEmulator
}

Describe 'Set-JobFinderAlertPolicy' -Tag 'Integration' {
    BeforeEach {
        Invoke-TestEmulatorAdmin -Path 'reset' -Method POST | Out-Null
        Set-Content -Path $file -Value $original -NoNewline
        Clear-TestEmulatorRequest
    }

    It 'creates every declared policy, channel, SLO and the dashboard on the first run' {
        $changes = $project | Set-JobFinderAlertPolicy

        $changes | Where-Object Action -ne 'Create' | Should -BeNullOrEmpty
        $changes | Where-Object { -not $_.Applied } | Should -BeNullOrEmpty
        @($changes | Where-Object Kind -eq 'Policy').DisplayName | Should -Be @('High Error Rate', 'Function Timeout', 'Memory Exceeded', 'Error Budget Burn Rate (fast)')
        @($changes | Where-Object Kind -eq 'Channel').Count | Should -Be 1
        @($changes | Where-Object Kind -eq 'Dashboard').Count | Should -Be 1
        @($changes | Where-Object Kind -eq 'Slo').Count | Should -Be 6   # two services, four objectives

        $live = Get-LivePolicy
        $live.Count | Should -Be 4
        $live | ForEach-Object { $_.userLabels.'managed-by' | Should -Be 'jobfinder-ops' }
        $channel = @((Invoke-Monitoring -Path 'notificationChannels').notificationChannels)[0]
        ($live | Where-Object displayName -eq 'High Error Rate').notificationChannels | Should -Be @($channel.name)
    }

    It 'reports everything Unchanged and makes no mutating call on the second run' {
        $project | Set-JobFinderAlertPolicy | Out-Null
        Clear-TestEmulatorRequest

        $changes = $project | Set-JobFinderAlertPolicy

        $changes | Where-Object Action -ne 'Unchanged' | Should -BeNullOrEmpty
        @($changes).Count | Should -Be 12
        Get-TestEmulatorRequest -Mutating | Should -BeNullOrEmpty
    }

    It 'patches an edited threshold with one PATCH whose mask is the conditions' {
        $project | Set-JobFinderAlertPolicy | Out-Null
        (Get-Content -Raw $file).Replace('thresholdValue: 0.05', 'thresholdValue: 0.08') | Set-Content -Path $file -NoNewline
        Clear-TestEmulatorRequest

        $changes = $project | Set-JobFinderAlertPolicy

        $updated = @($changes | Where-Object Action -eq 'Update')
        $updated.Count | Should -Be 1
        $updated[0].DisplayName | Should -Be 'High Error Rate'
        $updated[0].Mask | Should -Be @('conditions')
        $updated[0].Diff | Should -Be '~ conditions[0].conditionThreshold.thresholdValue: 0.05 -> 0.08'
        $mutating = @(Get-TestEmulatorRequest -Mutating)
        $mutating.Count | Should -Be 1
        $mutating[0].method | Should -Be 'PATCH'
        $mutating[0].path | Should -Be "/monitoring/v3/$($updated[0].Name)"
        $live = Get-LivePolicy | Where-Object displayName -eq 'High Error Rate'
        $live.conditions[0].conditionThreshold.thresholdValue | Should -Be 0.08
    }

    It 'keeps condition ids across a patch' {
        $project | Set-JobFinderAlertPolicy | Out-Null
        $before = (Get-LivePolicy | Where-Object displayName -eq 'Function Timeout').conditions[0].name
        (Get-Content -Raw $file).Replace('thresholdValue: 5000', 'thresholdValue: 4000') | Set-Content -Path $file -NoNewline

        $project | Set-JobFinderAlertPolicy | Out-Null

        (Get-LivePolicy | Where-Object displayName -eq 'Function Timeout').conditions[0].name | Should -Be $before
    }

    It 'with -Prune removes only our policies that are no longer declared' {
        $project | Set-JobFinderAlertPolicy | Out-Null
        $foreign = Invoke-Monitoring -Method POST -Path 'alertPolicies' -Body @{
            displayName = 'Made in the console'
            combiner    = 'OR'
            conditions  = @(@{ displayName = 'c'; conditionThreshold = @{ filter = 'resource.type = "cloud_run_revision" AND metric.type = "run.googleapis.com/request_count"'; comparison = 'COMPARISON_GT'; thresholdValue = 1; duration = '60s' } })
        }
        $text = Get-Content -Raw $file
        $start = $text.IndexOf('  - displayName: Memory Exceeded')
        $end = $text.IndexOf('  # SLO-style burn-rate alert')
        $text.Remove($start, $end - $start) | Set-Content -Path $file -NoNewline

        $changes = $project | Set-JobFinderAlertPolicy -Prune -Force

        $removed = @($changes | Where-Object Action -eq 'Delete')
        $removed.DisplayName | Should -Be @('Memory Exceeded')
        $removed[0].Applied | Should -BeTrue
        (Get-LivePolicy).displayName | Should -Not -Contain 'Memory Exceeded'
        (Get-LivePolicy).name | Should -Contain $foreign.name
    }

    It 'without -Prune leaves undeclared policies alone' {
        $project | Set-JobFinderAlertPolicy | Out-Null
        "alertPolicies: []" | Set-Content -Path $file

        $changes = $project | Set-JobFinderAlertPolicy

        $changes | Should -BeNullOrEmpty
        (Get-LivePolicy).Count | Should -Be 4
    }

    It 'with -WhatIf shows the diff and changes nothing' {
        $changes = $project | Set-JobFinderAlertPolicy -WhatIf

        Get-TestEmulatorRequest -Mutating | Should -BeNullOrEmpty
        $changes | Where-Object Applied | Should -BeNullOrEmpty
        $policy = $changes | Where-Object DisplayName -eq 'High Error Rate'
        $policy.Action | Should -Be 'Create'
        $policy.Diff | Should -Match '\+ conditions\[0\]\.conditionThreshold\.thresholdValue: 0\.05'
        Get-LivePolicy | Should -BeNullOrEmpty
    }

    It 'with -WhatIf on a changed threshold shows the update and does not patch' {
        $project | Set-JobFinderAlertPolicy | Out-Null
        (Get-Content -Raw $file).Replace('thresholdValue: 0.9', 'thresholdValue: 0.95') | Set-Content -Path $file -NoNewline
        Clear-TestEmulatorRequest

        $changes = $project | Set-JobFinderAlertPolicy -WhatIf

        $update = $changes | Where-Object Action -eq 'Update'
        $update.DisplayName | Should -Be 'Memory Exceeded'
        $update.Diff | Should -Be '~ conditions[0].conditionThreshold.thresholdValue: 0.9 -> 0.95'
        Get-TestEmulatorRequest -Mutating | Should -BeNullOrEmpty
    }

    It 'refuses to take over a policy it does not manage unless -Adopt' {
        Invoke-Monitoring -Method POST -Path 'alertPolicies' -Body @{
            displayName = 'Function Timeout'
            combiner    = 'OR'
            conditions  = @(@{ displayName = 'old'; conditionThreshold = @{ filter = 'resource.type = "cloud_run_revision" AND metric.type = "run.googleapis.com/request_latencies"'; comparison = 'COMPARISON_GT'; thresholdValue = 9000; duration = '60s' } })
        } | Out-Null

        { $project | Set-JobFinderAlertPolicy -ErrorAction Stop } | Should -Throw -ErrorId "AlertPolicyNotManaged,$fqid"
        Get-TestEmulatorRequest -Mutating | Where-Object path -like '*alertPolicies*' | Where-Object method -ne 'POST' | Should -BeNullOrEmpty

        $changes = $project | Set-JobFinderAlertPolicy -Adopt
        $adopted = $changes | Where-Object DisplayName -eq 'Function Timeout'
        $adopted.Action | Should -Be 'Update'
        $adopted.Mask | Should -Contain 'userLabels'
        @(Get-LivePolicy | Where-Object displayName -eq 'Function Timeout').Count | Should -Be 1
    }

    It 'applies a gcloud --policy-from-file JSON policy given as -InputObject' {
        $json = @{
            displayName = 'From gcloud'
            combiner    = 'OR'
            conditions  = @(@{ displayName = 'absent'; conditionAbsent = @{ filter = 'resource.type = "cloud_run_revision" AND metric.type = "run.googleapis.com/request_count"'; duration = '600s' } })
        } | ConvertTo-Json -Depth 10

        $first = Set-JobFinderAlertPolicy -InputObject $json -ProjectId jobfinder-staging
        $second = Set-JobFinderAlertPolicy -InputObject $json -ProjectId jobfinder-staging

        $first.Action | Should -Be 'Create'
        $second.Action | Should -Be 'Unchanged'
    }

    It 'with -WhatIf prints each diff once, within 100 columns' {
        $script = @"
`$PSStyle.OutputRendering = 'PlainText'
Import-Module '$(Get-ModuleUnderTestPath)'
Connect-JobFinderProject -KeyFile '$($emulator.KeyFilePath)' -EmulatorHost '$($emulator.EmulatorHost)' | Out-Null
Set-JobFinderAlertPolicy -Path '$((Resolve-Path $file).ProviderPath)' -ProjectId jobfinder-staging -WhatIf | Out-String -Width 100
"@
        $result = Invoke-FreshPwsh -Script $script -NonInteractive

        $result.ExitCode | Should -Be 0 -Because ($result.Output -join "`n")
        $lines = $result.Output -split "`r?`n"
        $lines | Where-Object Length -gt 100 | Should -BeNullOrEmpty
        @($lines | Where-Object { $_ -match "^What if: Create alert policy 'High Error Rate' in project jobfinder-staging:$" }).Count | Should -Be 1
        @($lines | Where-Object { $_ -match '^  \+ conditions\[0\]\.conditionThreshold\.thresholdValue: 0\.05$' }).Count | Should -Be 1
        # A filter longer than a line goes on in a continuation line under its field.
        $lines | Where-Object { $_ -match '^ {6}metric\.type = \\"run\.googleapis\.com/request_count\\" AND' } | Should -Not -BeNullOrEmpty
        Get-TestEmulatorRequest -Mutating | Should -BeNullOrEmpty
    }

    It 'applies Google-shaped policy files of every condition kind, then finds them unchanged' -ForEach @(
        @{ file = 'threshold.json'; count = 1 }, @{ file = 'absent.json'; count = 1 }, @{ file = 'matched-log.json'; count = 1 }
        @{ file = 'mql.json'; count = 1 }, @{ file = 'promql.json'; count = 1 }, @{ file = 'sql.yaml'; count = 1 }, @{ file = 'list.yaml'; count = 2 }
    ) {
        $path = Join-Path (Get-RepositoryRoot) "tests/Fixtures/AlertPolicies/$file"

        $first = Set-JobFinderAlertPolicy -Path $path -ProjectId jobfinder-staging
        $second = Set-JobFinderAlertPolicy -Path $path -ProjectId jobfinder-staging

        @($first | Where-Object { $_.Action -eq 'Create' -and $_.Applied }).Count | Should -Be $count
        @($second | Where-Object Action -eq 'Unchanged').Count | Should -Be $count
        @(Get-LivePolicy).Count | Should -Be $count
    }

    It "refuses the plan's own monitoring-config.yaml before any call, naming the line and the fix" {
        $path = Join-Path (Get-RepositoryRoot) 'tests/Fixtures/AlertPolicies/plan-monitoring-config.yaml'

        foreach ($whatIf in $true, $false) {
            $caught = $null
            try { $project | Set-JobFinderAlertPolicy -Path $path -WhatIf:$whatIf -ErrorAction Stop } catch { $caught = $_ }
            $caught.FullyQualifiedErrorId | Should -Be "AlertPolicyConditionInvalid,$fqid"
            $caught.Exception.Message | Should -BeLike "*plan-monitoring-config.yaml:5:*Add 'displayName: High Error Rate' to the condition*"
        }
        Get-TestEmulatorRequest | Should -BeNullOrEmpty
    }

    It "refuses the plan's file with named conditions for its production channel, before any change" {
        $text = Get-Content -Raw (Join-Path (Get-RepositoryRoot) 'tests/Fixtures/AlertPolicies/plan-monitoring-config.yaml')
        $named = $text -replace '(?m)^(\s+)- threshold:', "`$1- displayName: the condition`n`$1  threshold:"
        $named | Should -Match 'displayName: the condition'

        { $project | Set-JobFinderAlertPolicy -InputObject $named -ErrorAction Stop } | Should -Throw -ErrorId "NotificationChannelUnknown,$fqid"
        Get-TestEmulatorRequest -Mutating | Should -BeNullOrEmpty
    }

    It 'warns about gen1 metrics and names the Cloud Run metric' {
        $yaml = @'
alertPolicies:
  - displayName: Gen1 errors
    combiner: OR
    conditions:
      - displayName: errors
        threshold:
          filter: resource.type = "cloud_function" AND metric.type = "cloudfunctions.googleapis.com/function/execution_count" AND metric.labels.status != "ok"
          comparison: COMPARISON_GT
          thresholdValue: 1
          duration: 60s
'@
        $project | Set-JobFinderAlertPolicy -InputObject $yaml -WhatIf -WarningVariable warnings -WarningAction SilentlyContinue | Out-Null

        ($warnings -join "`n") | Should -Match 'run\.googleapis\.com/request_count'
    }
}

Describe 'Set-JobFinderAlertPolicy bad input' -Tag 'Integration' {
    BeforeAll {
        $valid = @'
alertPolicies:
  - displayName: P
    combiner: OR
    conditions:
      - displayName: c
        threshold:
          filter: resource.type = "cloud_run_revision" AND metric.type = "run.googleapis.com/request_count"
          comparison: COMPARISON_GT
          thresholdValue: 1
          duration: 60s
'@
    }

    It 'reports <errorId> for <case>' -ForEach @(
        @{ case = 'a YAML syntax error'; find = 'displayName: P'; replace = 'displayName: [P'; errorId = 'AlertPolicyFileMalformed' }
        @{ case = 'an unknown field'; find = 'combiner: OR'; replace = "combiner: OR`n    colour: red"; errorId = 'AlertPolicyFieldUnknown' }
        @{ case = 'a bad enum value'; find = 'COMPARISON_GT'; replace = 'BIGGER'; errorId = 'AlertPolicyFieldInvalid' }
        @{ case = 'a missing display name'; find = '  - displayName: P'; replace = '  - severity: ERROR'; errorId = 'AlertPolicyInvalid' }
        @{ case = 'a duration of 90s'; find = 'duration: 60s'; replace = 'duration: 90s'; errorId = 'AlertPolicyConditionInvalid' }
        @{ case = 'an unknown channel'; find = 'combiner: OR'; replace = "combiner: OR`n    notificationChannels: [nobody]"; errorId = 'NotificationChannelUnknown' }
        @{ case = 'neither format'; find = 'alertPolicies:'; replace = 'policies:'; errorId = 'AlertPolicyFileUnrecognized' }
    ) {
        $text = $valid.Replace($find, $replace)
        $text | Should -Not -Be $valid
        Clear-TestEmulatorRequest
        { Set-JobFinderAlertPolicy -InputObject $text -ProjectId jobfinder-staging -ErrorAction Stop } | Should -Throw -ErrorId "$errorId,$fqid"
        Get-TestEmulatorRequest | Should -BeNullOrEmpty
    }

    It 'names the file, line and field of a bad policy file' {
        $path = Join-Path TestDrive:\ 'bad.yaml'
        $valid.Replace('duration: 60s', 'duration: 90s') | Set-Content $path
        try {
            Set-JobFinderAlertPolicy -Path $path -ProjectId jobfinder-staging -ErrorAction Stop
            throw 'expected an error'
        }
        catch {
            $_.FullyQualifiedErrorId | Should -Be "AlertPolicyConditionInvalid,$fqid"
            $_.Exception.Message | Should -Match 'bad\.yaml:10:\d+:'
            $_.Exception.Field | Should -Be 'alertPolicies[0].conditions[0].threshold.duration'
        }
    }

    It 'reports two policies with one name' {
        $text = $valid + "`n" + $valid.Substring($valid.IndexOf('  - displayName'))
        { Set-JobFinderAlertPolicy -InputObject $text -ProjectId jobfinder-staging -ErrorAction Stop } | Should -Throw -ErrorId "AlertPolicyDuplicateName,$fqid"
    }

    It 'reports a missing file' {
        { Set-JobFinderAlertPolicy -Path (Join-Path TestDrive:\ 'nope.yaml') -ProjectId jobfinder-staging -ErrorAction Stop } | Should -Throw -ErrorId "AlertPolicyFileNotFound,$fqid"
    }
}
