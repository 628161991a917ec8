BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-ModuleUnderTest
    $emulator = Start-TestEmulator
    $base = "http://$($emulator.EmulatorHost)"
    $headers = @{ Authorization = 'Bearer owner' }

    function Set-TestSource([string] $Root, [string] $Version) {
        New-Item -ItemType Directory -Force -Path (Join-Path $Root 'functions') | Out-Null
        Set-Content (Join-Path $Root 'firebase.json') '{ "functions": { "source": "functions", "runtime": "nodejs20" } }'
        Set-Content (Join-Path $Root '.firebaserc') '{ "projects": { "default": "jobfinder-staging", "staging": "jobfinder-staging" } }'
        Set-Content (Join-Path $Root 'jobfinder.ops.json') '{ "rollout": { "strategy": "Custom", "trafficSteps": [100], "bakeTime": "0s", "keepRevisions": 2, "keepRollbackWindow": "7d" }, "backup": { "bucket": "gs://jobfinder-staging-backups" } }'
        Set-Content (Join-Path $Root 'functions/functions.yaml') "specVersion: v1alpha1`nendpoints:`n  oldRevs:`n    entryPoint: health`n    httpsTrigger: {}`n"
        Set-Content (Join-Path $Root 'functions/index.js') "// $Version`nexports.health = (req, res) => res.json({ status: 'healthy' });"
    }

    function Wait-RunOperation($Operation) {
        while (-not $Operation.done) {
            $Operation = Invoke-RestMethod -Uri "$base/run/v2/$($Operation.name)" -Headers $headers
        }
    }

    # A new revision through the Run API, as a console edit of the service would make: same code, a label changed.
    function New-TemplateRevision([string] $Service, [string] $Marker) {
        $template = (Invoke-RestMethod -Uri "$base/run/v2/$Service" -Headers $headers).template
        $template | Add-Member -Force -NotePropertyName labels -NotePropertyValue @{ marker = $Marker }
        Wait-RunOperation (Invoke-RestMethod -Method Patch -Uri "$base/run/v2/$($Service)?updateMask=template" -Headers $headers `
            -ContentType 'application/json' -Body (@{ template = $template } | ConvertTo-Json -Depth 20))
    }

    function Get-RevisionId([string] $Service) {
        @((Invoke-RestMethod -Uri "$base/run/v2/$Service/revisions" -Headers $headers).revisions |
            Sort-Object { [DateTimeOffset] $_.createTime }, name | ForEach-Object { ($_.name -split '/')[-1] })
    }

    function Get-ImageTag([string] $Package) {
        @((Invoke-RestMethod -Uri "$base/artifactregistry/v1/projects/jobfinder-staging/locations/us-central1/repositories/gcf-artifacts/dockerImages" -Headers $headers).dockerImages |
            Where-Object { $_.uri -like "*/$Package@*" } | ForEach-Object tags)
    }

    # Revisions 1..3 (a deployment, two console edits), then a deployment whose stable revision is 3
    # and which brings revision 4 (serving), then two more edits (5, 6) with traffic pinned on 4 and a
    # tag on 2. Newest 2 = 5 and 6; 4 serves; 3 is the deployment's rollback target; 2 is tagged: only
    # revision 1 may go.
    $repo = Join-Path $TestDrive 'backend'
    Set-TestSource $repo 'v1'
    Invoke-JobFinderDeployment -RepositoryPath $repo -Environment staging -SkipBackup -Force | Out-Null
    $service = (Invoke-RestMethod -Uri "$base/v2/projects/jobfinder-staging/locations/us-central1/functions/oldRevs" -Headers $headers).serviceConfig.service
    $serviceId = ($service -split '/')[-1]
    New-TemplateRevision $service 'edit-a'
    New-TemplateRevision $service 'edit-b'
    Set-TestSource $repo 'v2'
    $deployment = Invoke-JobFinderDeployment -RepositoryPath $repo -Environment staging -SkipBackup -Force
    $revisions = Get-RevisionId $service
    $traffic = @(@{ type = 'TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION'; revision = $revisions[3]; percent = 100 },
        @{ type = 'TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION'; revision = $revisions[1]; percent = 0; tag = 'blue' })
    Wait-RunOperation (Invoke-RestMethod -Method Patch -Uri "$base/run/v2/$($service)?updateMask=traffic" -Headers $headers `
        -ContentType 'application/json' -Body (@{ traffic = $traffic } | ConvertTo-Json -Depth 5))
    New-TemplateRevision $service 'edit-c'
    New-TemplateRevision $service 'edit-d'
    $revisions = Get-RevisionId $service
}

AfterAll { Stop-TestEmulator }

Describe 'Remove-JobFinderRevision' {
    It 'sets up six revisions, the fourth serving and the third the deployment''s rollback target' {
        $revisions.Count | Should -Be 6
        ($deployment.Functions | Where-Object FunctionId -EQ oldRevs).StableRevision | Should -Be $revisions[2]
    }

    It '-WhatIf reports what it would remove and why, and makes no DELETE' {
        Clear-TestEmulatorRequest

        $results = Remove-JobFinderRevision -RepositoryPath $repo -Environment staging -WhatIf

        $byRevision = @{}; $results | ForEach-Object { $byRevision[$_.Revision] = $_ }
        $byRevision[$revisions[0]].Action | Should -Be 'WouldRemove'
        $byRevision[$revisions[0]].Reason | Should -Match 'older than the newest 2'
        $byRevision[$revisions[1]].Reason | Should -Match "tag 'blue'"
        $byRevision[$revisions[2]].Reason | Should -Match "deployment $($deployment.Id) can roll back"
        $byRevision[$revisions[3]].Reason | Should -Match 'serves traffic \(100%\)'
        $byRevision[$revisions[4]].Reason, $byRevision[$revisions[5]].Reason | Should -Match 'newest 2'
        @($results | Where-Object Action -EQ Kept).Count | Should -Be 5
        Get-TestEmulatorRequest -Mutating | Should -BeNullOrEmpty
        Get-RevisionId $service | Should -Be $revisions
    }

    It 'deletes the rest with its image and keeps the serving, tagged, newest and rollback revisions' {
        $results = Remove-JobFinderRevision -RepositoryPath $repo -Environment staging -Force

        $removed = @($results | Where-Object Action -EQ Removed)
        $removed.Revision | Should -Be @($revisions[0])
        $removed.ImageRemoved | Should -BeTrue
        Get-RevisionId $service | Should -Be $revisions[1..5]
        Get-ImageTag $serviceId | Should -Not -Contain $revisions[0]
        Get-ImageTag $serviceId | Should -Contain $revisions[1]
    }

    It 'once the deployment is older than the rollback window, its rollback target goes too' {
        Set-Content (Join-Path $repo 'jobfinder.ops.json') '{ "rollout": { "strategy": "Custom", "trafficSteps": [100], "bakeTime": "0s", "keepRevisions": 2, "keepRollbackWindow": "1ms" }, "backup": { "bucket": "gs://jobfinder-staging-backups" } }'

        $results = Remove-JobFinderRevision -RepositoryPath $repo -Environment staging -FunctionId oldRevs -Confirm:$false

        @($results | Where-Object Action -EQ Removed).Revision | Should -Be @($revisions[2])
        Get-RevisionId $service | Should -Be @($revisions[1], $revisions[3], $revisions[4], $revisions[5])
    }

    It 'Cloud Run itself refuses to delete a serving revision' {
        $refusal = $null
        try { Invoke-RestMethod -Method Delete -Uri "$base/run/v2/$service/revisions/$($revisions[3])" -Headers $headers } catch { $refusal = $_ }

        $refusal.Exception.Response.StatusCode | Should -Be 400
        ($refusal.ErrorDetails.Message | ConvertFrom-Json).error.status | Should -Be 'FAILED_PRECONDITION'
        Get-RevisionId $service | Should -Contain $revisions[3]
    }
}
