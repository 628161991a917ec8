BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'DeploymentSamples.psm1') -Force
    Import-ModuleUnderTest
    $fqidSuffix = 'JobFinder.Ops.Commands.ExportJobFinderDeploymentReportCommand'
    $folder = Join-Path ([IO.Path]::GetTempPath()) "report-$([guid]::NewGuid().ToString('n'))"
    New-Item -ItemType Directory -Path $folder | Out-Null
}

AfterAll { Remove-Item -Recurse -Force $folder -ErrorAction SilentlyContinue }

Describe 'Export-JobFinderDeploymentReport' -Tag 'Unit' {
    It 'writes one self-contained HTML file with the charts and returns it' {
        $file = New-SampleDeploymentRecord | Export-JobFinderDeploymentReport -Path (Join-Path $folder 'report.html')
        $file | Should -BeOfType ([IO.FileInfo])
        $html = Get-Content -Raw $file.FullName
        $html | Should -Match '<svg[^>]+id="chart-traffic"'
        $html | Should -Match 'data-series="traffic"[^>]+data-values="0 10 50 100 100"'
        $html | Should -Match 'id="chart-error-rate-submitJob"'
        $html | Should -Not -Match '<script|<link|src='
    }

    It 'names the file after the deployment when -Path is a folder' {
        $file = New-SampleDeploymentRecord -Outcome RolledBack | Export-JobFinderDeploymentReport -Path $folder
        $file.Name | Should -Be '20261126T223000Z-9b2e77.html'
        Get-Content -Raw $file.FullName | Should -Match 'submitJob: error rate 31.0% &gt; 10.0%'
    }

    It 'writes <id>.html per piped record into a folder it creates' {
        $reports = Join-Path $folder 'reports'

        $records = @(New-SampleDeploymentRecord; New-SampleDeploymentRecord -Outcome RolledBack)
        $files = $records | Export-JobFinderDeploymentReport -Path $reports

        Test-Path $reports -PathType Container | Should -BeTrue
        @($files.Name) | Should -Be @('20261126T221500Z-3f9a1c.html', '20261126T223000Z-9b2e77.html')
        Get-Content -Raw (Join-Path $reports '20261126T223000Z-9b2e77.html') | Should -Match 'error rate 31.0%'
    }

    It 'never overwrites one file with a second piped record' {
        $path = Join-Path $folder 'one.html'

        $records = @(New-SampleDeploymentRecord; New-SampleDeploymentRecord -Outcome RolledBack)
        $files = $records | Export-JobFinderDeploymentReport -Path $path -ErrorVariable failed -ErrorAction SilentlyContinue

        @($files).Count | Should -Be 1
        $failed[0].FullyQualifiedErrorId | Should -Be "ReportPathIsFile,$fqidSuffix"
        $failed[0].Exception.Message | Should -Match '20261126T223000Z-9b2e77 was not written.*-Path \./reports'
        Get-Content -Raw $path | Should -Match '20261126T221500Z-3f9a1c'
    }

    It 'writes nothing with -WhatIf' {
        $path = Join-Path $folder 'whatif.html'
        New-SampleDeploymentRecord | Export-JobFinderDeploymentReport -Path $path -WhatIf
        Test-Path $path | Should -BeFalse
    }

    It 'refuses to overwrite with -NoClobber' {
        $path = Join-Path $folder 'kept.html'
        Set-Content -Path $path -Value 'mine'
        { New-SampleDeploymentRecord | Export-JobFinderDeploymentReport -Path $path -NoClobber } | Should -Throw -ErrorId "ReportFileExists,$fqidSuffix"
        Get-Content -Raw $path | Should -Match 'mine'
    }

    It 'says which journal file is missing' {
        { Export-JobFinderDeploymentReport -JournalPath (Join-Path $folder 'none.json') -Path $folder } | Should -Throw -ErrorId "DeploymentJournalNotFound,$fqidSuffix"
    }
}
