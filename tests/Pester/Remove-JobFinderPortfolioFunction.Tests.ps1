BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-ModuleUnderTest
    $emulator = Start-JobFinderEmulator
    $fqidSuffix = 'JobFinder.Ops.Cmdlets.Cmdlets.RemoveJobFinderPortfolioFunctionCommand'

    function New-EmulatedFunction {
        # Seeds a gen2 function through the Functions API, as the old portfolio deploys did.
        param([string] $Project, [string] $Id)
        $api = "http://$($env:JOBFINDER_EMULATOR_HOST)/v2/projects/$Project/locations/us-central1"
        $headers = @{ Authorization = 'Bearer owner' }
        $upload = Invoke-RestMethod -Method Post -Uri "$api/functions:generateUploadUrl" -Headers $headers -ContentType 'application/json' -Body '{}'
        $zip = Join-Path ([IO.Path]::GetTempPath()) "$Id-$([guid]::NewGuid().ToString('n')).zip"
        $source = New-Item -ItemType Directory -Path ($zip + '.d')
        Set-Content -Path (Join-Path $source 'index.js') -Value "exports.$Id = (req, res) => res.json({ok: true});"
        Compress-Archive -Path (Join-Path $source 'index.js') -DestinationPath $zip
        Invoke-RestMethod -Method Put -Uri $upload.uploadUrl -InFile $zip -ContentType 'application/zip' | Out-Null
        $body = @{ environment = 'GEN_2'; buildConfig = @{ runtime = 'nodejs20'; entryPoint = $Id; source = @{ storageSource = $upload.storageSource } }; serviceConfig = @{ availableMemory = '256Mi' } } | ConvertTo-Json -Depth 6
        $operation = Invoke-RestMethod -Method Post -Uri "$api/functions?functionId=$Id" -Headers $headers -ContentType 'application/json' -Body $body
        while (-not $operation.done) {
            Start-Sleep -Milliseconds 50
            $operation = Invoke-RestMethod -Uri "http://$($env:JOBFINDER_EMULATOR_HOST)/v2/$($operation.name)" -Headers $headers
        }
        return Invoke-RestMethod -Uri "$api/functions/$Id" -Headers $headers
    }

    function Get-EmulatedFunctionId([string] $Project) {
        $list = Invoke-RestMethod -Uri "http://$($env:JOBFINDER_EMULATOR_HOST)/v2/projects/$Project/locations/-/functions" -Headers @{ Authorization = 'Bearer owner' }
        return @($list.functions | ForEach-Object { ($_.name -split '/')[-1] } | Sort-Object)
    }

    foreach ($id in 'contactForm', 'getStopList', 'searchJobs') { New-EmulatedFunction -Project portfolio-site -Id $id | Out-Null }
    $serving = New-EmulatedFunction -Project portfolio-site -Id submitJob
    1..2 | ForEach-Object { Invoke-WebRequest -Uri $serving.url -SkipHttpErrorCheck | Out-Null }
}

AfterAll { $emulator | Stop-JobFinderEmulator }

Describe 'Remove-JobFinderPortfolioFunction' -Tag 'Emulator' {
    It 'with -WhatIf reports what it would do and makes no DELETE' {
        Clear-TestEmulatorRequest
        $results = Remove-JobFinderPortfolioFunction -Project portfolio-site -WhatIf -ErrorVariable refused -ErrorAction SilentlyContinue
        ($results | ForEach-Object { "$($_.Name)=$($_.Action)" }) | Should -Be @('contactForm=Kept', 'getStopList=WouldRemove', 'searchJobs=WouldRemove', 'submitJob=Skipped')
        ($results | Where-Object Name -EQ submitJob).Requests | Should -Be 2
        $refused[0].FullyQualifiedErrorId | Should -Be "PortfolioFunctionStillServing,$fqidSuffix"
        @(Get-TestEmulatorRequest | Where-Object method -EQ 'DELETE') | Should -HaveCount 0
    }

    It 'removes the idle functions, refuses the one still serving and keeps the contact form' {
        $results = Remove-JobFinderPortfolioFunction -Project portfolio-site -Confirm:$false -ErrorVariable refused -ErrorAction SilentlyContinue
        ($results | ForEach-Object { "$($_.Name)=$($_.Action)" }) | Should -Be @('contactForm=Kept', 'getStopList=Removed', 'searchJobs=Removed', 'submitJob=Skipped')
        $refused | Should -HaveCount 1
        Get-EmulatedFunctionId portfolio-site | Should -Be @('contactForm', 'submitJob')
    }

    It 'removes a function that still serves traffic only with -Force, and never a -Keep one' {
        $results = Remove-JobFinderPortfolioFunction -Project portfolio-site -Force
        ($results | ForEach-Object { "$($_.Name)=$($_.Action)" }) | Should -Be @('contactForm=Kept', 'submitJob=Removed')
        Get-EmulatedFunctionId portfolio-site | Should -Be @('contactForm')
    }

    It 'rejects a project id that is not one' {
        { Remove-JobFinderPortfolioFunction -Project 'Not A Project' -WhatIf } | Should -Throw -ErrorId 'ParameterArgumentValidationError,JobFinder.Ops.Cmdlets.Cmdlets.RemoveJobFinderPortfolioFunctionCommand'
    }
}
