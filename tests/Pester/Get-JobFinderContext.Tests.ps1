BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-ModuleUnderTest
    $emulator = Start-TestEmulator
}

AfterAll {
    Stop-TestEmulator
}

Describe 'Get-JobFinderContext' -Tag 'Integration' {
    Context 'A session on the emulator it started' {
        BeforeAll {
            $own = Start-JobFinderEmulator
            $context = Get-JobFinderContext
        }
        AfterAll {
            $own | Stop-JobFinderEmulator
        }

        It 'points at the emulator, alive, started by this session with its process id' {
            $context.Destination | Should -Be 'Emulator'
            $context.Emulator.EmulatorHost | Should -Be $own.EmulatorHost
            $context.Emulator.Origin | Should -Be 'StartedBySession'
            $context.Emulator.StartedBySession | Should -BeTrue
            $context.Emulator.ProcessId | Should -Be $own.ProcessId
            $context.Emulator.Alive | Should -BeTrue
        }

        It 'sends every API to the emulator' {
            $context.Endpoints.Count | Should -Be 12
            $context.Endpoints | ForEach-Object {
                $_.Source | Should -Be 'Emulator'
                $_.Url | Should -Be "$($own.Address)$($_.Api)/"
            }
        }

        It 'names the emulator''s service account and its project, never its key' {
            $context.Credentials | Should -Be 'EmulatorServiceAccount'
            $context.Principal | Should -Match '^jobfinder-deployer@'
            $context.KeyFilePath | Should -Be $own.KeyFilePath
            $context.ProjectId | Should -Be 'jobfinder-staging'
            $text = ($context | Out-String) + ($context | ConvertTo-Json -Depth 5)
            $text | Should -Not -Match 'PRIVATE KEY|private_key'
        }

        It 'formats as a table' {
            $table = $context | Out-String
            $table | Should -Match 'Destination'
            $table | Should -Match ([regex]::Escape($own.EmulatorHost))
            ($context.Endpoints | Out-String) | Should -Match 'Source'
        }

        It 'shows the emulator gone, and why, once its process was killed' {
            $process = Get-Process -Id $own.ProcessId
            $process.Kill()
            $process.WaitForExit()
            $gone = Get-JobFinderContext
            $gone.Destination | Should -Be 'Emulator'
            $gone.Emulator.Alive | Should -BeFalse
            $gone.Emulator.Problem | Should -Match "process $($own.ProcessId) exited with code"
        }
    }

    Context 'Other ways to point a session' {
        It 'shows a per-API override and the variable that set it' {
            $saved = $env:JOBFINDER_RUN_URL
            $env:JOBFINDER_RUN_URL = 'http://127.0.0.1:9/run-override/'
            try {
                $run = (Get-JobFinderContext).Endpoints | Where-Object Api -EQ 'run'
                $run.Url | Should -Be 'http://127.0.0.1:9/run-override/'
                $run.Source | Should -Be 'UrlVariable'
                $run.Variable | Should -Be 'JOBFINDER_RUN_URL'
            }
            finally {
                $env:JOBFINDER_RUN_URL = $saved
            }
        }

        It 'shows an access token as its kind only' {
            $token = 'ya29.context-test-token-value'
            Connect-JobFinderProject -AccessToken (ConvertTo-SecureString $token -AsPlainText -Force) -EmulatorHost $emulator.EmulatorHost | Out-Null
            try {
                $context = Get-JobFinderContext
                $context.Credentials | Should -Be 'AccessToken'
                $context.Emulator.Origin | Should -Be 'StartedBySession' -Because 'this session started the shared emulator it names'
                (($context | Out-String) + ($context | ConvertTo-Json -Depth 5)) | Should -Not -Match ([regex]::Escape($token))
            }
            finally {
                Connect-JobFinderProject -KeyFile $emulator.KeyFilePath -EmulatorHost $emulator.EmulatorHost | Out-Null
            }
        }

        It 'shows Google and Application Default Credentials for a session that never chose an emulator, without resolving them' {
            # A fresh process with no emulator variable: the documented default. ADC names a forged key
            # whose token endpoint is the shared emulator, so resolving it would show as a token request.
            $forged = New-ForgedKeyFile -Emulator $emulator -Path (Join-Path $TestDrive 'forged-adc.json')
            Clear-TestEmulatorRequest
            $result = Invoke-FreshPwsh -Script @"
`$ErrorActionPreference = 'Stop'
`$env:JOBFINDER_EMULATOR_HOST = `$null
`$env:GOOGLE_APPLICATION_CREDENTIALS = '$forged'
Import-Module '$(Get-ModuleUnderTestPath)'
`$context = Get-JobFinderContext
'destination=' + `$context.Destination
'credentials=' + `$context.Credentials + ' ' + `$context.KeyFilePath
'run=' + (`$context.Endpoints | Where-Object Api -EQ 'run').Url
'emulator=' + [bool] `$context.Emulator
"@
            $result.ExitCode | Should -Be 0 -Because ($result.Output -join "`n")
            $result.Output | Should -Contain 'destination=Google'
            $result.Output | Should -Contain "credentials=ApplicationDefault $forged"
            $result.Output | Should -Contain 'run=https://run.googleapis.com/'
            $result.Output | Should -Contain 'emulator=False'
            Get-TestEmulatorRequest | Where-Object path -Match '/token$' | Should -BeNullOrEmpty
        }
    }
}
