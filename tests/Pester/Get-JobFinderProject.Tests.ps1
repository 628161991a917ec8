BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-ModuleUnderTest
    $example = Get-ExamplePath
    $fqidSuffix = 'JobFinder.Ops.Cmdlets.Cmdlets.GetJobFinderProjectCommand'
}

Describe 'Get-JobFinderProject' -Tag 'Unit' {
    Context 'The example backend' {
        It 'resolves the production alias to its project id' {
            $project = Get-JobFinderProject -RepositoryPath $example -Environment production
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

    Context 'Bad input' {
        It 'reports an unknown environment alias and lists the known ones' {
            { Get-JobFinderProject -RepositoryPath $example -Environment prodution -ErrorAction Stop } |
                Should -Throw -ErrorId "EnvironmentAliasUnknown,$fqidSuffix" -ExpectedMessage '*production*'
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
