BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-ModuleUnderTest
    $example = Get-ExamplePath
    $fqidSuffix = 'JobFinder.Ops.Commands.GetJobFinderProjectCommand'
}

Describe 'Get-JobFinderProject' -Tag 'Unit' {
    Context 'The example backend' {
        It 'resolves the production alias to its project id' {
            $project = Get-JobFinderProject -RepositoryPath $example -Environment production
            $project.ProjectId | Should -Be 'jobfinder-prod'
            $project.Environment | Should -Be 'production'
        }

        It 'takes an alias whatever its case, as PowerShell takes names' {
            $project = Get-JobFinderProject -RepositoryPath $example -Environment Production
            $project.ProjectId | Should -Be 'jobfinder-prod'
            $project.Environment | Should -Be 'production'
        }

        It 'resolves staging to a different project' {
            (Get-JobFinderProject -RepositoryPath $example -Environment staging).ProjectId | Should -Be 'jobfinder-staging'
        }

        It 'lists the functions the plan smoke-tests' {
            $ids = (Get-JobFinderProject -RepositoryPath $example -Environment production).Functions.Id
            foreach ($id in 'health', 'submitJob', 'getStopList', 'manageContentItems', 'generateDocument') {
                $ids | Should -Contain $id
            }
        }

        It 'prints a table with the project id' {
            $text = Get-JobFinderProject -RepositoryPath $example -Environment production | Out-String
            $text | Should -Match 'jobfinder-prod'
            $text | Should -Match 'ProjectId'
        }

        It 'takes the path from the pipeline by property name' {
            $project = Get-Item $example | Get-JobFinderProject -Environment production
            $project.ProjectId | Should -Be 'jobfinder-prod'
        }

        It 'never exposes environment variable values' {
            $project = Get-JobFinderProject -RepositoryPath $example -Environment production
            $json = $project | ConvertTo-Json -Depth 8
            foreach ($line in Get-Content (Join-Path $example 'functions/.env.production') | Where-Object { $_ -match '^[A-Z_]+=(.+)$' }) {
                $value = ($line -split '=', 2)[1].Trim('"')
                if ($value.Length -ge 6) { $json | Should -Not -Match ([regex]::Escape($value)) }
            }
        }
    }

    Context 'Any project id, as firebase deploy --project takes it' {
        It 'uses a project id that .firebaserc does not list, and warns that it is not an alias' {
            $project = Get-JobFinderProject -RepositoryPath $example -Environment acme-preview-42 -WarningVariable warnings -WarningAction SilentlyContinue
            $project.ProjectId | Should -Be 'acme-preview-42'
            $project.Environment | Should -BeNullOrEmpty
            $warnings | Should -HaveCount 1
            "$warnings" | Should -BeLike "*'acme-preview-42' is not an alias*production*"
        }

        It 'uses a project id in a repository without .firebaserc' {
            $copy = Copy-Example -Destination (Join-Path TestDrive:\ 'no-firebaserc')
            Remove-Item -Force (Join-Path $copy '.firebaserc')
            (Get-JobFinderProject -RepositoryPath $copy -Environment acme-preview-42 -WarningAction SilentlyContinue).ProjectId | Should -Be 'acme-preview-42'
        }

        It 'does not warn for an alias' {
            Get-JobFinderProject -RepositoryPath $example -Environment production -WarningVariable warnings | Out-Null
            $warnings | Should -BeNullOrEmpty
        }
    }

    Context 'Functions come from the code' {
        It 'shows each function with where its settings came from' {
            $project = Get-JobFinderProject -RepositoryPath $example -Environment staging
            $project.Codebases[0].DiscoveredFrom | Should -Be 'code'
            $project.Functions.SettingsSource | Sort-Object -Unique | Should -Be 'code'
            $table = $project.Functions | Format-Table | Out-String
            $table | Should -Match 'From'
            $table | Should -Match 'generateDocument\s.*1024\s+code'
        }

        It 'shows the discovery steps and their times with -Verbose' {
            $verbose = Get-JobFinderProject -RepositoryPath $example -Environment staging -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message
            $verbose | Should -Contain "Codebase 'default': loading the code in $(Join-Path $example 'functions') with firebase-functions 6.6.0 (no functions.yaml)."
            ($verbose -match "^Codebase 'default': 9 function\(s\) from code in \d+ ms: health, submitJob") | Should -Not -BeNullOrEmpty
            ($verbose -match 'manifest read from the SDK on port \d+ after \d+ ms') | Should -Not -BeNullOrEmpty
        }

        It 'lists an export added to index.js with the options written in the code, with no other edit' {
            $copy = Copy-Example -Destination (Join-Path TestDrive:\ 'added')
            Add-Content (Join-Path $copy 'functions/index.js') "`nexports.exportJobs = onCall({ memory: `"2GiB`", timeoutSeconds: 240 }, async () => ({ ok: true }));"
            $added = (Get-JobFinderProject -RepositoryPath $copy -Environment staging).Functions | Where-Object Id -EQ 'exportJobs'
            $added.TriggerKind | Should -Be 'Callable'
            $added.AvailableMemoryMb | Should -Be 2048
            $added.TimeoutSeconds | Should -Be 240
            $added.SettingsSource | Should -Be 'code'
        }

        It 'reports missing Node.js within 30 s, naming the codebase, the folder and the fix' {
            $copy = Copy-Example -Destination (Join-Path TestDrive:\ 'nonode')
            $emptyBin = New-Item -ItemType Directory -Force -Path (Join-Path TestDrive:\ 'empty-bin')
            $savedPath = $env:PATH
            try {
                $env:PATH = $emptyBin.FullName
                $watch = [Diagnostics.Stopwatch]::StartNew()
                $err = { Get-JobFinderProject -RepositoryPath $copy -Environment staging -ErrorAction Stop } | Should -Throw -ErrorId "NodeNotFound,$fqidSuffix" -PassThru
                $watch.Elapsed.TotalSeconds | Should -BeLessThan 30
            }
            finally { $env:PATH = $savedPath }
            $err.Exception.Message | Should -BeLike "*'default'*$(Join-Path (Convert-Path $copy) 'functions')*"
            $err.ErrorDetails.RecommendedAction | Should -BeLike '*Install Node.js 20*'
            $err.CategoryInfo.Category | Should -Be 'ObjectNotFound'
            @(Get-Process -Name node -ErrorAction SilentlyContinue | Where-Object { $_.CommandLine -like "*$copy*" }) | Should -BeNullOrEmpty
        }

        It 'reports code that throws at load with its message' {
            $copy = Copy-Example -Destination (Join-Path TestDrive:\ 'broken')
            Set-Content (Join-Path $copy 'functions/index.js') 'throw new Error("JOBS_BUCKET is not configured");'
            $err = { Get-JobFinderProject -RepositoryPath $copy -Environment staging -ErrorAction Stop } | Should -Throw -ErrorId "FunctionsCodeLoadFailed,$fqidSuffix" -PassThru
            $err.Exception.Message | Should -BeLike '*JOBS_BUCKET is not configured*'
            @(Get-Process -Name node -ErrorAction SilentlyContinue | Where-Object { $_.CommandLine -like "*$copy*" }) | Should -BeNullOrEmpty
        }
    }

    Context 'Bad input' {
        It 'reports an unknown environment alias and lists the known ones' {
            { Get-JobFinderProject -RepositoryPath $example -Environment prodution -ErrorAction Stop } |
                Should -Throw -ErrorId "EnvironmentAliasUnknown,$fqidSuffix" -ExpectedMessage '*production*'
        }

        It 'asks "did you mean" for a misspelt alias in any case' {
            $refused = { Get-JobFinderProject -RepositoryPath $example -Environment Prodution -ErrorAction Stop } | Should -Throw -ErrorId "EnvironmentAliasUnknown,$fqidSuffix" -PassThru
            $refused.ErrorDetails.RecommendedAction | Should -BeLike "Did you mean 'production'*"
        }

        It 'reports a folder without firebase.json' {
            { Get-JobFinderProject -RepositoryPath TestDrive:\ -ErrorAction Stop } | Should -Throw -ErrorId "FirebaseJsonNotFound,$fqidSuffix"
        }

        It 'reports malformed firebase.json with its line and column' {
            $copy = Copy-Example -Destination (Join-Path TestDrive:\ 'malformed')
            Set-Content -Path (Join-Path $copy 'firebase.json') -Value "{`n  `"functions`": {`n    `"source`": `"functions`"`n  ,,`n}"
            $err = { Get-JobFinderProject -RepositoryPath $copy -Environment production -ErrorAction Stop } | Should -Throw -ErrorId "FirebaseJsonMalformed,$fqidSuffix" -PassThru
            $err.Exception.Message | Should -Match 'firebase\.json:4:\d+'
        }

        It 'reports a missing functions source folder' {
            $copy = Copy-Example -Destination (Join-Path TestDrive:\ 'nosource')
            Remove-Item -Recurse -Force (Join-Path $copy 'functions')
            { Get-JobFinderProject -RepositoryPath $copy -Environment production -ErrorAction Stop } | Should -Throw -ErrorId "FunctionsSourceNotFound,$fqidSuffix"
        }

        It 'reports a missing rules file' {
            $copy = Copy-Example -Destination (Join-Path TestDrive:\ 'norules')
            Remove-Item (Join-Path $copy 'firestore.rules')
            { Get-JobFinderProject -RepositoryPath $copy -Environment production -ErrorAction Stop } | Should -Throw -ErrorId "RulesFileNotFound,$fqidSuffix"
        }

        It 'reports an unknown runtime' {
            $copy = Copy-Example -Destination (Join-Path TestDrive:\ 'runtime')
            $file = Join-Path $copy 'firebase.json'
            (Get-Content -Raw $file) -replace 'nodejs\d+', 'nodejs4' | Set-Content $file
            { Get-JobFinderProject -RepositoryPath $copy -Environment production -ErrorAction Stop } | Should -Throw -ErrorId "FunctionsRuntimeUnknown,$fqidSuffix"
        }
    }
}
