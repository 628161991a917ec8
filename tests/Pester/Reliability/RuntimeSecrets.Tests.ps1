# A function that declares a secret with firebase-functions' defineSecret gets the secret's value in its
# code after Invoke-JobFinderDeployment, as on Google: the deployment pins the secret's latest version,
# grants the function's runtime service account roles/secretmanager.secretAccessor on it (as firebase
# deploy does), and the emulator's Cloud Run resolves the pinned version into process.env when the instance
# starts. The value is never in what the deployment outputs or writes to its streams. A twin started from a
# backup (which never holds secret values) still serves the function, on a placeholder value.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../TestHelpers.psm1') -Force
    Import-ModuleUnderTest
    $emulator = Start-TestEmulator
    $info = Set-TestSmokeCredential
    $owner = @{ Authorization = 'Bearer owner' }
    $api = "http://$($emulator.EmulatorHost)"

    # A new version of the example's secret, so the code can only see it if the deployment pinned `latest`.
    $value = 'gen-key-' + [Guid]::NewGuid().ToString('N')
    $payload = @{ payload = @{ data = [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes($value)) } } | ConvertTo-Json
    $version = Invoke-RestMethod -Method Post -Uri "$api/v1/projects/jobfinder-staging/secrets/GENERATOR_API_KEY:addVersion" -Headers $owner -ContentType 'application/json' -Body $payload

    # The example plus one HTTPS function that reports the length of the secret it declares, never the value.
    $repo = Copy-Example -Destination (Join-Path $TestDrive 'repo')
    Add-Content (Join-Path $repo 'functions/index.js') @'

exports.secretProbe = onRequest({ secrets: [generatorApiKey] }, (req, res) => {
  res.json({ length: generatorApiKey.value().length });
});
'@
    $streams = Invoke-JobFinderDeployment -RepositoryPath $repo -Environment staging -Only functions:secretProbe -SkipBackup -Confirm:$false -Verbose *>&1
    $record = $streams | Where-Object { $_.PSObject.Properties.Name -contains 'Outcome' } | Select-Object -Last 1
}

AfterAll {
    Stop-TestEmulator
}

Describe 'A defineSecret function after Invoke-JobFinderDeployment' {
    It 'is deployed with the secret pinned to the version latest was' {
        $record.Outcome | Should -Be 'Succeeded'
        $function = Invoke-RestMethod -Uri "$api/v2/projects/jobfinder-staging/locations/us-central1/functions/secretProbe" -Headers $owner
        $binding = @($function.serviceConfig.secretEnvironmentVariables)
        $binding.key | Should -Be 'GENERATOR_API_KEY'
        $binding.version | Should -Be ($version.name -split '/')[-1]
    }

    It 'reads that version''s value in its code' {
        $function = Invoke-RestMethod -Uri "$api/v2/projects/jobfinder-staging/locations/us-central1/functions/secretProbe" -Headers $owner
        (Invoke-RestMethod -Uri $function.url).length | Should -Be $value.Length
    }

    It 'granted the runtime service account access to the secret, and never output the value' {
        $policy = Invoke-RestMethod -Uri "$api/v1/projects/jobfinder-staging/secrets/GENERATOR_API_KEY:getIamPolicy" -Headers $owner
        $accessors = ($policy.bindings | Where-Object role -EQ 'roles/secretmanager.secretAccessor').members
        $accessors | Should -BeLike 'serviceAccount:*-compute@developer.gserviceaccount.com'
        ($streams | Out-String -Width 400) | Should -Not -Match $value
        ($record | ConvertTo-Json -Depth 12 -WarningAction Ignore) | Should -Not -Match $value
    }

    It 'serves on a twin started from a backup, on a placeholder in place of the value the backup never holds' {
        $backup = Backup-JobFinderProduction -RepositoryPath $repo -Environment staging
        try {
            $null = Start-JobFinderEmulator -FromBackup $backup
            $twin = Invoke-RestMethod -Uri "http://$($env:JOBFINDER_EMULATOR_HOST)/v2/projects/jobfinder-staging/locations/us-central1/functions/secretProbe" -Headers $owner
            $twin.url | Should -Not -BeLike "$api/*"
            $length = (Invoke-RestMethod -Uri $twin.url).length
            $length | Should -BeGreaterThan 0
            $length | Should -Not -Be $value.Length
        }
        finally {
            # Back to the shared emulator for the next file (Start-TestEmulator reconnects to it).
            Stop-JobFinderEmulator
        }
    }
}
