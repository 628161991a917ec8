BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-ModuleUnderTest
    $emulator = Start-TestEmulator
    $fqid = 'JobFinder.Ops.Commands.ConnectJobFinderProjectCommand'
}

AfterAll {
    Stop-TestEmulator
}

Describe 'Connect-JobFinderProject' -Tag 'Integration' {
    It 'connects with a service-account key file through the emulator token endpoint' {
        $connection = Connect-JobFinderProject -KeyFile $emulator.KeyFilePath -EmulatorHost $emulator.EmulatorHost
        $connection.CredentialSource | Should -Be 'KeyFile'
        $connection.Principal | Should -Match '^jobfinder-deployer@'
        $connection.EmulatorHost | Should -Be $emulator.EmulatorHost
    }

    It 'never shows key material' {
        $connection = Connect-JobFinderProject -KeyFile $emulator.KeyFilePath -EmulatorHost $emulator.EmulatorHost -Verbose 4>&1
        $text = ($connection | Out-String) + ($connection | ConvertTo-Json -Depth 5)
        $text | Should -Not -Match 'PRIVATE KEY'
        $text | Should -Not -Match 'private_key'
    }

    It 'lists an emulator endpoint per API' {
        $connection = Connect-JobFinderProject -KeyFile $emulator.KeyFilePath -EmulatorHost $emulator.EmulatorHost
        $connection.Endpoints | Should -Contain "run=$($emulator.Address)run/"
    }

    It 'reports a missing key file' {
        { Connect-JobFinderProject -KeyFile (Join-Path TestDrive:\ 'nope.json') -ErrorAction Stop } | Should -Throw -ErrorId "GoogleKeyFileNotFound,$fqid"
    }

    It 'reports a file that is not a key' {
        $bad = Join-Path TestDrive:\ 'bad.json'
        '{"type":"service_account"}' | Set-Content $bad
        { Connect-JobFinderProject -KeyFile $bad -ErrorAction Stop } | Should -Throw -ErrorId "GoogleKeyFileInvalid,$fqid"
    }

    It 'fails at connect time when the token endpoint rejects the key' {
        # A key the emulator did not issue: same shape, different RSA key.
        $forged = New-ForgedKeyFile -Emulator $emulator -Path (Join-Path TestDrive:\ 'forged.json')
        { Connect-JobFinderProject -KeyFile $forged -EmulatorHost $emulator.EmulatorHost -ErrorAction Stop } | Should -Throw -ErrorId "GoogleAuthenticationFailed,$fqid"
    }

    AfterAll {
        # Leave the session connected the way Start-JobFinderEmulator set it up.
        Connect-JobFinderProject -KeyFile $emulator.KeyFilePath -EmulatorHost $emulator.EmulatorHost | Out-Null
    }
}
