BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-ModuleUnderTest
    $emulator = Start-JobFinderEmulator
    $fqidSuffix = 'JobFinder.Ops.Commands.TestJobFinderFrontendConfigCommand'

    # Seeds submitJob in jobfinder-prod through the Functions API.
    $api = "http://$($env:JOBFINDER_EMULATOR_HOST)/v2/projects/jobfinder-prod/locations/us-central1"
    $headers = @{ Authorization = 'Bearer owner' }
    $upload = Invoke-RestMethod -Method Post -Uri "$api/functions:generateUploadUrl" -Headers $headers -ContentType 'application/json' -Body '{}'
    $folder = New-Item -ItemType Directory -Path (Join-Path ([IO.Path]::GetTempPath()) "frontend-$([guid]::NewGuid().ToString('n'))")
    Set-Content -Path (Join-Path $folder 'index.js') -Value 'exports.submitJob = (req, res) => res.json({ok: true});'
    Compress-Archive -Path (Join-Path $folder 'index.js') -DestinationPath (Join-Path $folder 'source.zip')
    Invoke-RestMethod -Method Put -Uri $upload.uploadUrl -InFile (Join-Path $folder 'source.zip') -ContentType 'application/zip' | Out-Null
    $body = @{ environment = 'GEN_2'; buildConfig = @{ runtime = 'nodejs20'; entryPoint = 'submitJob'; source = @{ storageSource = $upload.storageSource } } } | ConvertTo-Json -Depth 6
    $operation = Invoke-RestMethod -Method Post -Uri "$api/functions?functionId=submitJob" -Headers $headers -ContentType 'application/json' -Body $body
    while (-not $operation.done) {
        Start-Sleep -Milliseconds 50
        $operation = Invoke-RestMethod -Uri "http://$($env:JOBFINDER_EMULATOR_HOST)/v2/$($operation.name)" -Headers $headers
    }
    $submitJobUrl = (Invoke-RestMethod -Uri "$api/functions/submitJob" -Headers $headers).url
    $good = Join-Path $folder '.env.production'
    Set-Content -Path $good -Value @("VITE_FIREBASE_API_KEY=not-checked", "VITE_FIREBASE_PROJECT_ID=jobfinder-prod", "VITE_SUBMIT_JOB_URL=$submitJobUrl")
    $stale = Join-Path $folder '.env.stale'
    Set-Content -Path $stale -Value @("VITE_FIREBASE_PROJECT_ID=portfolio-site", "VITE_SUBMIT_JOB_URL=https://us-central1-portfolio-site.cloudfunctions.net/submitJob")
}

AfterAll {
    $emulator | Stop-JobFinderEmulator
    Remove-Item -Recurse -Force $folder -ErrorAction SilentlyContinue
}

Describe 'Test-JobFinderFrontendConfig' -Tag 'Emulator' {
    It 'passes each setting that points at the deployed functions' {
        $checks = Test-JobFinderFrontendConfig -Path $good -Environment production -RepositoryPath (Get-ExamplePath)
        ($checks | ForEach-Object { "$($_.Key)=$($_.Status)" }) | Should -Be @('VITE_FIREBASE_PROJECT_ID=Pass', 'VITE_SUBMIT_JOB_URL=Pass')
        ($checks | Where-Object Key -EQ VITE_SUBMIT_JOB_URL).Expected | Should -Be $submitJobUrl
    }

    It 'fails settings that still point at the portfolio project, with the expected URL' {
        $checks = Test-JobFinderFrontendConfig -Path $stale -ProjectId jobfinder-prod
        $checks.Status | Should -Be @('Fail', 'Fail')
        ($checks | Where-Object Key -EQ VITE_SUBMIT_JOB_URL).Expected | Should -Be $submitJobUrl
        ($checks | Out-String) | Should -Match 'VITE_SUBMIT_JOB_URL'
    }

    It 'answers True or False with -Quiet' {
        Test-JobFinderFrontendConfig -Path $good -ProjectId jobfinder-prod -Quiet | Should -BeTrue
        Test-JobFinderFrontendConfig -Path $stale -ProjectId jobfinder-prod -Quiet | Should -BeFalse
    }

    It 'says which env file is missing' {
        { Test-JobFinderFrontendConfig -Path (Join-Path $folder 'none.env') -ProjectId jobfinder-prod } | Should -Throw -ErrorId "FrontendEnvFileNotFound,$fqidSuffix"
    }
}
