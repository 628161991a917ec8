# Every example of the cmdlet help (docs/help/*.md), pasted as a user pastes it, runs without an error
# against a copy of the example repository and the shared emulator: the doc is what users run. The
# examples that need something this machine does not have (Google, a team's webhook, cron, hours of
# wall clock) are listed with the reason in HelpExamples.skip.psd1; a listed example that is gone from
# the docs fails here, so the list cannot outlive them.
BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $skip = Import-PowerShellDataFile (Join-Path $PSScriptRoot 'HelpExamples.skip.psd1')
    # Listed examples are not test cases at all (a skipped test asserts nothing); the list itself is tested below.
    $examples = @(Get-HelpExample | Where-Object { -not $skip.ContainsKey($_.Name) } | ForEach-Object { @{ Name = $_.Name; Code = $_.Code } })
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-ModuleUnderTest
    $skip = Import-PowerShellDataFile (Join-Path $PSScriptRoot 'HelpExamples.skip.psd1')
    $emulator = Start-TestEmulator
    $info = Invoke-TestEmulatorAdmin -Path 'info'
    $env:JOBFINDER_SMOKE_EMAIL = $info.testUser.email
    $env:JOBFINDER_SMOKE_PASSWORD = $info.testUser.password

    # Examples name ./examples/job-finder-be (run from this repository's root) or act on the repository
    # in the current folder: one copy serves both, at examples/job-finder-be under the test drive.
    $root = Join-Path $TestDrive 'root'
    $repo = Copy-Example -Destination (Join-Path $root 'examples/job-finder-be')

    function Use-WebApiKey([string] $Code) {
        # Each Firebase project has its own web API key (a CI job's per-environment secret): the one of
        # the project the example addresses.
        $projectId = if ($Code -match 'production|jobfinder-prod') { 'jobfinder-prod' } else { 'jobfinder-staging' }
        $env:JOBFINDER_API_KEY = $info.apiKeys.$projectId
    }

    function Deploy([string] $Environment) {
        Use-WebApiKey $Environment
        $deployment = Invoke-JobFinderDeployment -RepositoryPath $repo -Environment $Environment -SkipBackup -BakeTime 00:00:01 -Confirm:$false
        $deployment.Outcome | Should -Be 'Succeeded'
        return $deployment
    }

    function Invoke-Emulator([string] $Method, [string] $Path, [object] $Body = @{}) {
        # The emulator's Google APIs as the project's owner: what a reader did in the console first.
        $uri = "http://$($env:JOBFINDER_EMULATOR_HOST)/$Path"
        $json = $Body | ConvertTo-Json -Depth 5
        Invoke-RestMethod -Method $Method -Uri $uri -Headers @{ Authorization = 'Bearer owner' } -ContentType 'application/json' -Body $json
    }

    function Publish-Release {
        # A new release of the source in both environments, the way production requires it: staging
        # deployed and smoke-tested, then production after a verified backup. An example that undoes
        # production's latest deployment then has an earlier release to return to.
        Add-Content -Path (Join-Path $repo 'functions/index.js') -Value "// release $([guid]::NewGuid().ToString('N'))"
        Deploy staging | Out-Null
        (Test-JobFinderSmoke -RepositoryPath $repo -Environment staging).Passed | Should -BeTrue
        Use-WebApiKey production
        $production = Invoke-JobFinderDeployment -RepositoryPath $repo -Environment production -NewBackup -BakeTime 00:00:01 -Confirm:$false
        $production.Outcome | Should -Be 'Succeeded'
    }

    # The state an example reads, made before it runs (what its reader would have done first).
    $setPolicies = { param($Environment) Set-JobFinderAlertPolicy -RepositoryPath $repo -Environment $Environment -Confirm:$false | Out-Null }
    # A team's webhook, here a local one that answers 200 (what Send-JobFinderNotification posts to).
    $sink = New-TestWebhookSink
    $given = @{
        'Send-JobFinderNotification Example 1'  = {
            $env:DEPLOY_WEBHOOK = "http://127.0.0.1:$($sink.Port)/deploy"
            @{ deployment = Get-JobFinderDeployment -RepositoryPath $repo -Environment production -Newest 1 }
        }
        'Send-JobFinderNotification Example 2'  = { $env:TEAMS_WEBHOOK = "http://127.0.0.1:$($sink.Port)/teams" }
        'Backup-JobFinderProduction Example 2'  = { Invoke-Emulator Post 'storage/v1/b?project=jobfinder-prod' @{ name = 'acme-backups' } | Out-Null }
        'Export-JobFinderAlertPolicy Example 1' = { & $setPolicies production }
        'Export-JobFinderAlertPolicy Example 2' = { & $setPolicies staging }
        'Get-JobFinderAlertPolicy Example 2'    = { & $setPolicies staging }
        'Get-JobFinderDeployment Example 3'     = { Publish-Release }
        'Restore-JobFinderBackup Example 3'     = {
            $operation = Invoke-Emulator Post 'v1/projects/jobfinder-prod/databases?databaseId=restored-copy' @{ locationId = 'nam5'; type = 'FIRESTORE_NATIVE' }
            while (-not $operation.done) { $operation = Invoke-Emulator Get "v1/$($operation.name)" }
        }
        'Set-JobFinderAlertPolicy Example 3'    = { Copy-Item (Join-Path (Get-RepositoryRoot) 'tests/Fixtures/AlertPolicies/absent.json') (Join-Path $repo 'policy.json') }
        'Undo-JobFinderDeployment Example 1'    = { Publish-Release }
        'Undo-JobFinderDeployment Example 2'    = { Publish-Release }
    }

    # Placeholders a reader replaces with their own: the id of a deployment of theirs.
    function Resolve-Placeholder([string] $Code) {
        if ($Code -match '20261126T221500Z-3f9a1c') {
            $id = (Get-JobFinderDeployment -RepositoryPath $repo -Environment production -Newest 1).Id
            $Code = $Code.Replace('20261126T221500Z-3f9a1c', $id)
        }
        return $Code
    }

    # A staging deployment and a passing staging smoke run of this source: production requires both
    # (rollout.requireStagingSmoke).
    Deploy staging | Out-Null
    Use-WebApiKey staging
    (Test-JobFinderSmoke -RepositoryPath $repo -Environment staging).Passed | Should -BeTrue
}

AfterAll {
    $sink.Dispose()
    Remove-Item Env:DEPLOY_WEBHOOK, Env:TEAMS_WEBHOOK -ErrorAction Ignore
    Remove-Item Env:JOBFINDER_API_KEY, Env:JOBFINDER_SMOKE_EMAIL, Env:JOBFINDER_SMOKE_PASSWORD -ErrorAction Ignore
    Stop-TestEmulator
}

Describe 'Help examples' -Tag 'HelpExamples' {
    It 'lists only examples that exist' {
        $names = @(Get-HelpExample).Name
        @($skip.Keys | Where-Object { $_ -notin $names }) | Should -BeNullOrEmpty
    }

    It 'gives each listed example the reason it cannot run here' {
        @($skip.GetEnumerator() | Where-Object { [string]::IsNullOrWhiteSpace($_.Value) }).Name | Should -BeNullOrEmpty
    }

    It '<Name> runs as written' -ForEach $examples {
        # A given state may also name variables the example reads ($deployment).
        if ($given.ContainsKey($Name)) {
            foreach ($variable in @(& $given[$Name] | Where-Object { $_ -is [hashtable] })) {
                foreach ($entry in $variable.GetEnumerator()) { Set-Variable -Name $entry.Key -Value $entry.Value }
            }
        }
        Use-WebApiKey $Code
        $code = Resolve-Placeholder $Code
        Push-Location ($code -match '\./examples/job-finder-be' ? $root : $repo)
        try {
            # Two things its reader does differently: answers yes to the confirmation prompt, and waits
            # one second rather than minutes at each canary step (where the example names no bake time).
            $ConfirmPreference = 'None'
            $ErrorActionPreference = 'Stop'
            $PSDefaultParameterValues['Invoke-JobFinderDeployment:BakeTime'] = [timespan]'00:00:01'
            $output = @(& ([scriptblock]::Create($code)))
        }
        finally {
            $PSDefaultParameterValues.Remove('Invoke-JobFinderDeployment:BakeTime')
            Pop-Location
        }
        # What it shows renders at 100 columns, and no report it returns says it failed.
        $output | Out-String -Width 100 | Write-Verbose
        @($output | Where-Object { $_.PSObject.Properties['Passed'] -and $_.Passed -eq $false }) | Should -BeNullOrEmpty
        @($output | Where-Object { $_.PSObject.Properties['Outcome'] -and "$($_.Outcome)" -in 'RolledBack', 'Failed' }) | Should -BeNullOrEmpty
    }
}
