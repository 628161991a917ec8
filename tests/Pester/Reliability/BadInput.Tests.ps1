# The bad-input matrix (issue 11): every malformed or unexpected input a user can hand the module,
# each through the cmdlet a user would run. Each must end in its own ErrorId (asserted as the fully
# qualified error id), name the file with its line (or the field, parameter or value) in the message,
# and make ZERO mutating calls: the emulator's request log is the witness. Per-cmdlet tests cover the
# loaders' positions in detail (tests/Unit/.../Project/ProjectErrorTests.cs, Monitoring/MonitoringSpecErrorTests.cs);
# this file proves the whole path, from a broken repository to an ErrorRecord, changes nothing live.

BeforeDiscovery {
    # -ForEach data: Name, how to break a fresh copy of the example, extra parameters, the ErrorId and
    # what the message must name. The scriptblocks get the copy's root as $args[0].
    $deploymentCases = @(
        @{ Name = 'firebase.json syntax error'; ErrorId = 'FirebaseJsonMalformed'; Message = '*firebase.json:8:*'
           Break = { param($r) Edit $r 'firebase.json' '"codebase": "default",' '"codebase": "default"' } }
        @{ Name = 'firebase.json value of the wrong type'; ErrorId = 'FirebaseJsonInvalid'; Message = '*firebase.json:8:*runtime*must be a string*'
           Break = { param($r) Edit $r 'firebase.json' '"runtime": "nodejs20"' '"runtime": 20' } }
        @{ Name = 'firebase.json unknown runtime'; ErrorId = 'FunctionsRuntimeUnknown'; Message = '*nodejs8*'
           Break = { param($r) Edit $r 'firebase.json' '"runtime": "nodejs20"' '"runtime": "nodejs8"' } }
        @{ Name = '.firebaserc syntax error'; ErrorId = 'FirebaseRcMalformed'; Message = '*.firebaserc:4:*'
           Break = { param($r) Edit $r '.firebaserc' '"default": "jobfinder-staging",' '"default": "jobfinder-staging"' } }
        @{ Name = '.firebaserc projects of the wrong shape'; ErrorId = 'FirebaseRcInvalid'; Message = '*.firebaserc*projects*'
           Break = { param($r) Set-Content (Join-Path $r '.firebaserc') '{ "projects": ["jobfinder-staging"] }' } }
        @{ Name = 'ops settings syntax error'; ErrorId = 'OpsSettingsMalformed'; Message = '*jobfinder.ops.json:*'
           Break = { param($r) Edit $r 'jobfinder.ops.json' '"strategy": "Custom",' '"strategy": "Custom"' } }
        @{ Name = 'ops settings unknown strategy'; ErrorId = 'OpsSettingsInvalid'; Message = '*jobfinder.ops.json:7:*rollout.strategy*'
           Break = { param($r) Edit $r 'jobfinder.ops.json' '"strategy": "Custom",' '"strategy": "Fastest",' } }
        @{ Name = 'traffic steps over 100 in the settings'; ErrorId = 'TrafficStepsInvalid'; Message = '*jobfinder.ops.json:8:*trafficSteps*'
           Break = { param($r) Edit $r 'jobfinder.ops.json' '"trafficSteps": [10, 50, 100],' '"trafficSteps": [10, 50, 150],'; Edit $r 'jobfinder.ops.json' '"rollout": { "strategy": "AllAtOnce" },' '' } }
        @{ Name = 'threshold out of range'; ErrorId = 'ThresholdOutOfRange'; Message = '*jobfinder.ops.json:14:*analysis.maxErrorRate*1.5*'
           Break = { param($r) Edit $r 'jobfinder.ops.json' '"maxErrorRate": 0.10,' '"maxErrorRate": 1.5,' } }
        @{ Name = 'indexes file syntax error'; ErrorId = 'IndexesFileMalformed'; Message = '*firestore.indexes.json:4:*'
           Break = { param($r) Edit $r 'firestore.indexes.json' '"collectionGroup": "jobs",' '"collectionGroup" "jobs",' } }
        @{ Name = 'index without fields'; ErrorId = 'IndexesFileInvalid'; Message = '*firestore.indexes.json*indexes`[0`]*'
           Break = { param($r) Set-Content (Join-Path $r 'firestore.indexes.json') '{ "indexes": [ { "collectionGroup": "jobs", "queryScope": "COLLECTION", "fields": [] } ] }' } }
        @{ Name = 'indexes file missing'; ErrorId = 'IndexesFileNotFound'; Message = '*firestore.indexes.json*'
           Break = { param($r) Remove-Item (Join-Path $r 'firestore.indexes.json') } }
        @{ Name = 'storage rules syntax error'; ErrorId = 'RulesCompilationFailed'; Message = '*storage.rules:8:*'
           Break = { param($r) Edit $r 'storage.rules' 'allow read: if request.auth != null && request.auth.uid == userId;' 'allow read: if ;' } }
        @{ Name = 'functions.yaml malformed'; ErrorId = 'FunctionsManifestMalformed'; Message = '*functions.yaml:*'
           Break = { param($r) Set-Content (Join-Path $r 'functions/functions.yaml') "specVersion: v1alpha1`nendpoints:`n  health:`n    entryPoint: health`n    availableMemoryMb: 300`n    httpsTrigger: {}" } }
        @{ Name = '.env line that is not NAME=value'; ErrorId = 'EnvFileMalformed'; Message = '*.env.staging:5*'
           Break = { param($r) Add-Content (Join-Path $r 'functions/.env.staging') 'this is not an assignment' } }
        @{ Name = 'missing source folder'; ErrorId = 'FunctionsSourceNotFound'; Message = '*functions*'
           Break = { param($r) Rename-Item (Join-Path $r 'functions') 'functions-moved' } }
        @{ Name = 'unknown environment alias'; ErrorId = 'EnvironmentAliasUnknown'; Message = '*prod*staging*'
           Parameters = @{ Environment = 'prod' } }
        @{ Name = 'traffic steps not ascending'; ErrorId = 'TrafficStepsInvalid'; Message = '*10 follows 50*'
           Parameters = @{ TrafficSteps = 50, 10, 100 } }
        @{ Name = 'negative bake time'; ErrorId = 'BakeTimeInvalid'; Message = '*-00:00:01*'
           Parameters = @{ TrafficSteps = 10, 100; BakeTime = [timespan]'-00:00:01' } }
        @{ Name = 'unknown -Only target'; ErrorId = 'DeploymentOnlyFilterInvalid'; Message = '*hosting*'
           Parameters = @{ Only = 'hosting' } }
    )
    $policyCases = @(
        @{ Name = 'policy YAML syntax error'; ErrorId = 'AlertPolicyFileMalformed'; Message = '*monitoring-config.yaml:*'
           Break = { param($r) Edit $r 'monitoring-config.yaml' 'combiner: OR' 'combiner: [OR' } }
        @{ Name = 'policy field unknown'; ErrorId = 'AlertPolicyFieldUnknown'; Message = '*monitoring-config.yaml:*combinr*'
           Break = { param($r) Edit $r 'monitoring-config.yaml' 'combiner: OR' 'combinr: OR' } }
        @{ Name = 'policy enum value unknown'; ErrorId = 'AlertPolicyFieldInvalid'; Message = '*monitoring-config.yaml:*comparison*'
           Break = { param($r) Edit $r 'monitoring-config.yaml' 'comparison: COMPARISON_GT' 'comparison: BIGGER' } }
        @{ Name = 'condition duration not whole minutes'; ErrorId = 'AlertPolicyConditionInvalid'; Message = '*monitoring-config.yaml:*duration*'
           Break = { param($r) Edit $r 'monitoring-config.yaml' 'duration: 300s' 'duration: 90s' } }
        @{ Name = 'policy JSON syntax error'; ErrorId = 'AlertPolicyFileMalformed'; Message = '*policy.json:3:*'; File = 'policy.json'
           Break = { param($r) Set-Content (Join-Path $r 'policy.json') "{`n  `"displayName`": `"x`",`n  `"conditions`": [ }`n" } }
        @{ Name = 'policy file missing'; ErrorId = 'AlertPolicyFileNotFound'; Message = '*nope.yaml*'; File = 'nope.yaml' }
    )
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../TestHelpers.psm1') -Force
    Import-ModuleUnderTest
    $emulator = Start-TestEmulator
    # The smoke credentials a deployment checks before any call.
    $null = Set-TestSmokeCredential
    $pristine = Copy-Example -Destination (Join-Path $TestDrive 'pristine')
    # Every case loads its broken copy. The SDK's own manifest, read once and kept as a static
    # functions.yaml (which firebase-tools reads first), gives every copy the same functions without
    # starting Node again. Discovery itself is
    # tested in Get-JobFinderProject.Tests.ps1 and the xunit CodeDiscoveryTests.
    Set-Content (Join-Path $pristine 'functions/functions.yaml') (Get-SdkManifest -SourceDir (Join-Path $pristine 'functions') -ProjectId jobfinder-staging) -NoNewline
    # With the static manifest no copy needs the installed dependencies; without the link, clearing
    # TestDrive no longer walks a 10,000-file node_modules per copy (most of this file's old 249 s).
    (Get-Item (Join-Path $pristine 'functions/node_modules')).Delete()
    $script:copies = 0

    function Edit([string] $Root, [string] $File, [string] $Old, [string] $New) {
        # Replace one exact text, failing loudly when the example changed under the test.
        $path = Join-Path $Root $File
        $text = [IO.File]::ReadAllText($path)
        if (-not $text.Contains($Old)) { throw "'$Old' is not in $File any more: update the bad-input case." }
        [IO.File]::WriteAllText($path, $text.Replace($Old, $New))
    }

    function New-BrokenCopy([scriptblock] $Break) {
        $script:copies++
        $root = Join-Path $TestDrive "case$($script:copies)"
        Copy-Repository -Path $pristine -Destination $root | Out-Null
        if ($Break) { & $Break $root }
        return $root
    }

    function Assert-NoMutatingCall {
        $mutating = @(Get-TestEmulatorRequest -Mutating)
        $mutating | ForEach-Object { "$($_.method) $($_.path) -> $($_.status)" } | Should -BeNullOrEmpty
    }

    $fqSuffix = 'JobFinder.Ops.Commands'
}

AfterAll {
    Stop-TestEmulator
}

Describe 'Bad input to Invoke-JobFinderDeployment' {
    BeforeEach { Clear-TestEmulatorRequest }

    It '<Name> -> <ErrorId>, no mutating call' -ForEach $deploymentCases {
        $repo = New-BrokenCopy $Break
        # (PowerShell variable names ignore case: the splat must not be called $parameters.)
        $splat = @{ RepositoryPath = $repo; Environment = 'staging'; SkipBackup = $true; Confirm = $false; ErrorAction = 'Stop' }
        if ($Parameters) { foreach ($key in $Parameters.Keys) { $splat[$key] = $Parameters[$key] } }
        { Invoke-JobFinderDeployment @splat } |
            Should -Throw -ErrorId "$ErrorId,$fqSuffix.InvokeJobFinderDeploymentCommand" -ExpectedMessage $Message
        Assert-NoMutatingCall
    }
    # A source archive over the size limit: Project/SourcePackagerTests.cs (OverTheLimitIsSourceArchiveTooLarge...)
    # uses the packager's limit parameter; packaging runs in the plan, before the lock and any write, like
    # every case above. Run once through this cmdlet with 101 MiB of random bytes (see docs/RELIABILITY.md),
    # it is not repeated here: compressing 100 MiB costs more than this whole file.
}

Describe 'Bad input to Set-JobFinderAlertPolicy' {
    BeforeEach { Clear-TestEmulatorRequest }

    It '<Name> -> <ErrorId>, no mutating call' -ForEach $policyCases {
        $repo = New-BrokenCopy $Break
        $file = if ($File) { $File } else { 'monitoring-config.yaml' }
        { Set-JobFinderAlertPolicy -Path (Join-Path $repo $file) -Environment staging -RepositoryPath $repo -Confirm:$false -ErrorAction Stop } |
            Should -Throw -ErrorId "$ErrorId,$fqSuffix.SetJobFinderAlertPolicyCommand" -ExpectedMessage $Message
        Assert-NoMutatingCall
    }
}

Describe 'Bad credentials' {
    BeforeEach { Clear-TestEmulatorRequest }
    AfterEach {
        # Back to the deployer for the next test (and file).
        Connect-JobFinderProject -KeyFile $emulator.KeyFilePath -EmulatorHost $emulator.EmulatorHost | Out-Null
    }

    It 'an expired access token -> GoogleApiUnauthenticated (401) on the first call, no mutating call' {
        # A self-signed JWT access token of the deployer (what Google.Apis.Auth sends without scopes),
        # correctly signed with the deployer's own key but expired an hour ago. A raw access token cannot
        # be checked at connect time (Connect-JobFinderProject only holds it); the first API call is.
        $key = Get-Content -Raw $emulator.KeyFilePath | ConvertFrom-Json
        $rsa = [System.Security.Cryptography.RSA]::Create()
        $rsa.ImportFromPem($key.private_key)
        $now = [DateTimeOffset]::UtcNow.ToUnixTimeSeconds()
        function Base64Url([byte[]] $bytes) { [Convert]::ToBase64String($bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_') }
        $header = Base64Url ([Text.Encoding]::UTF8.GetBytes((@{ alg = 'RS256'; typ = 'JWT'; kid = $key.private_key_id } | ConvertTo-Json -Compress)))
        $payload = Base64Url ([Text.Encoding]::UTF8.GetBytes((@{ iss = $key.client_email; sub = $key.client_email; aud = 'https://run.googleapis.com/'; iat = $now - 7200; exp = $now - 3600 } | ConvertTo-Json -Compress)))
        $signature = Base64Url $rsa.SignData([Text.Encoding]::ASCII.GetBytes("$header.$payload"), [System.Security.Cryptography.HashAlgorithmName]::SHA256, [System.Security.Cryptography.RSASignaturePadding]::Pkcs1)
        Connect-JobFinderProject -AccessToken (ConvertTo-SecureString "$header.$payload.$signature" -AsPlainText -Force) -EmulatorHost $emulator.EmulatorHost | Out-Null

        $repo = New-BrokenCopy
        { Invoke-JobFinderDeployment -RepositoryPath $repo -Environment staging -SkipBackup -Confirm:$false -ErrorAction Stop } |
            Should -Throw -ErrorId "GoogleApiUnauthenticated,$fqSuffix.InvokeJobFinderDeploymentCommand" -ExpectedMessage '*401*'
        Assert-NoMutatingCall
    }

    It 'a project the credential has no access to -> GoogleApiPermissionDenied naming the project, no mutating call' {
        # The emulator serves jobfinder-staging, jobfinder-prod and portfolio-site; the deployer has no
        # role on any other project, exactly like a key file of the wrong project against Google.
        $repo = New-BrokenCopy { param($r) Edit $r '.firebaserc' '"portfolio": "portfolio-site"' '"portfolio": "portfolio-site", "elsewhere": "jobfinder-elsewhere"' }
        { Invoke-JobFinderDeployment -RepositoryPath $repo -Environment elsewhere -SkipBackup -Confirm:$false -ErrorAction Stop } |
            Should -Throw -ErrorId "GoogleApiPermissionDenied,$fqSuffix.InvokeJobFinderDeploymentCommand" -ExpectedMessage '*jobfinder-elsewhere*'
        Assert-NoMutatingCall
    }

    It 'a read-only credential -> GoogleApiPermissionDenied (403) and no mutation goes through' {
        Connect-JobFinderProject -KeyFile $emulator.ReadOnlyKeyFilePath -EmulatorHost $emulator.EmulatorHost | Out-Null
        $repo = New-BrokenCopy
        { Invoke-JobFinderDeployment -RepositoryPath $repo -Environment staging -SkipBackup -Confirm:$false -ErrorAction Stop } |
            Should -Throw -ErrorId "GoogleApiPermissionDenied,$fqSuffix.InvokeJobFinderDeploymentCommand" -ExpectedMessage '*403*'
        # The viewer may try exactly one write (the lock, which Google refuses with 403); nothing is changed.
        $attempts = @(Get-TestEmulatorRequest -Mutating)
        $attempts.Count | Should -BeLessOrEqual 1
        $attempts | Where-Object status -lt 400 | Should -BeNullOrEmpty
    }
}
