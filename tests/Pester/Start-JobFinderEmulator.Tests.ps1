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
            # Run alone, this file has no earlier emulator: the session is then not connected (and says so).
            $emulator | Stop-JobFinderEmulator -WarningAction SilentlyContinue
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
                Should -Throw -ErrorId 'EmulatorProjectNotServed,JobFinder.Ops.Commands.StartJobFinderEmulatorCommand' -ExpectedMessage '*portfolio-site*'
            $env:JOBFINDER_API_KEY | Should -BeNullOrEmpty
        }
    }

    Context 'Stopping' {
        It 'ends the process; with no earlier emulator running, the session is not connected and never turns to Google' {
            # In a fresh process that inherits no emulator, so none used before this one runs. Application
            # Default Credentials name a forged key whose token endpoint is the shared emulator: a
            # fallback to Google would show there as a token request.
            $standIn = Start-TestEmulator
            $forged = New-ForgedKeyFile -Emulator $standIn -Path (Join-Path $TestDrive 'forged-adc.json')
            Clear-TestEmulatorRequest
            $script = @"
`$env:JOBFINDER_EMULATOR_HOST = `$null
`$env:GOOGLE_APPLICATION_CREDENTIALS = '$forged'
Import-Module '$(Get-ModuleUnderTestPath)'
`$emulator = Start-JobFinderEmulator
`$emulator | Stop-JobFinderEmulator 3>&1 | ForEach-Object { 'warning=' + `$_ }
'alive=' + [bool] (Get-Process -Id `$emulator.ProcessId -ErrorAction Ignore)
'variable=[' + `$env:JOBFINDER_EMULATOR_HOST + ']'
'destination=' + (Get-JobFinderContext).Destination
`$clock = [Diagnostics.Stopwatch]::StartNew()
try { Get-JobFinderBackup -RepositoryPath '$(Get-ExamplePath)' -Environment production -ErrorAction Stop | Out-Null; 'no error' }
catch { 'id=' + `$_.FullyQualifiedErrorId; 'action=' + `$_.ErrorDetails.RecommendedAction }
'seconds=' + `$clock.Elapsed.TotalSeconds.ToString([cultureinfo]::InvariantCulture)
Connect-JobFinderProject -AccessToken (ConvertTo-SecureString 'not-a-real-token' -AsPlainText -Force) | Out-Null
`$context = Get-JobFinderContext
'connected=' + `$context.Destination + ' ' + `$context.Credentials + ' ' + `$context.Endpoints[0].Url
"@
            $result = Invoke-FreshPwsh -Script $script
            $text = $result.Output -join "`n"
            $result.Output | Should -Contain 'alive=False' -Because $text
            $text | Should -Match 'warning=The session is not connected'
            $result.Output | Should -Contain 'variable=[]'
            $result.Output | Should -Contain 'destination=NotConnected'
            $result.Output | Should -Contain 'id=SessionNotConnected,JobFinder.Ops.Commands.GetJobFinderBackupCommand'
            $text | Should -Match 'action=Run Start-JobFinderEmulator .*Connect-JobFinderProject'
            [double] (($result.Output | Where-Object { $_ -like 'seconds=*' }) -replace '^seconds=') | Should -BeLessThan 2
            Get-TestEmulatorRequest | Where-Object path -Match '/token$' | Should -BeNullOrEmpty -Because 'a stopped emulator must not send the session to Google'
            # Google is where Connect-JobFinderProject goes when the user chooses it.
            $result.Output | Should -Contain 'connected=Google AccessToken https://cloudfunctions.googleapis.com/'
        }

        It 'returns the session to an older emulator that still runs (Start-JobFinderEmulator | Stop-JobFinderEmulator)' {
            $older = Start-JobFinderEmulator
            try {
                Start-JobFinderEmulator | Stop-JobFinderEmulator
                $env:JOBFINDER_EMULATOR_HOST | Should -Be $older.EmulatorHost
                $context = Get-JobFinderContext
                $context.Destination | Should -Be 'Emulator'
                $context.Emulator.EmulatorHost | Should -Be $older.EmulatorHost
                $context.Emulator.ProcessId | Should -Be $older.ProcessId
                $context.Emulator.Alive | Should -BeTrue

                Invoke-RestMethod -Method Delete -Uri "$($older.Address)_emulator/requests" | Out-Null
                Get-JobFinderBackup -RepositoryPath (Get-ExamplePath) -Environment production -ErrorAction Stop | Out-Null
                @((Invoke-RestMethod -Uri "$($older.Address)_emulator/requests").requests | Where-Object path -Match '/storage/').Count |
                    Should -BeGreaterThan 0 -Because 'the next command works against the older emulator'
            }
            finally {
                $older | Stop-JobFinderEmulator
            }
        }

        It 'walks past an older emulator that died since, to the one before it' {
            $oldest = Start-JobFinderEmulator
            $dead = Start-JobFinderEmulator
            try {
                $process = Get-Process -Id $dead.ProcessId
                $process.Kill()
                $process.WaitForExit()
                Start-JobFinderEmulator | Stop-JobFinderEmulator
                $env:JOBFINDER_EMULATOR_HOST | Should -Be $oldest.EmulatorHost
                (Get-JobFinderContext).Emulator.EmulatorHost | Should -Be $oldest.EmulatorHost
            }
            finally {
                $dead | Stop-JobFinderEmulator
                $oldest | Stop-JobFinderEmulator
            }
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
                $env:JOBFINDER_EMULATOR_HOST | Should -Be $first.EmulatorHost -Because 'the session returns to the emulator it used before'
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
