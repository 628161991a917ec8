BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-ModuleUnderTest
    $emulator = Start-TestEmulator
    $fqidSuffix = 'JobFinder.Ops.Commands.UpdateJobFinderFrontendConfigCommand'
    $submitJobUrl = (New-TestEmulatorFunction -Project jobfinder-prod -Id submitJob).url
    $stale = @(
        '# production settings'
        'VITE_FIREBASE_API_KEY=not-touched'
        'export VITE_FIREBASE_PROJECT_ID="portfolio-site" # the old project'
        'VITE_SUBMIT_JOB_URL=https://us-central1-portfolio-site.cloudfunctions.net/submitJob'
    )
}

AfterAll { Stop-TestEmulator }

Describe 'Update-JobFinderFrontendConfig' {
    BeforeEach {
        $envFile = Join-Path $TestDrive '.env.production'
        Set-Content -Path $envFile -Value $stale
        $docs = Join-Path $TestDrive 'ENDPOINTS.md'
        Set-Content -Path $docs -Value @('# Endpoints', '', 'Intro that stays.')
    }

    It '-WhatIf shows one diff line per changed key and writes nothing' {
        $before = Get-Content -Raw $envFile

        $lines = Get-WhatIfLine { Update-JobFinderFrontendConfig -Path $envFile -ProjectId jobfinder-prod -DocsPath $docs -WhatIf }
        $output = $lines -join "`n"

        $output | Should -Match ([regex]::Escape("VITE_FIREBASE_PROJECT_ID: portfolio-site -> jobfinder-prod"))
        $output | Should -Match ([regex]::Escape("VITE_SUBMIT_JOB_URL: https://us-central1-portfolio-site.cloudfunctions.net/submitJob -> $submitJobUrl"))
        $output | Should -Match ([regex]::Escape("submitJob (us-central1): (none) -> $submitJobUrl"))
        @($lines | Where-Object { $_ -like '*->*' }).Count | Should -Be 3 -Because 'one diff line per changed key'
        Get-Content -Raw $envFile | Should -BeExactly $before
        Get-Content $docs | Should -Not -Contain '<!-- jobfinder:endpoints:start -->'
    }

    It 'writes the deployed URLs, keeping export, quotes, comments and other lines, and then the file checks clean' {
        $changes = Update-JobFinderFrontendConfig -Path $envFile -ProjectId jobfinder-prod -Force

        $changes.Key | Should -Be @('VITE_FIREBASE_PROJECT_ID', 'VITE_SUBMIT_JOB_URL')
        $changes.Written | Should -Be @($true, $true)
        Get-Content $envFile | Should -Be @(
            '# production settings'
            'VITE_FIREBASE_API_KEY=not-touched'
            'export VITE_FIREBASE_PROJECT_ID="jobfinder-prod" # the old project'
            "VITE_SUBMIT_JOB_URL=$submitJobUrl")
        (Test-JobFinderFrontendConfig -Path $envFile -ProjectId jobfinder-prod).Status | Should -Not -Contain 'Fail'
        Update-JobFinderFrontendConfig -Path $envFile -ProjectId jobfinder-prod -Force | Should -BeNullOrEmpty
    }

    It 'writes the endpoints table between markers, and a rerun replaces it' {
        Update-JobFinderFrontendConfig -Path $envFile -ProjectId jobfinder-prod -DocsPath $docs -Force | Out-Null
        Add-Content -Path $docs -Value 'Text after the table stays.'
        $first = Get-Content $docs

        $again = Update-JobFinderFrontendConfig -Path $envFile -ProjectId jobfinder-prod -DocsPath $docs -Force

        $again | Should -BeNullOrEmpty
        Get-Content $docs | Should -Be $first
        $first[0..2] | Should -Be @('# Endpoints', '', 'Intro that stays.')
        @($first | Where-Object { $_ -eq '<!-- jobfinder:endpoints:start -->' }).Count | Should -Be 1
        $first | Should -Contain "| submitJob | us-central1 | $submitJobUrl |"
        $first[-1] | Should -Be 'Text after the table stays.'
    }

    It 'refuses a docs file whose table has no end marker, writing neither file' {
        Set-Content -Path $docs -Value @('# Endpoints', '<!-- jobfinder:endpoints:start -->', '| old |')

        { Update-JobFinderFrontendConfig -Path $envFile -ProjectId jobfinder-prod -DocsPath $docs -Force } |
            Should -Throw -ErrorId "EndpointsMarkerUnclosed,$fqidSuffix"
        Get-Content $envFile | Should -Be $stale
    }
}
