BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-ModuleUnderTest
    $script:commands = @(Get-Command -Module JobFinder.Ops | Sort-Object Name | ForEach-Object { @{ Name = $_.Name } })
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-ModuleUnderTest
}

Describe 'JobFinder.Ops module' -Tag 'Unit' {
    Context 'Manifest and exported surface' {
        It 'exports exactly the commands the manifest lists' {
            # The manifest's explicit CmdletsToExport is the intended surface (a deliberate edit).
            $expected = (Import-PowerShellDataFile (Get-ModuleUnderTestPath)).CmdletsToExport | Sort-Object
            $actual = (Get-Command -Module JobFinder.Ops).Name | Sort-Object
            Compare-Object $expected $actual | Should -BeNullOrEmpty
        }

        It 'exports every cmdlet class the assembly defines' {
            # A cmdlet class that is not in CmdletsToExport is dead code or a forgotten export.
            $assembly = [Reflection.Assembly]::LoadFrom((Join-Path $env:JOBFINDER_MODULE_PATH 'JobFinder.Ops.Cmdlets.dll'))
            $defined = $assembly.GetTypes() | Where-Object { $_.IsPublic -and -not $_.IsAbstract } |
                ForEach-Object { $_.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false) } |
                ForEach-Object { "$($_.VerbName)-$($_.NounName)" } | Sort-Object
            $exported = (Import-PowerShellDataFile (Get-ModuleUnderTestPath)).CmdletsToExport | Sort-Object
            Compare-Object $defined $exported | Should -BeNullOrEmpty
        }

        It 'lists exports explicitly, never with wildcards' {
            $manifest = Import-PowerShellDataFile (Get-ModuleUnderTestPath)
            foreach ($key in 'CmdletsToExport', 'FunctionsToExport', 'AliasesToExport', 'VariablesToExport') {
                @($manifest[$key]) -join ',' | Should -Not -Match '\*'
            }
        }

        It 'stamps the manifest version into the cmdlet assembly' {
            $manifest = Import-PowerShellDataFile (Get-ModuleUnderTestPath)
            $dll = Join-Path $env:JOBFINDER_MODULE_PATH 'JobFinder.Ops.Cmdlets.dll'
            [Reflection.AssemblyName]::GetAssemblyName($dll).Version.ToString(3) | Should -Be $manifest.ModuleVersion
        }

        It 'targets PowerShell 7.6 Core only' {
            $manifest = Import-PowerShellDataFile (Get-ModuleUnderTestPath)
            $manifest.PowerShellVersion | Should -Be '7.6'
            $manifest.CompatiblePSEditions | Should -Be @('Core')
        }

        It 'keeps the engine and its packages out of the module root' {
            Get-ChildItem $env:JOBFINDER_MODULE_PATH -Filter *.dll | ForEach-Object Name | Should -Be @('JobFinder.Ops.Cmdlets.dll')
            Test-Path (Join-Path $env:JOBFINDER_MODULE_PATH 'Dependencies/JobFinder.Ops.dll') | Should -BeTrue
        }
    }

    Context 'Help for <Name>' -ForEach $commands {
        BeforeAll {
            $help = Get-Help -Name $Name -Full
            $command = Get-Command -Name $Name
            $common = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
        }

        It 'has a synopsis' {
            $help.Synopsis | Should -Not -BeNullOrEmpty
            $help.Synopsis | Should -Not -Match "^\s*$Name\s*$"
        }

        It 'has a description' {
            ($help.Description | Out-String).Trim() | Should -Not -BeNullOrEmpty
        }

        It 'has at least one example' {
            @($help.Examples.Example).Count | Should -BeGreaterThan 0
            @($help.Examples.Example)[0].Code | Should -Match $Name
        }

        It 'describes every parameter' {
            foreach ($parameter in $command.Parameters.Keys | Where-Object { $_ -notin $common }) {
                $described = $help.Parameters.Parameter | Where-Object Name -EQ $parameter
                ($described.Description | Out-String).Trim() | Should -Not -BeNullOrEmpty -Because "-$parameter needs a description"
            }
        }

        It 'shows switches as [-Name], values by their type, positions and defaults' {
            # Get-Help's syntax prints [-Name] for a parameter without a value and -Name <value> otherwise.
            $inSyntax = @($help.Syntax.SyntaxItem.Parameter)
            foreach ($parameter in $command.Parameters.Values | Where-Object { $_.Name -notin $common }) {
                $type = [Nullable]::GetUnderlyingType($parameter.ParameterType) ?? $parameter.ParameterType
                $entries = @($inSyntax | Where-Object Name -EQ $parameter.Name)
                $entries.Count | Should -BeGreaterThan 0 -Because "-$($parameter.Name) is in the syntax"
                @($entries | ForEach-Object { "$($_.ParameterValue)" } | Sort-Object -Unique) | Should -Be @($(if ($parameter.SwitchParameter) { '' } else { $type.Name }))
                $described = $help.Parameters.Parameter | Where-Object Name -EQ $parameter.Name
                $described.DefaultValue | Should -Not -BeNullOrEmpty -Because "-$($parameter.Name) shows its default (None when there is none)"
                $positions = @($parameter.ParameterSets.Values.Position | Where-Object { $_ -ge 0 })
                if ($positions) { $described.Position | Should -Be ([string]($positions[0] + 1)) }
            }
        }

        It 'declares its output type and has a table view for it' {
            $command.OutputType | Should -Not -BeNullOrEmpty
            foreach ($type in $command.OutputType.Type | Where-Object { $_ -and $_ -notin [bool], [string], [void] }) {
                Get-FormatData -TypeName $type.FullName | Should -Not -BeNullOrEmpty -Because "$($type.FullName) needs a view in JobFinder.Ops.Format.ps1xml"
            }
        }
    }

    Context 'Help documents (docs/help)' {
        It 'has one document per exported cmdlet, named after it' {
            $documents = (Get-ChildItem (Join-Path (Get-RepositoryRoot) 'docs/help') -Filter *.md).BaseName | Sort-Object
            $documents | Should -Be ((Get-Command -Module JobFinder.Ops).Name | Sort-Object)
        }

        It 'stops the help build on a document that names a parameter the cmdlet does not have' {
            $folder = Join-Path $TestDrive 'help'
            Copy-Item -Recurse (Join-Path (Get-RepositoryRoot) 'docs/help') $folder
            Add-Content (Join-Path $folder 'Get-JobFinderProject.md') "`n## PARAMETERS`n`n### -Path`n`nThe old name of -RepositoryPath.`n"
            $generator = Join-Path (Get-RepositoryRoot) 'tools/New-MamlHelp.ps1'
            $result = Invoke-FreshPwsh -Script "& '$generator' -ModulePath '$env:JOBFINDER_MODULE_PATH' -HelpPath '$folder' -OutputPath '$(Join-Path $TestDrive 'help.xml')'"
            $result.ExitCode | Should -Not -Be 0
            # pwsh wraps the error view at the console width: compare the words, not the layout.
            ($result.Output -join ' ') -replace '\s+\|\s+', ' ' -replace '\s+', ' ' | Should -BeLike '*Get-JobFinderProject.md*documents parameters the cmdlet does not have: Path.*'
        }
    }

    Context 'about topic' {
        It 'ships about_JobFinder.Ops' {
            (Get-Help about_JobFinder.Ops | Out-String) | Should -Match 'Zero-downtime'
        }

        It 'wraps at 80 columns' {
            $topic = Join-Path (Split-Path (Get-Module JobFinder.Ops).Path) 'en-US/about_JobFinder.Ops.help.txt'
            Get-Content $topic | Where-Object Length -GT 80 | Should -BeNullOrEmpty
        }
    }

    Context 'Dependency isolation' {
        It 'works when an older YamlDotNet is already loaded in the session' {
            $oldYaml = Join-Path $env:JOBFINDER_NUGET_PACKAGES 'yamldotnet/11.2.1/lib/netstandard2.1/YamlDotNet.dll'
            Test-Path $oldYaml | Should -BeTrue -Because 'build.ps1 restores YamlDotNet 11.2.1 for this test'
            $script = @"
`$ErrorActionPreference = 'Stop'
Add-Type -Path '$oldYaml'
`$null = [YamlDotNet.Serialization.DeserializerBuilder]::new().Build()
Import-Module '$(Get-ModuleUnderTestPath)'
`$project = Get-JobFinderProject -RepositoryPath '$(Get-ExamplePath)' -Environment production
'functions=' + `$project.Functions.Count
[AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$_.GetName().Name -eq 'YamlDotNet' } | ForEach-Object {
    'yaml=' + `$_.GetName().Version.Major + '@' + [Runtime.Loader.AssemblyLoadContext]::GetLoadContext(`$_).Name
}
"@
            $result = Invoke-FreshPwsh -Script $script
            $result.ExitCode | Should -Be 0 -Because ($result.Output -join "`n")
            $result.Output | Should -Contain 'yaml=11@Default'
            ($result.Output | Where-Object { $_ -like 'yaml=*@JobFinder.Ops.Engine' }) | Should -Not -BeNullOrEmpty
            ($result.Output | Where-Object { $_ -like 'functions=*' }) | Should -Not -Be 'functions=0'
        }
    }
}
