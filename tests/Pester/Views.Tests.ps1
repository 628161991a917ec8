# Every default view of the module, rendered at 100 columns (a terminal, a CI log): the table fits, its
# headers are whole words on one line, and Format-List names no compiler-generated or generic type.
BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-ModuleUnderTest
    $formatFile = Join-Path (Split-Path (Get-Module JobFinder.Ops).Path) 'JobFinder.Ops.Format.ps1xml'
    $views = ([xml] (Get-Content -Raw $formatFile)).Configuration.ViewDefinitions.View |
        Where-Object { $_.TableControl } |
        ForEach-Object { @{ TypeName = $_.ViewSelectedBy.TypeName; Labels = @($_.TableControl.TableHeaders.TableColumnHeader.Label) } }
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-ModuleUnderTest
    Import-Module (Join-Path $PSScriptRoot 'DeploymentSamples.psm1') -Force
    # The engine lives in the module's own load context: reach its types through a loaded one.
    $engine = (Get-Command Export-JobFinderDeploymentReport).Parameters['InputObject'].ParameterType.Assembly

    function New-SampleValue([type] $Type, [string] $Name) {
        $type = [Nullable]::GetUnderlyingType($Type) ?? $Type
        switch ($type) {
            ([string]) { return "$Name of a realistic length, longer than any column" }
            ([int]) { return 123456 }
            ([long]) { return 1234567890 }
            ([double]) { return 12345.678 }
            ([bool]) { return $true }
            ([DateTimeOffset]) { return [DateTimeOffset]::new(2026, 11, 26, 22, 15, 0, [TimeSpan]::Zero) }
            ([TimeSpan]) { return [TimeSpan]::FromSeconds(754.25) }
        }
        if ($type.IsEnum) { return [Enum]::GetValues($type) | Select-Object -Last 1 }
        if ($type.IsAssignableFrom([string[]])) { return , [string[]] @('first', 'second') }
        return $null
    }

    # An instance of a view's type with every simple property set to a long, realistic value.
    function New-SampleObject([string] $TypeName) {
        $type = $engine.GetType($TypeName)
        $object = [Runtime.CompilerServices.RuntimeHelpers]::GetUninitializedObject($type)
        foreach ($property in $type.GetProperties() | Where-Object { $_.SetMethod -and $_.SetMethod.IsPublic }) {
            $value = New-SampleValue $property.PropertyType $property.Name
            if ($null -ne $value) { $property.SetValue($object, $value) }
        }
        return $object
    }
}

Describe 'Default views at 100 columns' {
    It '<TypeName> fits, with every header whole on one line' -ForEach $views {
        $type = $engine.GetType($TypeName)
        $type | Should -Not -BeNullOrEmpty -Because "a view is of a type the engine defines ($TypeName)"
        $lines = @((New-SampleObject $TypeName), (New-SampleObject $TypeName) | Format-Table | Out-String -Width 100) -split "`r?`n" | Where-Object { $_.Trim() }
        $lines | Where-Object Length -GT 100 | Should -BeNullOrEmpty -Because 'every line fits in 100 columns'
        foreach ($label in $Labels) {
            $lines[0] | Should -Match ([regex]::Escape($label)) -Because "the header '$label' is shown whole on the header line"
        }
    }

    It 'Format-List of a deployment record names no compiler-generated or generic type' {
        foreach ($outcome in 'Succeeded', 'RolledBack') {
            $text = New-SampleDeploymentRecord -Outcome $outcome | Format-List | Out-String -Width 100
            $text | Should -Not -Match '<>|`1\[|System\.Collections|JobFinder\.Ops\.Model\.'
            $text | Should -Not -Match '\w+ \{ \w+ = ' -Because 'a nested record reads as a short summary, not a dump of its members'
        }
    }
}
