BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-ModuleUnderTest

    # The vocabulary table of docs/design/cmdlet-conventions.md: | `-Name` | `Type` | aliases | meaning |
    $script:vocabulary = foreach ($line in Get-Content (Join-Path (Get-RepositoryRoot) 'docs/design/cmdlet-conventions.md')) {
        if ($line -match '^\| `-(?<name>\w+)` \| `(?<type>[\w.]+)` \| (?<aliases>[^|]*)\|') {
            # An alias with a qualifier in parentheses, e.g. "DeploymentId (on deployment cmdlets)", is
            # allowed where it fits; the others are required wherever the name is used.
            $entries = @($Matches.aliases -split ',' | ForEach-Object Trim | Where-Object { $_ })
            @{
                Name     = $Matches.name
                Type     = $Matches.type
                Aliases  = @($entries | Where-Object { $_ -notmatch '\(' })
                Optional = @($entries | Where-Object { $_ -match '\(' } | ForEach-Object { ($_ -replace '\(.*?\)', '').Trim() })
            }
        }
    }
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-ModuleUnderTest

    $common = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters

    function Get-ElementTypeName([type] $Type) {
        # string and string[] (one or several of the same thing) are one meaning; so are T and T?.
        if ($Type.IsArray) { $Type = $Type.GetElementType() }
        if ($Type.IsGenericType -and $Type.GetGenericTypeDefinition() -eq [Nullable`1]) { $Type = $Type.GetGenericArguments()[0] }
        return $Type.Name
    }

    # Every parameter of every exported cmdlet, except the common ones and -InputObject (typed per cmdlet).
    $script:declared = foreach ($command in Get-Command -Module JobFinder.Ops -CommandType Cmdlet) {
        foreach ($parameter in $command.Parameters.Values | Where-Object { $_.Name -notin $common -and $_.Name -ne 'InputObject' }) {
            [pscustomobject]@{
                Command = $command.Name
                Name    = $parameter.Name
                Type    = Get-ElementTypeName $parameter.ParameterType
                Aliases = @($parameter.Aliases)
            }
        }
    }
}

Describe 'One cmdlet vocabulary (docs/design/cmdlet-conventions.md)' -Tag 'Unit' {
    It 'reads the vocabulary table of the conventions document' {
        $vocabulary.Name | Should -Contain 'RepositoryPath'
        $vocabulary.Count | Should -BeGreaterThan 10
    }

    It 'gives every parameter name one type across all cmdlets' {
        $conflicts = $declared | Group-Object Name | Where-Object { @($_.Group.Type | Sort-Object -Unique).Count -gt 1 } | ForEach-Object {
            "-$($_.Name): " + (($_.Group | ForEach-Object { "$($_.Command) [$($_.Type)]" }) -join ', ')
        }
        $conflicts | Should -BeNullOrEmpty
    }

    It 'never uses one parameter''s name as another parameter''s alias' {
        $names = @($declared.Name | Sort-Object -Unique)
        $clashes = $declared | ForEach-Object {
            $parameter = $_
            $parameter.Aliases | Where-Object { $_ -in $names -and $_ -ne $parameter.Name } | ForEach-Object { "$($parameter.Command) -$($parameter.Name) has alias $_" }
        }
        $clashes | Should -BeNullOrEmpty
    }

    It 'declares -<Name> as <Type> wherever it is used' -ForEach $vocabulary {
        $uses = @($declared | Where-Object Name -EQ $Name)
        $wrong = $uses | Where-Object Type -NE $Type | ForEach-Object { "$($_.Command) [$($_.Type)]" }
        $wrong | Should -BeNullOrEmpty
    }

    It 'gives -<Name> the documented aliases' -ForEach $vocabulary {
        $expected = $Aliases
        # Get-JobFinderProject also binds Get-Item's FullName; no other alias may be added or left out.
        $wrong = foreach ($use in $declared | Where-Object Name -EQ $Name) {
            $missing = @($expected | Where-Object { $_ -notin $use.Aliases })
            $extra = @($use.Aliases | Where-Object { $_ -notin $expected -and $_ -notin $Optional -and $_ -ne 'FullName' })
            if ($missing.Count -or $extra.Count) { "$($use.Command) -$Name aliases: $($use.Aliases -join ', ')" }
        }
        $wrong | Should -BeNullOrEmpty
    }

    It 'keeps -Force a switch that skips prompts only: every cmdlet with -Force supports ShouldProcess' {
        $withForce = Get-Command -Module JobFinder.Ops -CommandType Cmdlet | Where-Object { $_.Parameters.ContainsKey('Force') }
        $withoutShouldProcess = $withForce | Where-Object { -not $_.Parameters.ContainsKey('WhatIf') -and $_.Name -ne 'Export-JobFinderAlertPolicy' } | ForEach-Object Name
        $withoutShouldProcess | Should -BeNullOrEmpty
    }

    It 'lets every TimeSpan parameter take jobfinder.ops.json''s durations (5m, 300s)' {
        $without = foreach ($command in Get-Command -Module JobFinder.Ops -CommandType Cmdlet) {
            foreach ($parameter in $command.Parameters.Values | Where-Object { ([Nullable]::GetUnderlyingType($_.ParameterType) ?? $_.ParameterType) -eq [timespan] }) {
                if (-not ($parameter.Attributes | Where-Object { $_.GetType().Name -eq 'DurationTransformationAttribute' })) { "$($command.Name) -$($parameter.Name)" }
            }
        }
        $without | Should -BeNullOrEmpty
    }
}
