# Cloud faults seen through the built module (the engine-level versions, with more detail, are in
# tests/Unit/JobFinder.Ops.Tests/Reliability): a storm of transient 429/503 on every API during a whole
# deployment, and two deployments started at once from two processes.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'ReliabilityHelpers.psm1') -Force
    Import-ModuleUnderTest
    $emulator = Start-TestEmulator
    $functions = 'stormAlpha', 'stormBeta'
    $repo = New-TinyBackend -Root (Join-Path $TestDrive 'backend') -FunctionId $functions -WithRules
    Invoke-JobFinderDeployment -RepositoryPath $repo -Environment staging -SkipBackup -Confirm:$false | Out-Null

    function Get-RevisionCount([string] $FunctionId) {
        $uri = "http://$($emulator.EmulatorHost)/v2/projects/jobfinder-staging/locations/us-central1/services/$($FunctionId.ToLowerInvariant())/revisions"
        @((Invoke-RestMethod -Uri $uri -Headers @{ Authorization = 'Bearer owner' }).revisions).Count
    }
}

AfterAll {
    Clear-TestEmulatorFault
    Stop-TestEmulator
}

Describe 'Reliability: cloud faults through the cmdlets' -Tag 'Integration' {
    It 'finishes a deployment under 20% transient 429/503 on every API: same steps, no duplicate revision, retries in -Verbose' {
        Set-TinyRelease -Root $repo
        $clean = Invoke-JobFinderDeployment -RepositoryPath $repo -Environment staging -SkipBackup -Confirm:$false
        $clean.Outcome | Should -Be 'Succeeded'
        $revisionsBefore = @{}
        foreach ($id in $functions) { $revisionsBefore[$id] = Get-RevisionCount $id }

        Set-TinyRelease -Root $repo
        # Retry-After: 0 keeps the test fast; the decisions (what is retried) and the attempt count (8) are
        # production's. 20%, not the 30% of DeploymentFaultTests.cs (which runs the engine with 10
        # attempts): at 30%, 8 attempts lose a call 0.3^8 of the time, ~0.7% of runs of this ~100-call
        # deployment would fail by chance; at 20% it is ~0.03%.
        Set-TestEmulatorFault -Api '*' -Rate 0.2 -Code 429, 503 -RetryAfterSeconds 0
        try {
            $stream = @(Invoke-JobFinderDeployment -RepositoryPath $repo -Environment staging -SkipBackup -Confirm:$false -Verbose -WarningVariable warnings 4>&1)
        }
        finally {
            Clear-TestEmulatorFault
        }

        $record = $stream | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] } | Select-Object -Last 1
        $record.Outcome | Should -Be 'Succeeded' -Because $record.Reason
        @($record.Steps | ForEach-Object { "$($_.Kind)@$($_.CanaryPercent)" }) | Should -Be @($clean.Steps | ForEach-Object { "$($_.Kind)@$($_.CanaryPercent)" })
        @($record.Steps | Where-Object { "$($_.State)" -ne 'Completed' }) | Should -BeNullOrEmpty
        foreach ($id in $functions) { Get-RevisionCount $id | Should -Be ($revisionsBefore[$id] + 1) -Because "one release is one new revision of $id, however often a call was retried" }
        @($warnings | Where-Object { "$_" -like '*journal*' }) | Should -BeNullOrEmpty -Because 'every write is retried, the journal copy in the bucket included'
        $retries = @($stream | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -like 'Retrying *' })
        $retries.Count | Should -BeGreaterThan 0
        $retries[0].Message | Should -Match '^Retrying (GET|POST|PATCH|PUT|DELETE) \S+ after (429|503) \(attempt \d of 8'
    }

    It 'runs exactly one of two deployments started at once; the other gets the lock error and changes nothing' {
        Set-TinyRelease -Root $repo
        $known = @((Get-ChildItem (Join-Path $repo '.jobfinder/deployments') -Filter *.json).Name)
        # The first one bakes 20 s at its first step, holding the lock and writing nothing meanwhile.
        $first = Start-ModuleProcess -Emulator $emulator -LogPrefix (Join-Path $TestDrive 'first') -Command "Invoke-JobFinderDeployment -RepositoryPath '$repo' -Environment staging -SkipBackup -Confirm:`$false -BakeTime 00:00:20"
        try {
            Wait-Condition { Test-JournalStep (Get-JournalFile $repo $known) Analysis Started } 'the first deployment to bake'
            Clear-TestEmulatorRequest

            { Invoke-JobFinderDeployment -RepositoryPath $repo -Environment staging -SkipBackup -Confirm:$false -ErrorAction Stop } |
                Should -Throw -ErrorId 'DeploymentLocked,JobFinder.Ops.Commands.InvokeJobFinderDeploymentCommand'

            # The refused one changed nothing: nothing it tried was written (the
            # first process is baking meanwhile and writes nothing until the bake ends).
            @(Get-TestEmulatorRequest -Mutating | Where-Object status -LT 400) | Should -BeNullOrEmpty
            # The preflight reads the lock and refuses before any write; a deployment that raced past it
            # would meet the conditional create's 412 instead. Either way at most that one refused write.
            @(Get-TestEmulatorRequest -Mutating | Where-Object status -EQ 412).Count | Should -BeLessOrEqual 1
            $firstId = (Get-JournalFile $repo $known).BaseName
            (Get-JobFinderDeployment -RepositoryPath $repo -Environment staging -Local | Where-Object Id -NE $firstId | Where-Object { $_.Id -notin ($known -replace '\.json$', '') }) | Should -BeNullOrEmpty -Because 'the refused deployment writes no journal'
        }
        finally {
            $first | Stop-Process -Force -ErrorAction Ignore
            $first.WaitForExit()
        }
        Undo-JobFinderDeployment -RepositoryPath $repo -Environment staging -Id $firstId -Force -SkipSmoke | Out-Null
    }
}
