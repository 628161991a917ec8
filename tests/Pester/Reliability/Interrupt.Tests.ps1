# Ctrl+C during each long-running cmdlet. A PowerShell instance in this process runs the cmdlet (its own
# runspace, the built module imported there); PowerShell.Stop() is exactly what Ctrl+C does to a pipeline
# (StopProcessing, then the pipeline ends with PipelineStoppedException). Each case holds the cmdlet in
# its slow phase with the emulator's operation faults, or a long bake/duration, then stops it and checks:
# the pipeline ended Stopped, the journal is consistent (a deployment is Aborted with its last step
# Failed, never InProgress), and the deployment lock was released (the clean-up may finish just after
# Stop returns, on the engine's worker thread: the test waits for it). How long Stop took is written to the
# test output for docs/RELIABILITY.md; it is not asserted (no timed assertions in tests): a Stop that
# waited for the held operation (60 s) would not return before the 45 s guard below.

BeforeDiscovery {
    $cases = @(
        @{ Cmdlet = 'Invoke-JobFinderDeployment'; Phase = 'baking at 10%'; Command = "Invoke-JobFinderDeployment -RepositoryPath '{0}' -Environment staging -SkipBackup -Confirm:`$false -BakeTime 00:05:00"; Ready = 'Analysis'; Journal = $true }
        @{ Cmdlet = 'Invoke-JobFinderDeployment'; Phase = 'waiting for the new revisions'; Command = "Invoke-JobFinderDeployment -RepositoryPath '{0}' -Environment staging -SkipBackup -Confirm:`$false"; Hold = 'cloudfunctions'; Ready = 'DeployFunctions'; Journal = $true }
        @{ Cmdlet = 'Backup-JobFinderProduction'; Phase = 'waiting for the Firestore export'; Command = "Backup-JobFinderProduction -RepositoryPath '{0}' -Environment staging"; Hold = 'firestore'; Ready = 'export' }
        @{ Cmdlet = 'Watch-JobFinderDeployment'; Phase = 'watching'; Command = "Get-JobFinderDeployment -RepositoryPath '{0}' -Environment staging -Newest 1 | Watch-JobFinderDeployment -Duration 01:00:00 -Interval 00:00:00.2 -SkipSmoke"; Ready = 'sample' }
        @{ Cmdlet = 'Undo-JobFinderDeployment'; Phase = 'moving traffic back'; Command = "Undo-JobFinderDeployment -RepositoryPath '{0}' -Environment staging -Last -Force -SkipSmoke"; Hold = 'run'; Ready = 'undo' }
    )
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'ReliabilityHelpers.psm1') -Force
    Import-ModuleUnderTest
    $emulator = Start-TestEmulator
    $module = Get-ModuleUnderTestPath
    $headers = @{ Authorization = 'Bearer owner' }

    $repo = New-TinyBackend -Root (Join-Path $TestDrive 'backend') -FunctionId 'stopAlpha' -Settings '{ "rollout": { "strategy": "Custom", "trafficSteps": [10, 100], "bakeTime": "200ms" }, "analysis": { "minRequests": 10, "probeCount": 10 }, "backup": { "bucket": "gs://jobfinder-staging-backups", "collectionIds": ["config"] } }'
    Invoke-JobFinderDeployment -RepositoryPath $repo -Environment staging -SkipBackup -Confirm:$false | Out-Null
    Set-TinyRelease -Root $repo
    Invoke-JobFinderDeployment -RepositoryPath $repo -Environment staging -SkipBackup -Confirm:$false | Out-Null

    function Test-Ready([string] $Ready, [string[]] $Known, $Shell) {
        switch ($Ready) {
            'export' { return [bool] @(Invoke-RestMethod -Uri "http://$($emulator.EmulatorHost)/v1/projects/jobfinder-staging/databases/(default)/operations" -Headers $headers).operations }
            'sample' { return $Shell.Streams.Progress.Count -gt 0 }
            'undo' { return [bool] (Get-TestEmulatorRequest -Mutating | Where-Object path -Match '/services/') }
            default {
                return Test-JournalStep (Get-JournalFile $repo $Known) $Ready 'Started'
            }
        }
    }
    function Get-Lock {
        Invoke-RestMethod -Uri "http://$($emulator.EmulatorHost)/storage/v1/b/jobfinder-staging-backups/o/jobfinder%2Fdeployments%2Fjobfinder-staging.lock" -Headers $headers -SkipHttpErrorCheck -StatusCodeVariable status | Out-Null
        return $status
    }
}

AfterAll {
    Invoke-TestEmulatorAdmin -Path 'operation-faults' -Method DELETE | Out-Null
    Stop-TestEmulator
}

Describe 'Ctrl+C during <Cmdlet> (<Phase>)' -ForEach $cases {
    It 'stops, leaves a consistent journal and no lock' {
        Set-TinyRelease -Root $repo
        $known = @((Get-ChildItem (Join-Path $repo '.jobfinder/deployments') -Filter *.json).Name)
        Clear-TestEmulatorRequest
        if ($Hold) {
            Invoke-TestEmulatorAdmin -Path 'operation-faults' -Method POST -Body @{ api = $Hold; kind = 'slow'; count = 10; delayMs = 60000 } | Out-Null
        }
        $shell = [powershell]::Create()
        try {
            $null = $shell.AddScript(@"
Import-Module '$module'
Connect-JobFinderProject -KeyFile '$($emulator.KeyFilePath)' -EmulatorHost '$($emulator.EmulatorHost)' | Out-Null
$($Command -f $repo)
"@)
            $invocation = $shell.BeginInvoke()
            $deadline = [DateTime]::UtcNow.AddSeconds(60)
            while (-not (Test-Ready $Ready $known $shell)) {
                if ($invocation.IsCompleted -or [DateTime]::UtcNow -gt $deadline) { throw "$Cmdlet never reached '$Ready': $($shell.Streams.Error | Out-String)" }
                Start-Sleep -Milliseconds 50
            }

            $clock = [Diagnostics.Stopwatch]::StartNew()
            $stopping = $shell.BeginStop($null, $null)
            $stopping.AsyncWaitHandle.WaitOne([TimeSpan]::FromSeconds(45)) | Should -BeTrue -Because 'Stop must not wait for the held 60 s operation'
            $clock.Stop()
            Write-Host "    Stop of $Cmdlet ($Phase) returned after $([int] $clock.Elapsed.TotalMilliseconds) ms"
            $shell.InvocationStateInfo.State | Should -Be 'Stopped'
            # Stop returns as soon as the pipeline stops; the engine's clean-up (journal Aborted, lock
            # released; bounded by 30 s in DeploymentRun) may still be finishing on a worker thread.
            $settling = [Diagnostics.Stopwatch]::StartNew()
            Wait-Condition -TimeoutSeconds 35 -What 'the clean-up after Stop' {
                (Get-Lock) -eq 404 -and (-not $Journal -or (Get-Content -Raw (Get-JournalFile $repo $known).FullName | ConvertFrom-Json).outcome -ne 'InProgress')
            }
            Write-Host "    ... journal and lock settled $([int] $settling.Elapsed.TotalMilliseconds) ms later"
        }
        finally {
            Invoke-TestEmulatorAdmin -Path 'operation-faults' -Method DELETE | Out-Null
            $shell.Dispose()
        }

        if ($Journal) {
            $id = (Get-JournalFile $repo $known).BaseName
            $record = Get-JobFinderDeployment -RepositoryPath $repo -Environment staging -Id $id -Local
            $record.Outcome | Should -Be 'Aborted'
            @($record.Steps | Where-Object State -EQ 'Started') | Should -BeNullOrEmpty -Because 'no step is left open in the journal'
            ($record.Steps | Where-Object Kind -EQ $Ready | Select-Object -Last 1).State | Should -Be 'Failed'
        }
        Get-Lock | Should -Be 404 -Because 'the lock is released when a deployment stops'
    }
}
