# The Test task's lanes (tools/TestLanes.psm1): how build.ps1 deals the Pester files into processes of about
# equal time, and reads the times back from a run's JUnit results for the next one.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../tools/TestLanes.psm1') -Force
}

Describe 'Split-TestFile' {
    It 'deals the longest file first, each to the lane with the least time so far' {
        $durations = @{ 'a.Tests.ps1' = 300; 'b.Tests.ps1' = 200; 'c.Tests.ps1' = 150; 'd.Tests.ps1' = 100; 'e.Tests.ps1' = 50 }
        $shards = Split-TestFile -Path ('/t/a.Tests.ps1', '/t/b.Tests.ps1', '/t/c.Tests.ps1', '/t/d.Tests.ps1', '/t/e.Tests.ps1') -Count 2 -Duration $durations

        $shards.Count | Should -Be 2
        @($shards | ForEach-Object Seconds | Sort-Object) | Should -Be @(400, 400)
        @($shards[0].Files) | Should -Be @('/t/a.Tests.ps1', '/t/d.Tests.ps1')
        @($shards[1].Files) | Should -Be @('/t/b.Tests.ps1', '/t/c.Tests.ps1', '/t/e.Tests.ps1')
    }

    It 'counts a file without a figure as -DefaultSeconds and never makes more lanes than files' {
        $shards = Split-TestFile -Path ('/t/new.Tests.ps1') -Count 3 -DefaultSeconds 7

        $shards.Count | Should -Be 1
        $shards[0].Seconds | Should -Be 7
    }
}

Describe 'Read-PesterFileDuration' {
    It 'reads the seconds of each file from the testsuite elements of JUnit results, by file name' {
        $junit = Join-Path $TestDrive 'pester-1.junit.xml'
        Set-Content $junit '<testsuites><testsuite name="/repo/tests/Pester/x.Tests.ps1" time="12.34" tests="1"/><testsuite name="/repo/tests/Pester/Reliability/y.Tests.ps1" time="5" tests="2"/></testsuites>'

        $durations = Read-PesterFileDuration -Path $junit, (Join-Path $TestDrive 'missing.xml')

        $durations['x.Tests.ps1'] | Should -Be 12.3
        $durations['y.Tests.ps1'] | Should -Be 5
        $durations.Count | Should -Be 2
    }
}
