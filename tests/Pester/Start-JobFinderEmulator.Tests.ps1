BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-ModuleUnderTest
}

Describe 'Start-JobFinderEmulator and Stop-JobFinderEmulator' -Tag 'Integration' {
    Context 'A fresh emulator' {
        BeforeAll {
            $emulator = Start-JobFinderEmulator
        }
        AfterAll {
            $emulator | Stop-JobFinderEmulator
        }

        It 'listens on loopback and reports its address' {
            $emulator.Address | Should -Match '^http://127\.0\.0\.1:\d+/$'
            $emulator.EmulatorHost | Should -Be ([uri]$emulator.Address).Authority
        }

        It 'points the session at itself through JOBFINDER_EMULATOR_HOST' {
            $env:JOBFINDER_EMULATOR_HOST | Should -Be $emulator.EmulatorHost
        }

        It 'writes a real service-account key file whose token_uri is the emulator' {
            $key = Get-Content -Raw $emulator.KeyFilePath | ConvertFrom-Json
            $key.type | Should -Be 'service_account'
            $key.token_uri | Should -BeLike "$($emulator.Address.TrimEnd('/'))*"
        }

        It 'serves the projects of the example backend' {
            $emulator.ProjectIds | Should -Contain 'jobfinder-prod'
            $emulator.ProjectIds | Should -Contain 'jobfinder-staging'
        }

        It 'refuses API calls without a token (Google envelope, 401)' {
            $response = Invoke-WebRequest -Uri "$($emulator.Address)v2/projects/jobfinder-prod/locations/us-central1/functions" -SkipHttpErrorCheck
            $response.StatusCode | Should -Be 401
            ($response.Content | ConvertFrom-Json).error.status | Should -Be 'UNAUTHENTICATED'
        }

        It 'formats as a table' {
            ($emulator | Out-String) | Should -Match 'Address'
        }
    }

    Context 'The smoke-test user' {
        BeforeAll {
            $smokeVariables = 'JOBFINDER_API_KEY', 'JOBFINDER_SMOKE_EMAIL', 'JOBFINDER_SMOKE_PASSWORD'
            $saved = @{}
            foreach ($name in $smokeVariables) { $saved[$name] = [Environment]::GetEnvironmentVariable($name) }
            $example = Copy-Example -Destination (Join-Path $TestDrive 'example')
        }
        BeforeEach {
            # Nothing set by hand: whatever earlier test files left in this process is gone.
            foreach ($name in $smokeVariables) { [Environment]::SetEnvironmentVariable($name, $null) }
        }
        AfterAll {
            foreach ($name in $smokeVariables) { [Environment]::SetEnvironmentVariable($name, $saved[$name]) }
        }

        It 'is set up for the repository in the current location, so the example''s smoke checks pass' {
            Push-Location $example
            try {
                $started = Start-JobFinderEmulator
                try {
                    $started.SmokeProjectId | Should -Be 'jobfinder-staging' -Because "the example's default alias is staging"
                    $started.SmokeVariables | Should -Be $smokeVariables
                    $deployment = Invoke-JobFinderDeployment -Environment staging -SkipBackup -Confirm:$false -WarningAction SilentlyContinue
                    $deployment.Outcome | Should -Be 'Succeeded'
                    $report = $deployment | Test-JobFinderSmoke
                    $report.Passed | Should -BeTrue -Because $report.Summary
                    $report.Checks.Name | Should -Be @('Health endpoint', 'Job submission', 'Configuration retrieval', 'Content items')
                }
                finally {
                    $started | Stop-JobFinderEmulator
                }
            }
            finally {
                Pop-Location
            }
            foreach ($name in $smokeVariables) { [Environment]::GetEnvironmentVariable($name) | Should -BeNullOrEmpty -Because "$name held nothing before the emulator started" }
        }

        It 'sets the key of -Environment, shows every key but never the password, and puts back what the variables held' {
            $env:JOBFINDER_API_KEY = 'the-key-i-had-before'
            $started = Start-JobFinderEmulator -RepositoryPath $example -Environment production
            try {
                $password = (Invoke-RestMethod -Uri "$($started.Address)_emulator/info").testUser.password
                $started.SmokeProjectId | Should -Be 'jobfinder-prod'
                $started.SmokeEnvironment | Should -Be 'production'
                $env:JOBFINDER_API_KEY | Should -Be $started.ApiKeys['jobfinder-prod']
                $started.ApiKeys.Keys | Sort-Object | Should -Be @('jobfinder-prod', 'jobfinder-staging', 'portfolio-site')
                $env:JOBFINDER_SMOKE_EMAIL | Should -Be $started.TestUserEmail
                $env:JOBFINDER_SMOKE_PASSWORD | Should -Be $password
                $shown = ($started | Format-List * | Out-String) + ($started | Out-String) + ($started | ConvertTo-Json -Depth 5)
                $shown | Should -Not -BeLike "*$password*"
            }
            finally {
                $started | Stop-JobFinderEmulator
            }
            $env:JOBFINDER_API_KEY | Should -Be 'the-key-i-had-before'
            $env:JOBFINDER_SMOKE_PASSWORD | Should -BeNullOrEmpty
        }

        It 'refuses an environment whose project the emulator does not serve, before setting anything' {
            { Start-JobFinderEmulator -RepositoryPath $example -Environment portfolio -ProjectId jobfinder-staging, jobfinder-prod } |
                Should -Throw -ErrorId 'EmulatorProjectNotServed,JobFinder.Ops.Cmdlets.Cmdlets.StartJobFinderEmulatorCommand' -ExpectedMessage '*portfolio-site*'
            $env:JOBFINDER_API_KEY | Should -BeNullOrEmpty
        }
    }

    Context 'Stopping' {
        It 'ends the process and clears JOBFINDER_EMULATOR_HOST' {
            $emulator = Start-JobFinderEmulator
            Stop-JobFinderEmulator
            Get-Process -Id $emulator.ProcessId -ErrorAction Ignore | Should -BeNullOrEmpty
            $env:JOBFINDER_EMULATOR_HOST | Should -BeNullOrEmpty
        }

        It 'keeps an earlier emulator running when another starts, through garbage collections' {
            # The session used to forget the first emulator; the collected process object closed its
            # stdin, which is the emulator's signal to shut down (it died under the next test file).
            $first = Start-JobFinderEmulator
            $second = Start-JobFinderEmulator
            try {
                $env:JOBFINDER_EMULATOR_HOST | Should -Be $second.EmulatorHost
                foreach ($round in 1..3) {
                    [GC]::Collect(); [GC]::WaitForPendingFinalizers()
                }
                Start-Sleep -Milliseconds 500
                (Invoke-RestMethod -Uri "$($first.Address)_emulator/info").projects | Should -Contain 'jobfinder-prod'

                Stop-JobFinderEmulator
                Get-Process -Id $second.ProcessId -ErrorAction Ignore | Should -BeNullOrEmpty
                Get-Process -Id $first.ProcessId -ErrorAction Ignore | Should -Not -BeNullOrEmpty -Because 'only the newest emulator is stopped without -InputObject'
            }
            finally {
                # Whichever is still running (the test may have stopped the second already).
                $first, $second | Where-Object { Get-Process -Id $_.ProcessId -ErrorAction Ignore } | Stop-JobFinderEmulator
            }
            Get-Process -Id $first.ProcessId -ErrorAction Ignore | Should -BeNullOrEmpty
        }

        It 'stops every emulator of the session with -All, and on Remove-Module' {
            # In a fresh process: -All here would also stop the test run's shared emulator.
            $script = @"
`$ErrorActionPreference = 'Stop'
Import-Module '$(Get-ModuleUnderTestPath)'
`$a = Start-JobFinderEmulator; `$b = Start-JobFinderEmulator
Stop-JobFinderEmulator -All
'all=' + @(Get-Process -Id `$a.ProcessId, `$b.ProcessId -ErrorAction Ignore).Count
`$c = Start-JobFinderEmulator; `$d = Start-JobFinderEmulator
Remove-Module JobFinder.Ops
Start-Sleep -Milliseconds 200
'removed=' + @(Get-Process -Id `$c.ProcessId, `$d.ProcessId -ErrorAction Ignore).Count
"@
            $result = Invoke-FreshPwsh -Script $script
            $result.ExitCode | Should -Be 0 -Because ($result.Output -join "`n")
            $result.Output | Should -Contain 'all=0'
            $result.Output | Should -Contain 'removed=0'
        }

        It 'keeps state across a restart with -DataPath' {
            $data = Join-Path TestDrive:\ 'state'
            $first = Start-JobFinderEmulator -DataPath $data
            $headers = @{ Authorization = 'Bearer owner' }
            $body = @{ name = 'persisted.txt' }
            Invoke-RestMethod -Method Post -Uri "$($first.Address)upload/storage/v1/b/jobfinder-prod-backups/o?uploadType=media&name=persisted.txt" -Headers $headers -Body 'kept' -ContentType 'text/plain' | Out-Null
            Stop-JobFinderEmulator
            $second = Start-JobFinderEmulator -DataPath $data
            try {
                Invoke-RestMethod -Uri "$($second.Address)storage/v1/b/jobfinder-prod-backups/o/persisted.txt?alt=media" -Headers $headers | Should -Be 'kept'
            }
            finally {
                Stop-JobFinderEmulator
            }
        }
    }
}
