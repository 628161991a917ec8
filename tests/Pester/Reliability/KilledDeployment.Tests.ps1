# A deployment whose pwsh process is KILLED (not Ctrl+C: no finally block runs, no journal entry is
# written after the kill) at each phase in turn, found from its journal: after the traffic pin, after the
# new revisions are deployed at 0%, in the middle of a bake, and during an automatic rollback. Afterwards
# either -Resume finishes it or Undo-JobFinderDeployment restores it, and the live state is one of the two
# ends, never in between: equal to a backup taken just before (RollbackStateComparer over a fresh
# LiveSnapshot) or to the plan's desired state (a new plan has nothing left to change, all traffic on
# LATEST). Invoke-JobFinderDeployment.Tests.ps1 covers -Resume after a kill mid-bake; this file covers
# every phase and both ways out. Slow phases are held open with the emulator's operation faults, so the
# kill lands in the phase deterministically, without sleeps tuned to the machine.

BeforeDiscovery {
    $phases = @(
        # Killed while the new revisions deploy: the function updates are held open (8 s) and the kill
        # lands when the API reports both functions DEPLOYING. The killed process's updates go on in
        # the API after the kill, so the undo and the next deployment meet them: their function writes
        # get 409 ABORTED 'operation already in progress' and must wait for the operation, not fail.
        @{ Phase = 'while the new revisions deploy'; WaitFor = 'PinTraffic', 'Completed'; HoldApi = 'cloudfunctions'; HoldMs = 8000; UntilDeploying = $true; Recovery = 'Undo' }
        # Nothing can hold this phase open (the canary tag is a Run call inside the deploy step): the kill
        # lands right after the deploy step completed, at 0% or during the first traffic step.
        @{ Phase = 'after deploy at 0% (first traffic step pending)'; WaitFor = 'DeployFunctions', 'Completed'; Bake = '00:00:02'; Recovery = 'Resume' }
        @{ Phase = 'mid-step (baking at 10%)'; WaitFor = 'Analysis', 'Started'; Bake = '00:00:30'; Recovery = 'Undo' }
        @{ Phase = 'during the automatic rollback'; WaitFor = 'Rollback', 'Started'; HoldApi = 'run'; HoldWhen = 'Analysis', 'Started'; Bad = $true; Recovery = 'Resume' }
    )
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'ReliabilityHelpers.psm1') -Force
    Import-ModuleUnderTest
    $emulator = Start-TestEmulator
    $repo = New-TinyBackend -Root (Join-Path $TestDrive 'backend') -FunctionId 'killAlpha', 'killBeta' -WithRules
    Invoke-JobFinderDeployment -RepositoryPath $repo -Environment staging -SkipBackup -Confirm:$false | Out-Null

    function Get-Snapshot { (Backup-JobFinderProduction -RepositoryPath $repo -Environment staging).Snapshot }
    function Hold([string] $Api, [int] $DelayMs = 60000) {
        # The next operations of that API take a minute: the phase stays open until the kill.
        Invoke-TestEmulatorAdmin -Path 'operation-faults' -Method POST -Body @{ api = $Api; kind = 'slow'; count = 10; delayMs = $DelayMs } | Out-Null
    }
    function Get-FunctionState([string] $FunctionId) {
        (Invoke-RestMethod -Uri "http://$($env:JOBFINDER_EMULATOR_HOST)/v2/projects/jobfinder-staging/locations/us-central1/functions/$FunctionId" -Headers @{ Authorization = 'Bearer owner' }).state
    }
}

AfterAll {
    Invoke-TestEmulatorAdmin -Path 'operation-faults' -Method DELETE | Out-Null
    Stop-TestEmulator
}

Describe 'A deployment killed <Phase>' -ForEach $phases {
    It 'ends at one of the two ends after <Recovery>' {
        $before = Get-Snapshot
        Set-TinyRelease -Root $repo -Bad:([bool] $Bad)
        $known = @((Get-ChildItem (Join-Path $repo '.jobfinder/deployments') -Filter *.json).Name)
        if ($HoldApi -and -not $HoldWhen) { Hold $HoldApi -DelayMs $(if ($HoldMs) { $HoldMs } else { 60000 }) }
        $bakeTime = if ($Bake) { $Bake } else { '00:00:00.2' }
        $child = Start-ModuleProcess -Emulator $emulator -LogPrefix (Join-Path $TestDrive "child-$($Recovery)-$($WaitFor[0])") -Command "Invoke-JobFinderDeployment -RepositoryPath '$repo' -Environment staging -SkipBackup -Confirm:`$false -BakeTime $bakeTime"
        try {
            if ($HoldWhen) {
                Wait-Condition { Test-JournalStep (Get-JournalFile $repo $known) @HoldWhen } "$HoldWhen"
                Hold $HoldApi
            }
            Wait-Condition { Test-JournalStep (Get-JournalFile $repo $known) @WaitFor } "$WaitFor"
            if ($UntilDeploying) {
                Wait-Condition { (Get-FunctionState killAlpha) -eq 'DEPLOYING' -and (Get-FunctionState killBeta) -eq 'DEPLOYING' } 'both function updates in flight'
            }
        }
        finally {
            $child | Stop-Process -Force
            $child.WaitForExit()
            # The phase that kills during the updates keeps its hold through the recovery (cleared below),
            # so the undo always meets the killed process's updates still running.
            if (-not $UntilDeploying) { Invoke-TestEmulatorAdmin -Path 'operation-faults' -Method DELETE | Out-Null }
        }
        $id = (Get-JournalFile $repo $known).BaseName
        (Get-JobFinderDeployment -RepositoryPath $repo -Environment staging -Id $id -Local).Outcome | Should -Be 'InProgress' -Because 'a killed process writes nothing after the kill'

        if ($Recovery -eq 'Resume') {
            $record = Invoke-JobFinderDeployment -RepositoryPath $repo -Environment staging -Resume $id -Confirm:$false -ErrorAction SilentlyContinue
            $record.Id | Should -Be $id
        }
        else {
            $record = Undo-JobFinderDeployment -RepositoryPath $repo -Environment staging -Id $id -Force -SkipSmoke
        }
        if ($UntilDeploying) {
            # The killed process's updates finish after the undo and create the new revisions: what users
            # are served must not move to them (a restored LATEST would follow them).
            Wait-Condition { (Get-FunctionState killAlpha) -ne 'DEPLOYING' -and (Get-FunctionState killBeta) -ne 'DEPLOYING' } 'the killed updates to finish'
            Invoke-TestEmulatorAdmin -Path 'operation-faults' -Method DELETE | Out-Null
        }

        if ($Recovery -eq 'Resume' -and -not $Bad) {
            # The plan's desired state: nothing left to change, every function on LATEST 100%.
            $record.Outcome | Should -Be 'Succeeded'
            $plan = Invoke-JobFinderDeployment -RepositoryPath $repo -Environment staging -SkipBackup -PlanOnly
            @($plan.Functions + $plan.Rules | Where-Object { "$($_.Action)" -ne 'Unchanged' }).Count | Should -Be 0
            foreach ($function in 'killAlpha', 'killBeta') {
                $traffic = Get-ServiceTraffic $function
                $traffic.Count | Should -Be 1
                $traffic[0].type | Should -Be 'TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST'
            }
        }
        else {
            # The backup's snapshot: what served before, the rules released before.
            $record.Outcome | Should -BeIn @('RolledBack', 'Succeeded')
            # The engine's own comparer, reached through the snapshot's assembly (the engine lives in the
            # module's load context, so its type names do not resolve from PowerShell).
            $comparer = $before.GetType().Assembly.GetType('JobFinder.Ops.Undo.RollbackStateComparer', $true)
            # The automatic rollback pins stable at 100% and leaves its 'stable' tag (a URL alias that serves
            # nothing by itself): a split that differs only by that tag serves the same.
            $differences = @($comparer::Compare($before, (Get-Snapshot), $null) | Where-Object {
                    $_.Property -ne 'ServedSplit' -or ($_.Expected -replace ' #stable', '') -ne ($_.Actual -replace ' #stable', '') })
            $differences | Should -BeNullOrEmpty
        }

        # Whichever way out, the killed deployment's lock does not block the next one.
        Set-TinyRelease -Root $repo
        (Invoke-JobFinderDeployment -RepositoryPath $repo -Environment staging -SkipBackup -Confirm:$false).Outcome | Should -Be 'Succeeded'
    }
}
