BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-ModuleUnderTest
    $emulator = Start-TestEmulator

    function New-TestRepository([string] $Root, [string[]] $FunctionIds, [string] $Version) {
        # A tiny backend: health functions straight to 100%, the emulator's staging backup bucket.
        New-Item -ItemType Directory -Force -Path (Join-Path $Root 'functions') | Out-Null
        Set-Content (Join-Path $Root 'firebase.json') '{ "functions": { "source": "functions", "runtime": "nodejs20" }, "firestore": { "rules": "firestore.rules" } }'
        Set-Content (Join-Path $Root '.firebaserc') '{ "projects": { "default": "jobfinder-staging", "staging": "jobfinder-staging" } }'
        Set-Content (Join-Path $Root 'jobfinder.ops.json') '{ "rollout": { "strategy": "Custom", "trafficSteps": [100], "bakeTime": "0s" }, "backup": { "bucket": "gs://jobfinder-staging-backups" } }'
        $condition = if ($Version -eq 'v1') { 'true' } else { 'request.auth != null' }
        Set-Content (Join-Path $Root 'firestore.rules') "rules_version = '2';`nservice cloud.firestore {`n  match /databases/{database}/documents {`n    match /jobs/{job} {`n      allow read: if $condition;`n    }`n  }`n}`n"
        $yaml = "specVersion: v1alpha1`nendpoints:`n" + (($FunctionIds | ForEach-Object { "  ${_}:`n    entryPoint: health`n    httpsTrigger: {}`n" }) -join '')
        Set-Content (Join-Path $Root 'functions/functions.yaml') $yaml
        Set-Content (Join-Path $Root 'functions/index.js') "// $Version`nexports.health = (req, res) => res.json({ status: 'healthy' });"
        return $Root
    }

    $repo = Join-Path $TestDrive 'backend'
    New-TestRepository $repo @('undoAlpha', 'undoBeta') 'v1' | Out-Null
    Invoke-JobFinderDeployment -RepositoryPath $repo -Environment staging -SkipBackup -Force | Out-Null
    $backup = Backup-JobFinderProduction -RepositoryPath $repo -Environment staging -Verify
    New-TestRepository $repo @('undoAlpha', 'undoBeta', 'undoGamma') 'v2' | Out-Null
    $deployment = Invoke-JobFinderDeployment -RepositoryPath $repo -Environment staging -Backup $backup -Force
}

AfterAll { Stop-TestEmulator }

Describe 'Undo-JobFinderDeployment' {
    It 'shows the undo with -WhatIf and changes nothing' {
        $deployment.Outcome | Should -Be 'Succeeded'
        Clear-TestEmulatorRequest

        $lines = Get-WhatIfLine { Undo-JobFinderDeployment -RepositoryPath $repo -Environment staging -Last -WhatIf }

        Get-TestEmulatorRequest -Mutating | Should -BeNullOrEmpty
        # Each function's traffic move on its own line (what serves now -> what served before), not only counts.
        foreach ($function in 'undoAlpha', 'undoBeta') {
            $lines | Where-Object { $_ -like "What if:   traffic ${function}: * -> *" } | Should -HaveCount 1 -Because "$function's traffic goes back"
        }
        $lines | Where-Object { $_ -like 'What if:*Delete function undoGamma*' } | Should -HaveCount 1
    }

    It 'restores traffic, rules and functions exactly as the backup recorded them' {
        $rollback = $deployment | Undo-JobFinderDeployment -Force

        $rollback.Kind | Should -Be 'Rollback'
        $rollback.UndoOf | Should -Be $deployment.Id
        $rollback.Outcome | Should -Be 'Succeeded'
        @($rollback.Steps | Where-Object Kind -EQ 'Rollback').Count | Should -Be 1
        ($rollback.Functions | Where-Object FunctionId -EQ 'undoGamma').Deleted | Should -BeTrue
        $after = Backup-JobFinderProduction -RepositoryPath $repo -Environment staging
        # The engine lives in the module's own load context: reach its comparer through a loaded type.
        $comparer = $backup.GetType().Assembly.GetType('JobFinder.Ops.Undo.RollbackStateComparer')
        $differences = $comparer::Compare($backup.Snapshot, $after.Snapshot, $null)
        $differences | Should -BeNullOrEmpty
    }

    It 'changes nothing when run again' {
        Clear-TestEmulatorRequest

        $again = Undo-JobFinderDeployment -RepositoryPath $repo -Environment staging -Id $deployment.Id -Force

        Get-TestEmulatorRequest -Mutating | Should -BeNullOrEmpty
        $again.Kind | Should -Be 'Rollback'
    }

    It 'refuses to undo an undo' {
        $undo = Get-JobFinderDeployment -RepositoryPath $repo -Environment staging | Where-Object Kind -EQ 'Rollback' | Select-Object -First 1
        { $undo | Undo-JobFinderDeployment -Force } | Should -Throw -ErrorId 'UndoOfRollback,JobFinder.Ops.Commands.UndoJobFinderDeploymentCommand'
    }

    It 'names a deployment that is not in the journal' {
        { Undo-JobFinderDeployment -RepositoryPath $repo -Environment staging -Id '20200101T000000Z-abcdef' -Force } |
            Should -Throw -ErrorId 'DeploymentNotFound,JobFinder.Ops.Commands.UndoJobFinderDeploymentCommand'
    }

    It 'is not called failed when only the smoke credentials are wrong after it restored traffic' {
        # The undo's check of live signs in; an API key of another project says nothing about live.
        $info = Invoke-TestEmulatorAdmin -Path 'info'
        $env:JOBFINDER_API_KEY = $info.apiKeys.'jobfinder-staging'
        $env:JOBFINDER_SMOKE_EMAIL = $info.testUser.email
        $env:JOBFINDER_SMOKE_PASSWORD = $info.testUser.password
        $callable = Join-Path $TestDrive 'callable'
        New-TestRepository $callable @('undoCallable') 'v1' | Out-Null
        Set-Content (Join-Path $callable 'functions/functions.yaml') "specVersion: v1alpha1`nendpoints:`n  undoCallable:`n    entryPoint: getStopList`n    callableTrigger: {}`n"
        # The callable's code: it answers only a caller with an ID token, as an onCall function does.
        Add-Content (Join-Path $callable 'functions/index.js') "exports.getStopList = (req, res) => (req.get('authorization') || '').startsWith('Bearer ') ? res.json({ result: { success: true, stopList: [] } }) : res.status(401).json({ error: { status: 'UNAUTHENTICATED', message: 'Unauthenticated' } });"
        Set-Content (Join-Path $callable 'jobfinder.ops.json') (@{
                rollout = @{ strategy = 'Custom'; trafficSteps = @(100); bakeTime = '0s' }
                backup  = @{ bucket = 'gs://jobfinder-staging-backups' }
                smoke   = @{ checks = @(@{ name = 'Stop list'; function = 'undoCallable'; body = @{ data = @{} }; assertions = @('$.result.success == true'); auth = 'firebaseIdToken'; retries = 0 }) }
            } | ConvertTo-Json -Depth 10)
        Invoke-JobFinderDeployment -RepositoryPath $callable -Environment staging -SkipBackup -Confirm:$false -WarningAction SilentlyContinue | Out-Null
        Add-Content (Join-Path $callable 'functions/index.js') '// v2'
        $second = Invoke-JobFinderDeployment -RepositoryPath $callable -Environment staging -SkipBackup -Confirm:$false -WarningAction SilentlyContinue
        $second.Outcome | Should -Be 'Succeeded'
        $env:JOBFINDER_API_KEY = $info.apiKeys.'jobfinder-prod'
        try {
            $undo = $second | Undo-JobFinderDeployment -Force -WarningVariable warnings -WarningAction SilentlyContinue
        }
        finally {
            $env:JOBFINDER_API_KEY = $info.apiKeys.'jobfinder-staging'
        }

        $undo.Outcome | Should -Be 'Succeeded' -Because 'traffic went back; only the check of live could not sign in'
        ($warnings -join "`n") | Should -BeLike '*smoke credentials were rejected for jobfinder-staging (API key, JOBFINDER_API_KEY)*'
        $function = $second.Functions | Select-Object -First 1
        $service = Invoke-RestMethod -Uri "http://$($emulator.EmulatorHost)/v2/$($function.ServiceName)" -Headers @{ Authorization = 'Bearer owner' }
        @($service.traffic | Where-Object percent -EQ 100).revision | Should -Be $function.StableRevision
    }
}

Describe 'Undo-JobFinderDeployment in a repository with staging and production' {
    BeforeAll {
        function Set-TwoEnvironmentSource([string] $Root, [string] $Version) {
            # Both environments deploy from one repository: one local journal (.jobfinder/deployments), a bucket each.
            New-Item -ItemType Directory -Force -Path (Join-Path $Root 'functions') | Out-Null
            Set-Content (Join-Path $Root 'firebase.json') '{ "functions": { "source": "functions", "runtime": "nodejs20" } }'
            Set-Content (Join-Path $Root '.firebaserc') '{ "projects": { "default": "jobfinder-staging", "staging": "jobfinder-staging", "production": "jobfinder-prod" } }'
            Set-Content (Join-Path $Root 'jobfinder.ops.json') '{ "rollout": { "strategy": "Custom", "trafficSteps": [100], "bakeTime": "0s" }, "environments": { "staging": { "backup": { "bucket": "gs://jobfinder-staging-backups" } }, "production": { "backup": { "bucket": "gs://jobfinder-prod-backups" } } } }'
            Set-Content (Join-Path $Root 'functions/functions.yaml') "specVersion: v1alpha1`nendpoints:`n  bothEnvironments:`n    entryPoint: health`n    httpsTrigger: {}`n"
            Set-Content (Join-Path $Root 'functions/index.js') "// $Version`nexports.health = (req, res) => res.json({ status: 'healthy' });"
        }

        function Publish-Release([string] $Version) {
            # Production first, then staging: the newest record of the shared journal is always staging's.
            Set-TwoEnvironmentSource $environments $Version
            $script:production = Invoke-JobFinderDeployment -RepositoryPath $environments -Environment production -SkipBackup -Force
            $script:staging = Invoke-JobFinderDeployment -RepositoryPath $environments -Environment staging -SkipBackup -Force
        }

        function Get-TestTraffic($Function) {
            @((Invoke-RestMethod -Uri "http://$($emulator.EmulatorHost)/v2/$($Function.ServiceName)" -Headers @{ Authorization = 'Bearer owner' }).traffic)
        }

        function Assert-ProductionUndone($Undo) {
            $Undo.UndoOf | Should -Be $production.Id
            $Undo.ProjectId | Should -Be 'jobfinder-prod'
            @(Get-TestEmulatorRequest -Mutating) | Should -Not -BeNullOrEmpty
            @(Get-TestEmulatorRequest -Mutating | Where-Object path -NotMatch 'jobfinder-prod') | Should -BeNullOrEmpty -Because 'an undo of production touches production only'
            $prod = Get-TestTraffic $production.Functions[0]
            $prod.revision | Should -Be $production.Functions[0].StableRevision
            $prod.percent | Should -Be 100
            # Staging still serves the release it got after production's.
            $stage = Get-TestTraffic $staging.Functions[0]
            $stage.type | Should -Be 'TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST'
            $stage.percent | Should -Be 100
            $staging.Functions[0].NewRevision | Should -Not -BeNullOrEmpty
        }

        $environments = Join-Path $TestDrive 'two-environments'
        Publish-Release 'v1'
    }

    It 'undoes production through the help''s pipe, with staging deployed in between' {
        Publish-Release 'v2'
        Clear-TestEmulatorRequest

        $undo = Get-JobFinderDeployment -RepositoryPath $environments -Environment production -Newest 1 | Undo-JobFinderDeployment -Force

        Assert-ProductionUndone $undo
    }

    It 'undoes production with -Environment production -Last, with staging deployed in between' {
        Publish-Release 'v3'
        Clear-TestEmulatorRequest

        $undo = Undo-JobFinderDeployment -RepositoryPath $environments -Environment production -Last -Force

        Assert-ProductionUndone $undo
    }

    It 'refuses a staging record piped with -Environment production, naming both projects and the fix' {
        Clear-TestEmulatorRequest

        $refused = { $staging | Undo-JobFinderDeployment -Environment production -Force } |
            Should -Throw -ErrorId 'DeploymentProjectMismatch,JobFinder.Ops.Commands.UndoJobFinderDeploymentCommand' -PassThru

        $refused.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $refused.Exception.Message | Should -BeLike "*$($staging.Id)*jobfinder-staging*jobfinder-prod*"
        $refused.Exception.Message | Should -BeLike '*-Environment staging*'
        Get-TestEmulatorRequest -Mutating | Should -BeNullOrEmpty
    }

    It 'asks which environment when -Last has none and .firebaserc names two projects' {
        Clear-TestEmulatorRequest

        $refused = { Undo-JobFinderDeployment -RepositoryPath $environments -Last -Force } |
            Should -Throw -ErrorId 'EnvironmentRequired,JobFinder.Ops.Commands.UndoJobFinderDeploymentCommand' -PassThru

        $refused.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $refused.Exception.Message | Should -BeLike '*jobfinder-staging*jobfinder-prod*-Environment*'
        Get-TestEmulatorRequest -Mutating | Should -BeNullOrEmpty
    }
}

Describe 'Undo-JobFinderDeployment of a release that changed a schedule and an invoker' {
    BeforeAll {
        $emulator = Start-TestEmulator
        $api = "http://$($env:JOBFINDER_EMULATOR_HOST)"
        $headers = @{ Authorization = 'Bearer owner' }
        $cronRepo = Join-Path $TestDrive 'companions'

        function Set-CompanionRepository([string] $Schedule, [string] $Invoker) {
            # A scheduled function and an HTTPS function whose invoker the release changes.
            New-Item -ItemType Directory -Force -Path (Join-Path $cronRepo 'functions') | Out-Null
            Set-Content (Join-Path $cronRepo 'firebase.json') '{ "functions": { "source": "functions", "runtime": "nodejs20" } }'
            Set-Content (Join-Path $cronRepo '.firebaserc') '{ "projects": { "default": "jobfinder-staging", "staging": "jobfinder-staging" } }'
            Set-Content (Join-Path $cronRepo 'jobfinder.ops.json') '{ "rollout": { "strategy": "Custom", "trafficSteps": [100], "bakeTime": "0s" }, "backup": { "bucket": "gs://jobfinder-staging-backups" } }'
            Set-Content (Join-Path $cronRepo 'functions/functions.yaml') ("specVersion: v1alpha1`nendpoints:`n" +
                "  nightlyCleanup:`n    entryPoint: health`n    scheduleTrigger:`n      schedule: '$Schedule'`n      timeZone: Etc/UTC`n" +
                "  openPage:`n    entryPoint: health`n    httpsTrigger:`n      invoker: ['$Invoker']`n")
            Set-Content (Join-Path $cronRepo 'functions/index.js') "// $Schedule $Invoker`nexports.health = (req, res) => res.json({ status: 'healthy' });"
        }

        function Get-Job { Invoke-RestMethod -Uri "$api/cloudscheduler/v1/projects/jobfinder-staging/locations/us-central1/jobs/firebase-schedule-nightlyCleanup-us-central1" -Headers $headers }
        function Get-Invokers { @((Invoke-RestMethod -Uri "$api/run/v1/projects/jobfinder-staging/locations/us-central1/services/openpage:getIamPolicy" -Headers $headers).bindings | Where-Object role -EQ 'roles/run.invoker').members }

        Set-CompanionRepository 'every day 03:00' 'public'
        $first = Invoke-JobFinderDeployment -RepositoryPath $cronRepo -Environment staging -SkipBackup -Force
        $jobBefore = Get-Job
        $invokersBefore = Get-Invokers
        Set-CompanionRepository 'every 6 hours' 'ops-bot@jobfinder-staging.iam.gserviceaccount.com'
        $plan = Invoke-JobFinderDeployment -RepositoryPath $cronRepo -Environment staging -SkipBackup -WhatIf
        $release = Invoke-JobFinderDeployment -RepositoryPath $cronRepo -Environment staging -SkipBackup -Force
    }

    It 'deploys the schedule as firebase deploy does and makes the HTTPS function public' {
        $first.Outcome | Should -Be 'Succeeded'
        $jobBefore.schedule | Should -Be 'every day 03:00'
        $jobBefore.timeZone | Should -Be 'Etc/UTC'
        $jobBefore.httpTarget.httpMethod | Should -Be 'POST'
        $jobBefore.httpTarget.oidcToken.serviceAccountEmail | Should -Match '-compute@developer\.gserviceaccount\.com$'
        $invokersBefore | Should -Be @('allUsers')
    }

    It 'shows the schedule and invoker changes in the plan' {
        $differences = @($plan.Functions | ForEach-Object Differences)
        $differences | Should -Contain 'schedule: every day 03:00 (Etc/UTC) -> every 6 hours (Etc/UTC)'
        $differences | Should -Contain 'invoker (roles/run.invoker): [allUsers] -> [serviceAccount:ops-bot@jobfinder-staging.iam.gserviceaccount.com]'
    }

    It 'puts the schedule and the invoker back' {
        $release.Outcome | Should -Be 'Succeeded'
        (Get-Job).schedule | Should -Be 'every 6 hours'
        Get-Invokers | Should -Be @('serviceAccount:ops-bot@jobfinder-staging.iam.gserviceaccount.com')
        $url = (Invoke-RestMethod -Uri "$api/v2/projects/jobfinder-staging/locations/us-central1/functions/openPage" -Headers $headers).url
        (Invoke-WebRequest -Uri $url -SkipHttpErrorCheck).StatusCode | Should -Be 403

        $undo = $release | Undo-JobFinderDeployment -Force

        $undo.Outcome | Should -Be 'Succeeded'
        (Get-Job).schedule | Should -Be 'every day 03:00'
        Get-Invokers | Should -Be @('allUsers')
        (Invoke-WebRequest -Uri $url -SkipHttpErrorCheck).StatusCode | Should -Be 200
    }
}

Describe 'Undo-JobFinderDeployment of Firestore field overrides (TTL, single-field indexes)' {
    BeforeAll {
        # The example's indexes file (a TTL on generatedDocuments.expiresAt, jobs.description unindexed),
        # with one key no deployment step deploys.
        $fields = Join-Path $TestDrive 'fields'
        New-Item -ItemType Directory -Force -Path $fields | Out-Null
        $indexes = Get-Content -Raw (Join-Path (Get-ExamplePath) 'firestore.indexes.json') | ConvertFrom-Json
        $indexes | Add-Member -NotePropertyName 'vectorIndexes' -NotePropertyValue @()
        $indexes | ConvertTo-Json -Depth 10 | Set-Content (Join-Path $fields 'firestore.indexes.json')
        Set-Content (Join-Path $fields 'firebase.json') '{ "firestore": { "indexes": "firestore.indexes.json" } }'
        Set-Content (Join-Path $fields '.firebaserc') '{ "projects": { "staging": "jobfinder-staging" } }'
        Set-Content (Join-Path $fields 'jobfinder.ops.json') '{ "backup": { "bucket": "gs://jobfinder-staging-backups" } }'
        $fieldDeploy = @{ RepositoryPath = $fields; Environment = 'staging'; SkipBackup = $true; Only = 'firestore:indexes' }
        $ttlField = "http://$($emulator.EmulatorHost)/v1/projects/jobfinder-staging/databases/(default)/collectionGroups/generatedDocuments/fields/expiresAt"
        $owner = @{ Authorization = 'Bearer owner' }
    }

    It 'shows the overrides in -WhatIf, names what it does not deploy, then makes the TTL live and records that there was none before' {
        Clear-TestEmulatorRequest
        $plan = Invoke-JobFinderDeployment @fieldDeploy -WhatIf -WarningVariable warnings -WarningAction SilentlyContinue
        Get-TestEmulatorRequest -Mutating | Should -BeNullOrEmpty
        ($plan.FieldOverrides | Where-Object FieldPath -EQ 'expiresAt').Action | Should -Be 'Create'
        $plan.Diff | Should -Match '\+ field override \(default\)/generatedDocuments\.expiresAt indexes \[Collection Ascending\], TTL: Create'
        $plan.Diff | Should -Match '\+ field override \(default\)/jobs\.description indexes \[\]: Create'
        "$warnings" | Should -BeLike "*Not deployed: 'vectorIndexes' in firestore.indexes.json*"

        $script:fieldDeployment = Invoke-JobFinderDeployment @fieldDeploy -Force -WarningAction SilentlyContinue

        $fieldDeployment.Outcome | Should -Be 'Succeeded'
        $live = Invoke-RestMethod -Uri $ttlField -Headers $owner
        $live.ttlConfig.state | Should -Be 'ACTIVE'
        $live.indexConfig.indexes[0].fields[0].order | Should -Be 'ASCENDING'
        $record = $fieldDeployment.FieldOverrides | Where-Object Name -Like '*/generatedDocuments/fields/expiresAt'
        $record.PreviousConfig | Should -BeNullOrEmpty
        (Invoke-JobFinderDeployment @fieldDeploy -WhatIf -WarningAction SilentlyContinue).HasChanges | Should -BeFalse -Because 'the overrides are live as declared'
    }

    It 'removes the TTL override again on undo, and an undo after that has nothing to do' {
        $undo = $fieldDeployment | Undo-JobFinderDeployment -Force -SkipSmoke

        $undo.Outcome | Should -Be 'Succeeded'
        $live = Invoke-RestMethod -Uri $ttlField -Headers $owner
        $live.ttlConfig | Should -BeNullOrEmpty
        $live.indexConfig.usesAncestorConfig | Should -BeTrue
        Clear-TestEmulatorRequest
        $fieldDeployment | Undo-JobFinderDeployment -Force -SkipSmoke | Out-Null
        Get-TestEmulatorRequest -Mutating | Where-Object { $_.path -notmatch '/b/jobfinder-staging-backups/' } | Should -BeNullOrEmpty
    }
}

Describe 'Undo-JobFinderDeployment of a deployment that deleted a function' {
    BeforeAll {
        $pruned = Join-Path $TestDrive 'pruned'
        New-TestRepository $pruned @('keptOne', 'prunedOne') 'v1' | Out-Null
        Invoke-JobFinderDeployment -RepositoryPath $pruned -Environment staging -SkipBackup -Force | Out-Null
        $prunedBackup = Backup-JobFinderProduction -RepositoryPath $pruned -Environment staging
        New-TestRepository $pruned @('keptOne') 'v2' | Out-Null
        $pruning = Invoke-JobFinderDeployment -RepositoryPath $pruned -Environment staging -Backup $prunedBackup -PruneFunctions -Force
        $functionUri = "http://$($emulator.EmulatorHost)/v2/projects/jobfinder-staging/locations/us-central1/functions/prunedOne"
        $owner = @{ Authorization = 'Bearer owner' }
    }

    It 'recreates it from the backup, serving again on its URL' {
        ($pruning.Functions | Where-Object FunctionId -EQ 'prunedOne').Deleted | Should -BeTrue
        (Invoke-WebRequest -Uri $functionUri -Headers $owner -SkipHttpErrorCheck).StatusCode | Should -Be 404

        $undo = $pruning | Undo-JobFinderDeployment -Force

        $undo.Outcome | Should -Be 'Succeeded'
        ($undo.Functions | Where-Object FunctionId -EQ 'prunedOne').Created | Should -BeTrue
        $live = Invoke-RestMethod -Uri $functionUri -Headers $owner
        $live.state | Should -Be 'ACTIVE'
        (Invoke-RestMethod -Uri $live.url).status | Should -Be 'healthy'
    }
}
