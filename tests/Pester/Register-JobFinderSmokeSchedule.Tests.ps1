BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-ModuleUnderTest
    $repo = Copy-Example -Destination (Join-Path $TestDrive 'repo')
}

Describe 'Register-JobFinderSmokeSchedule' {
    It 'writes nothing with -WhatIf' {
        $crontab = Join-Path $TestDrive 'whatif.crontab'
        Register-JobFinderSmokeSchedule -RepositoryPath $repo -Environment production -IntervalMinutes 5 -CrontabPath $crontab -Platform Cron -WhatIf
        Test-Path $crontab | Should -BeFalse
        Test-Path (Join-Path $repo '.jobfinder') | Should -BeFalse
    }

    It 'writes a cron entry that runs a runner script every N minutes, replacing its own lines on a second run' {
        $crontab = Join-Path $TestDrive 'jobs.crontab'
        Set-Content -Path $crontab -Value 'MAILTO=ops@example.com'
        $log = Join-Path $TestDrive 'logs/smoke.jsonl'

        $first = Register-JobFinderSmokeSchedule -RepositoryPath $repo -Environment production -IntervalMinutes 5 -CrontabPath $crontab -LogPath $log -Platform Cron -PassThru
        Register-JobFinderSmokeSchedule -RepositoryPath $repo -Environment production -IntervalMinutes 10 -CrontabPath $crontab -LogPath $log -Platform Cron

        $lines = Get-Content $crontab
        $lines[0] | Should -Be 'MAILTO=ops@example.com'
        @($lines | Where-Object { $_ -like '*-File*' }).Count | Should -Be 1
        $lines | Should -Contain '# JobFinder.Ops smoke schedule: jobfinder-production'
        ($lines | Where-Object { $_ -like '*-File*' }) | Should -BeLike "``*/10 * * * * *-NoProfile -NonInteractive -File '*smoke-jobfinder-production.ps1'*"
        $first.Platform | Should -Be 'Cron'
        $first.LogPath | Should -Be $log
        $script = Get-Content -Raw $first.ScriptPath
        $errors = $null
        [System.Management.Automation.Language.Parser]::ParseInput($script, [ref] $null, [ref] $errors) | Out-Null
        $errors | Should -BeNullOrEmpty
        $script | Should -BeLike "*Test-JobFinderSmoke -RepositoryPath '$repo' -Environment 'production' -OutputFormat JsonLines*"
        $script | Should -BeLike '*exit $LASTEXITCODE*'
    }

    It 'writes a cron command that a real shell runs with cron''s PATH, however this pwsh was started' {
        # The test suite runs under 'dotnet pwsh' (the tool manifest): no pwsh is on any PATH, so the
        # command must start this very pwsh by full paths. Run the entry's command as cron would:
        # /bin/sh semantics through bash -c, PATH=/usr/bin:/bin, no other variable but the emulator's.
        $emulator = Start-TestEmulator
        try {
            $crontab = Join-Path $TestDrive 'run.crontab'
            $log = Join-Path $TestDrive 'run/smoke.jsonl'
            Register-JobFinderSmokeSchedule -RepositoryPath $repo -Environment staging -IntervalMinutes 5 -CrontabPath $crontab -LogPath $log -Platform Cron
            $entry = Get-Content $crontab | Where-Object { $_ -like '`*/5 *' }
            $command = ($entry -split ' ', 6)[5] -replace '\\%', '%'
            & /usr/bin/env -i "HOME=$HOME" 'PATH=/usr/bin:/bin' 'NO_COLOR=1' "JOBFINDER_EMULATOR_HOST=$($emulator.EmulatorHost)" /bin/bash -c $command
            # bash's own words when the program is missing (the old entry: "pwsh: command not found").
            Get-Content -Raw "$log.stderr" -ErrorAction SilentlyContinue | Should -Not -Match 'command not found|No such file or directory'
            $runs = @(Get-Content $log | ConvertFrom-Json)
            $runs | Should -HaveCount 1 -Because 'the runner script ran and logged one run'
            # Nothing is deployed to this emulator, so the checks cannot pass: what matters is that the
            # module loaded and Test-JobFinderSmoke ran (its report, or its own error id), in the scheduled pwsh.
            $ran = $runs[0].projectId -eq 'jobfinder-staging' -or "$($runs[0].errorId)" -like '*,JobFinder.Ops.Commands.TestJobFinderSmokeCommand'
            $ran | Should -BeTrue -Because "Test-JobFinderSmoke ran (log line: $($runs[0] | ConvertTo-Json -Compress))"
        }
        finally { Stop-TestEmulator }
    }

    It 'shows the Scheduled Task command line with -WhatIf' {
        $output = Register-JobFinderSmokeSchedule -RepositoryPath $repo -Environment staging -IntervalMinutes 15 -Platform ScheduledTask -WhatIf -Verbose 4>&1 | Out-String
        $output | Should -BeLike '*schtasks.exe /Create /F /TN "\JobFinder.Ops\Smoke jobfinder-staging" /SC MINUTE /MO 15 /TR*'
    }

    It 'refuses an interval cron cannot express' {
        { Register-JobFinderSmokeSchedule -RepositoryPath $repo -Environment staging -IntervalMinutes 90 -Platform Cron -CrontabPath (Join-Path $TestDrive 'x') } |
            Should -Throw -ErrorId 'SmokeScheduleIntervalInvalid,JobFinder.Ops.Commands.RegisterJobFinderSmokeScheduleCommand'
    }

    It 'formats the schedule as a table' {
        $schedule = Register-JobFinderSmokeSchedule -RepositoryPath $repo -Environment staging -Platform Cron -CrontabPath (Join-Path $TestDrive 'fmt.crontab') -PassThru
        ($schedule | Out-String) | Should -Match 'IntervalMinutes'
    }
}
