BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-ModuleUnderTest
    $emulator = Start-TestEmulator
    $info = Invoke-TestEmulatorAdmin -Path 'info'
    $base = "http://$($emulator.EmulatorHost)"
    $owner = @{ Authorization = 'Bearer owner' }
    $parent = 'projects/jobfinder-staging/locations/us-central1'

    # The smoke-test user, the way a CI job provides it: environment variables named in smoke.auth.
    $env:JOBFINDER_API_KEY = $info.apiKey
    $env:JOBFINDER_SMOKE_EMAIL = $info.testUser.email
    $env:JOBFINDER_SMOKE_PASSWORD = $info.testUser.password

    # The example's own code: the emulator runs it, so the smoke checks judge what index.js answers.
    $zip = Join-Path $TestDrive 'source.zip'
    $stage = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'functions-source')
    Get-ChildItem -Force (Join-Path (Get-ExamplePath) 'functions') | Where-Object Name -NE 'node_modules' | Copy-Item -Destination $stage -Recurse
    [IO.Compression.ZipFile]::CreateFromDirectory($stage.FullName, $zip)

    function Wait-TestOperation($operation) {
        while (-not $operation.done) {
            Start-Sleep -Milliseconds 50
            $operation = Invoke-RestMethod -Uri "$base/v2/$($operation.name)" -Headers $owner
        }
        if ($operation.error) { throw "operation failed: $($operation.error.message)" }
        return $operation.response
    }

    function Deploy-TestFunction([string] $Id, [string] $EntryPoint = $Id, [hashtable] $Environment = @{}) {
        # Deploys straight through the Functions REST API (create, or patch = a new revision).
        $upload = Invoke-RestMethod -Method Post -Uri "$base/v2/${parent}/functions:generateUploadUrl" -Headers $owner -Body '{}' -ContentType 'application/json'
        Invoke-RestMethod -Method Put -Uri $upload.uploadUrl -InFile $zip -ContentType 'application/zip' | Out-Null
        $body = @{
            name          = "$parent/functions/$Id"
            environment   = 'GEN_2'
            buildConfig   = @{ runtime = 'nodejs22'; entryPoint = $EntryPoint; source = @{ storageSource = $upload.storageSource } }
            serviceConfig = @{ availableMemory = '256Mi'; timeoutSeconds = 60; environmentVariables = $Environment }
        } | ConvertTo-Json -Depth 10
        $existing = Invoke-WebRequest -Uri "$base/v2/$parent/functions/$Id" -Headers $owner -SkipHttpErrorCheck
        $operation = if ($existing.StatusCode -eq 200) {
            Invoke-RestMethod -Method Patch -Uri "$base/v2/$parent/functions/$Id" -Headers $owner -Body $body -ContentType 'application/json'
        } else {
            Invoke-RestMethod -Method Post -Uri "$base/v2/$parent/functions?functionId=$Id" -Headers $owner -Body $body -ContentType 'application/json'
        }
        $function = Wait-TestOperation $operation
        # Public, as firebase deploy makes an HTTPS or callable function (Cloud Run refuses anonymous calls otherwise).
        $policy = @{ policy = @{ bindings = @(@{ role = 'roles/run.invoker'; members = @('allUsers') }) } } | ConvertTo-Json -Depth 5
        Invoke-RestMethod -Method Post -Uri "$base/v1/$($function.serviceConfig.service):setIamPolicy" -Headers $owner -Body $policy -ContentType 'application/json' | Out-Null
        return $function
    }

    function Set-TestTraffic($Function, [string] $Stable, [string] $Canary) {
        $service = $Function.serviceConfig.service
        $body = @{ name = $service; traffic = @(
            @{ type = 'TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION'; revision = $Stable; percent = 100; tag = 'stable' },
            @{ type = 'TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION'; revision = $Canary; percent = 0; tag = 'canary' }) } | ConvertTo-Json -Depth 5
        Wait-TestOperation (Invoke-RestMethod -Method Patch -Uri "$base/v2/${service}?updateMask=traffic" -Headers $owner -Body $body -ContentType 'application/json') | Out-Null
    }

    # A healthy release of the example's four smoke-checked functions.
    foreach ($id in 'health', 'submitJob', 'getStopList', 'manageContentItems') { Deploy-TestFunction -Id $id | Out-Null }
    $repo = Copy-Example -Destination (Join-Path $TestDrive 'repo')
}

AfterAll {
    Remove-Item Env:JOBFINDER_API_KEY, Env:JOBFINDER_SMOKE_EMAIL, Env:JOBFINDER_SMOKE_PASSWORD -ErrorAction Ignore
    Stop-TestEmulator
}

Describe 'Test-JobFinderSmoke' -Tag 'Integration' {
    It 'passes every check of the example on a healthy release, with a Firebase ID token minted for the test user' {
        $report = Test-JobFinderSmoke -RepositoryPath $repo -Environment staging
        $report.Passed | Should -BeTrue -Because $report.Summary
        $report.Total | Should -Be 4
        $report.Checks.Name | Should -Be @('Health endpoint', 'Job submission', 'Configuration retrieval', 'Content items')
        ($report.Checks | Where-Object Name -EQ 'Job submission').StatusCode | Should -Be 200
        $report.P95Ms | Should -BeLessThan $report.P95SlaMs
        $report.Target | Should -Be 'live'
        $LASTEXITCODE | Should -Be 0
        (Get-TestEmulatorRequest | Where-Object path -Like '*accounts:signInWithPassword*').Count | Should -Be 1
    }

    It 'records that full run as the staging evidence a production deployment looks for; a partial run records nothing' {
        $evidencePath = Join-Path $repo '.jobfinder/smoke/jobfinder-staging.json'
        $evidence = Get-Content -Raw $evidencePath | ConvertFrom-Json
        $evidence.projectId | Should -Be 'jobfinder-staging'
        $evidence.passed | Should -BeTrue
        $evidence.summary | Should -BeLike '4 of 4 checks passed*'
        $written = (Get-Item $evidencePath).LastWriteTimeUtc

        Test-JobFinderSmoke -RepositoryPath $repo -Environment staging -Name 'Health*' | Out-Null

        (Get-Item $evidencePath).LastWriteTimeUtc | Should -Be $written
    }

    It '-WhatIf says what the check that writes would do and skips it, and still runs the read-only checks' {
        $evidencePath = Join-Path $repo '.jobfinder/smoke/jobfinder-staging.json'
        $written = (Get-Item $evidencePath).LastWriteTimeUtc
        $transcript = Join-Path $TestDrive 'smoke-whatif.txt'
        Start-Transcript -Path $transcript | Out-Null
        try { $report = Test-JobFinderSmoke -RepositoryPath $repo -Environment staging -WhatIf }
        finally { Stop-Transcript | Out-Null }

        $report.Checks.Name | Should -Be @('Health endpoint', 'Configuration retrieval', 'Content items')
        $report.Passed | Should -BeTrue -Because $report.Summary
        $whatIf = @(Get-Content $transcript | Where-Object { $_ -like 'What if:*' })
        $whatIf | Should -Be @('What if: Performing the operation "Run smoke check ''Job submission'' (POST, may write data)" on target "submitJob (live) of jobfinder-staging".')
        (Get-Item $evidencePath).LastWriteTimeUtc | Should -Be $written -Because 'a run that skipped a check is evidence of nothing'
    }

    It 'names the failed assertion and shows the response excerpt' {
        $check = New-JobFinderSmokeCheck -Name 'Sick health' -Function health -Assert '$.status == "sick"' -Retries 0
        $report = Test-JobFinderSmoke -RepositoryPath $repo -Environment staging -Check $check -WarningVariable warnings -WarningAction SilentlyContinue
        $report.Passed | Should -BeFalse
        $failed = $report.Checks[0]
        $failed.FailedAssertion | Should -Be '$.status == "sick"'
        $failed.Reason | Should -BeLike "*assertion '`$.status == `"sick`"' failed: `$.status is `"healthy`"*"
        $failed.ResponseExcerpt | Should -BeLike '*"status":"healthy"*'
        $warnings | Should -BeLike '*Sick health*'
        $LASTEXITCODE | Should -Be 1
        Test-JobFinderSmoke -RepositoryPath $repo -Environment staging -Check $check -Quiet | Should -BeFalse
        Test-JobFinderSmoke -RepositoryPath $repo -Environment staging -Name 'Health*' -Quiet | Should -BeTrue
    }

    It 'fails the p95 SLA when a revision is slow' {
        $slowRepo = Copy-Example -Destination (Join-Path $TestDrive 'slow-repo')
        $settings = Join-Path $slowRepo 'jobfinder.ops.json'
        (Get-Content -Raw $settings).Replace('"p95SlaMs": 30000', '"p95SlaMs": 250') | Set-Content $settings
        Deploy-TestFunction -Id slowProbe -EntryPoint health -Environment @{ EMULATOR_FAULT_LATENCY_MS = '400' } | Out-Null
        $check = New-JobFinderSmokeCheck -Name 'Slow probe' -Function slowProbe -Assert '$.status exists'

        $report = Test-JobFinderSmoke -RepositoryPath $slowRepo -Environment staging -Check $check -WarningAction SilentlyContinue

        $report.Checks[0].Passed | Should -BeTrue
        # 400 ms injected; timer resolution can report a hair under it. The SLA here is 250 ms.
        $report.P95Ms | Should -BeGreaterOrEqual 350
        $report.SlaMet | Should -BeFalse
        $report.Passed | Should -BeFalse
        $report.Summary | Should -BeLike '*breaks the SLA of 250 ms*'
    }

    It 'reaches a revision that serves no traffic through its canary tag URL' {
        $first = Deploy-TestFunction -Id tagProbe -EntryPoint health
        $second = Deploy-TestFunction -Id tagProbe -EntryPoint health -Environment @{ EMULATOR_FAULT_ERROR_RATE = '1' }
        Set-TestTraffic -Function $second -Stable $first.serviceConfig.revision -Canary $second.serviceConfig.revision
        $check = New-JobFinderSmokeCheck -Name 'Tag probe' -Function tagProbe -Assert '$.status == "healthy"' -Retries 0

        $live = Test-JobFinderSmoke -RepositoryPath $repo -Environment staging -Check $check
        $canary = Test-JobFinderSmoke -RepositoryPath $repo -Environment staging -Check $check -Revision canary -WarningAction SilentlyContinue

        $live.Passed | Should -BeTrue -Because 'users are on the stable revision'
        $canary.Passed | Should -BeFalse
        $canary.Target | Should -Be 'canary'
        $canary.Checks[0].Revision | Should -Be $second.serviceConfig.revision
        $canary.Checks[0].StatusCode | Should -Be 500
        $canary.Checks[0].Url | Should -BeLike '*canary---tagprobe*'
    }

    It 'writes JUnit XML that parses, one test case per check plus the SLA' {
        $path = Join-Path $TestDrive 'out/smoke.xml'
        $check = New-JobFinderSmokeCheck -Name 'Sick health' -Function health -Assert '$.status == "sick"' -Retries 0
        $report = Test-JobFinderSmoke -RepositoryPath $repo -Environment staging -Check @($check, (New-JobFinderSmokeCheck -Name Health -Function health)) -OutputFormat JUnit -OutputPath $path -WarningAction SilentlyContinue

        [xml] $xml = Get-Content -Raw $path
        $suite = $xml.testsuites.testsuite
        $suite.tests | Should -Be '3'
        $suite.failures | Should -Be '1'
        @($suite.testcase).Count | Should -Be 3
        ($suite.testcase | Where-Object name -EQ 'Sick health').failure.message | Should -BeLike '*$.status == "sick"*'
        ($suite.testcase | Where-Object name -EQ 'Health').failure | Should -BeNullOrEmpty
        $report.FailedCount | Should -Be 1
    }

    It 'appends the report to a JSON-lines log' {
        $log = Join-Path $TestDrive 'smoke.jsonl'
        Test-JobFinderSmoke -RepositoryPath $repo -Environment staging -Name 'Health*' -OutputFormat JsonLines -OutputPath $log -Quiet | Out-Null
        Test-JobFinderSmoke -RepositoryPath $repo -Environment staging -Name 'Health*' -OutputFormat JsonLines -OutputPath $log -Quiet | Out-Null
        $lines = Get-Content $log
        $lines.Count | Should -Be 2
        ($lines[1] | ConvertFrom-Json).passed | Should -BeTrue
    }

    It 'never prints a token, the password or the API key on any stream or in the report' {
        $all = Test-JobFinderSmoke -RepositoryPath $repo -Environment staging -Verbose -Debug *>&1
        $report = $all | Where-Object { $_.GetType().FullName -eq 'JobFinder.Ops.Model.SmokeReport' }
        $text = ($all | ForEach-Object { "$_" }) -join "`n"
        $text += ($report | ConvertTo-Json -Depth 6) + ($report | Format-List * | Out-String) + ($report.Checks | Format-Table | Out-String)
        $report.Passed | Should -BeTrue
        $text | Should -Not -Match 'eyJ[A-Za-z0-9_-]{10,}\.'
        $text | Should -Not -BeLike "*$($info.testUser.password)*"
        $text | Should -Not -BeLike "*$($info.apiKey)*"
        $text | Should -BeLike '*Firebase ID token minted*'
    }

    It 'sets the exit code of a pwsh -File script that ends with exit $LASTEXITCODE' {
        $script = Join-Path $TestDrive 'gate.ps1'
        @"
Import-Module '$(Get-ModuleUnderTestPath)'
Connect-JobFinderProject -KeyFile '$($emulator.KeyFilePath)' -EmulatorHost '$($emulator.EmulatorHost)' | Out-Null
`$check = New-JobFinderSmokeCheck -Name probe -Function health -Assert `$args[0] -Retries 0
Test-JobFinderSmoke -RepositoryPath '$repo' -Environment staging -Check `$check -WarningAction SilentlyContinue | Out-Null
exit `$LASTEXITCODE
"@ | Set-Content $script
        $process = [Environment]::ProcessPath
        # Under 'dotnet pwsh' the process is the dotnet host and the entry assembly is pwsh.dll. @( ) keeps
        # the prefix an array: splatting a lone string would pass it character by character.
        $prefix = @(if ([IO.Path]::GetFileNameWithoutExtension($process) -eq 'dotnet') { [Reflection.Assembly]::GetEntryAssembly().Location })

        $output = & $process @prefix -NoProfile -NonInteractive -File $script '$.status exists' 2>&1
        $LASTEXITCODE | Should -Be 0 -Because ($output -join "`n")
        $output = & $process @prefix -NoProfile -NonInteractive -File $script '$.status == 42' 2>&1
        $LASTEXITCODE | Should -Be 1 -Because ($output -join "`n")
    }

    It 'writes SmokeCredentialsRejected naming the API key variable when the key is another project''s' {
        $env:JOBFINDER_API_KEY = $info.apiKeys.'jobfinder-prod'
        try {
            $report = Test-JobFinderSmoke -RepositoryPath $repo -Environment staging -ErrorVariable failures -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        }
        finally {
            $env:JOBFINDER_API_KEY = $info.apiKey
        }

        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -Be 'SmokeCredentialsRejected,JobFinder.Ops.Commands.TestJobFinderSmokeCommand'
        $failures[0].CategoryInfo.Category | Should -Be 'AuthenticationError'
        $failures[0].TargetObject | Should -Be 'JOBFINDER_API_KEY'
        $report.Passed | Should -BeFalse
        $report.CredentialProblem.Credential | Should -Be 'API key'
        $report.CredentialProblem.Checks | Should -Be @('Job submission', 'Configuration retrieval', 'Content items')
        ($report.Checks | Where-Object Name -EQ 'Health endpoint').Passed | Should -BeTrue
        ($report.Checks | Where-Object Name -EQ 'Job submission').StatusCode | Should -BeNullOrEmpty -Because 'the token of another project is never sent'
    }

    It 'stops with SmokeChecksNotFound when no check matches' {
        { Test-JobFinderSmoke -RepositoryPath $repo -Environment staging -Name 'nothing-like-this' } |
            Should -Throw -ErrorId 'SmokeChecksNotFound,JobFinder.Ops.Commands.TestJobFinderSmokeCommand'
    }

    It 'formats reports and check results as tables' {
        $report = Test-JobFinderSmoke -RepositoryPath $repo -Environment staging -Name 'Health*'
        ($report | Out-String) | Should -Match 'P95Ms'
        ($report.Checks | Out-String) | Should -Match 'LatencyMs'
    }
}
