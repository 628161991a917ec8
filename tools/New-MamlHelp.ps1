#Requires -Version 7.6
<#
.SYNOPSIS
    Generates the module's MAML help from the help documents in docs/help/<Cmdlet>.md.

.DESCRIPTION
    The help is written as documents, in the shape platyPS uses (tools/HelpMarkdown.psm1 reads them;
    PlatyPS itself is not available here): ## SYNOPSIS, ## DESCRIPTION, ## EXAMPLES (### Example N
    with a powershell code block, then its remarks), ## PARAMETERS (### -Name, then its description).
    The cmdlet classes keep a one-line summary each. Syntax, parameter sets, types, pipeline input,
    aliases, positions and output types are read from the imported module itself (Get-Command), so
    they cannot disagree with the cmdlets. A cmdlet without a document, a document without a cmdlet,
    or a documented parameter the cmdlet does not have stops the build.
    Run in a fresh pwsh (build.ps1 does): importing the module loads its dll into the process.

.EXAMPLE
    pwsh -File tools/New-MamlHelp.ps1 -ModulePath out/JobFinder.Ops/0.1.0 -HelpPath docs/help -OutputPath out/JobFinder.Ops/0.1.0/en-US/JobFinder.Ops.Cmdlets.dll-Help.xml
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $HelpPath,
    [Parameter(Mandatory)] [string] $OutputPath
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

$ModulePath = (Resolve-Path $ModulePath).Path
Import-Module (Join-Path $PSScriptRoot 'HelpMarkdown.psm1') -Force
$module = Import-Module (Join-Path $ModulePath 'JobFinder.Ops.psd1') -PassThru -Force
$documents = @{}
foreach ($file in Get-ChildItem -LiteralPath $HelpPath -Filter '*.md') {
    $document = Read-HelpMarkdown -Path $file.FullName
    if ($document.Name -ne $file.BaseName) { throw "$($file.FullName): its heading names '$($document.Name)'; the file must be named after the cmdlet it documents." }
    $documents[$document.Name] = $document
}

$commonParameters = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
$cmdletNames = @(Get-Command -Module $module.Name -CommandType Cmdlet).Name
foreach ($name in $documents.Keys | Where-Object { $_ -notin $cmdletNames }) {
    throw "$HelpPath/$name.md documents a cmdlet the module does not export."
}

$ns = @{
    maml = 'http://schemas.microsoft.com/maml/2004/10'
    command = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
    dev = 'http://schemas.microsoft.com/maml/dev/2004/10'
}
$settings = [System.Xml.XmlWriterSettings]::new()
$settings.Indent = $true
$settings.Encoding = [System.Text.UTF8Encoding]::new($false)
New-Item -ItemType Directory -Force -Path (Split-Path $OutputPath) | Out-Null
$writer = [System.Xml.XmlWriter]::Create($OutputPath, $settings)

function Write-Para([string] $Text) {
    $writer.WriteStartElement('maml', 'para', $ns.maml); $writer.WriteString($Text); $writer.WriteEndElement()
}
function Write-Description([string[]] $Paragraphs) {
    $writer.WriteStartElement('maml', 'description', $ns.maml)
    if ($Paragraphs.Count -eq 0) { Write-Para '' } else { foreach ($p in $Paragraphs) { Write-Para $p } }
    $writer.WriteEndElement()
}

function Get-ParameterDoc {
    param($Command, [string] $Name)
    $paragraphs = $documents[$Command.Name].Parameters[$Name]
    if ($null -eq $paragraphs) { return @() }
    return @($paragraphs)
}

function Get-DefaultValueText {
    # The value a new cmdlet object holds before binding: what the parameter is when not given
    # ("None" for nothing and for a 0 that means "use the setting", as Get-Help writes it; a switch is False).
    param($Command, $Parameter)
    if (-not $defaults.ContainsKey($Command.Name)) {
        $defaults[$Command.Name] = try { [Activator]::CreateInstance($Command.ImplementingType) } catch { $null }
    }
    $instance = $defaults[$Command.Name]
    $property = if ($instance) { $Command.ImplementingType.GetProperty($Parameter.Name) }
    $value = if ($property) { $property.GetValue($instance) }
    if ($value -is [switch]) { return $value.IsPresent.ToString() }
    if ($null -eq $value -or ($value -is [int] -and $value -eq 0) -or ($value -is [string] -and $value -eq '')) { return 'None' }
    if ($value -is [array]) { return ($value -join ', ') }
    return [string] $value
}
$defaults = @{}

function Write-Parameter {
    param($Command, $Parameter, $SetMetadata)
    $required = if ($SetMetadata) { $SetMetadata.IsMandatory } else { @($Parameter.ParameterSets.Values | Where-Object IsMandatory).Count -gt 0 }
    # The parameters section has no set: a parameter positional in any set shows that position.
    $positions = if ($SetMetadata) { @($SetMetadata.Position) } else { @($Parameter.ParameterSets.Values.Position) }
    $position = $positions | Where-Object { $_ -ge 0 } | Sort-Object | Select-Object -First 1
    $position = if ($null -ne $position) { [string]($position + 1) } else { 'named' }
    $pipeline = @()
    $sets = if ($SetMetadata) { @($SetMetadata) } else { @($Parameter.ParameterSets.Values) }
    if ($sets | Where-Object ValueFromPipeline) { $pipeline += 'ByValue' }
    if ($sets | Where-Object ValueFromPipelineByPropertyName) { $pipeline += 'ByPropertyName' }
    $pipelineText = if ($pipeline) { "True ($($pipeline -join ', '))" } else { 'False' }
    $isSwitch = $Parameter.ParameterType -eq [switch]
    # Get-Help prints the value's name as given: TimeSpan, not Nullable`1.
    $valueType = [Nullable]::GetUnderlyingType($Parameter.ParameterType) ?? $Parameter.ParameterType

    $writer.WriteStartElement('command', 'parameter', $ns.command)
    $writer.WriteAttributeString('required', $required.ToString().ToLowerInvariant())
    $writer.WriteAttributeString('variableLength', 'true')
    $writer.WriteAttributeString('globbing', 'false')
    $writer.WriteAttributeString('pipelineInput', $pipelineText)
    $writer.WriteAttributeString('position', $position)
    $writer.WriteAttributeString('aliases', $(if ($Parameter.Aliases.Count) { $Parameter.Aliases -join ', ' } else { 'none' }))
    $writer.WriteElementString('maml', 'name', $ns.maml, $Parameter.Name)
    Write-Description (Get-ParameterDoc $Command $Parameter.Name)
    if (-not $isSwitch) {
        # A switch has no value: without this element Get-Help's syntax shows [-SkipBackup], as platyPS writes it.
        $writer.WriteStartElement('command', 'parameterValue', $ns.command)
        $writer.WriteAttributeString('required', 'true')
        $writer.WriteAttributeString('variableLength', 'false')
        $writer.WriteString($valueType.Name)
        $writer.WriteEndElement()
    }
    $writer.WriteStartElement('dev', 'type', $ns.dev)
    $writer.WriteElementString('maml', 'name', $ns.maml, $valueType.FullName)
    $writer.WriteEndElement()
    $writer.WriteElementString('dev', 'defaultValue', $ns.dev, (Get-DefaultValueText $Command $Parameter))
    $writer.WriteEndElement()
}

$writer.WriteStartDocument()
$writer.WriteStartElement('helpItems', 'http://msh')
$writer.WriteAttributeString('schema', 'maml')

$commands = @(Get-Command -Module $module.Name -CommandType Cmdlet | Sort-Object Name)
foreach ($command in $commands) {
    $doc = $documents[$command.Name]
    if ($null -eq $doc) { throw "$($command.Name) has no help document: write $HelpPath/$($command.Name).md (copy another cmdlet's as a start)." }
    $stale = @($doc.Parameters.Keys | Where-Object { -not $command.Parameters.ContainsKey($_) })
    if ($stale) { throw "$HelpPath/$($command.Name).md documents parameters the cmdlet does not have: $($stale -join ', ')." }
    $synopsis = $doc.Synopsis
    $description = @($doc.Description)

    $writer.WriteStartElement('command', 'command', $ns.command)
    $writer.WriteAttributeString('xmlns', 'maml', $null, $ns.maml)
    $writer.WriteAttributeString('xmlns', 'dev', $null, $ns.dev)

    $writer.WriteStartElement('command', 'details', $ns.command)
    $writer.WriteElementString('command', 'name', $ns.command, $command.Name)
    $writer.WriteElementString('command', 'verb', $ns.command, $command.Verb)
    $writer.WriteElementString('command', 'noun', $ns.command, $command.Noun)
    Write-Description @($synopsis)
    $writer.WriteEndElement()

    Write-Description $description

    $writer.WriteStartElement('command', 'syntax', $ns.command)
    foreach ($set in $command.ParameterSets) {
        $writer.WriteStartElement('command', 'syntaxItem', $ns.command)
        $writer.WriteElementString('maml', 'name', $ns.maml, $command.Name)
        foreach ($p in $set.Parameters | Where-Object Name -NotIn $commonParameters) {
            $parameter = $command.Parameters[$p.Name]
            $metadata = $parameter.ParameterSets[$set.Name]
            if ($null -eq $metadata) { $metadata = $parameter.ParameterSets['__AllParameterSets'] }
            Write-Parameter $command $parameter $metadata
        }
        $writer.WriteEndElement()
    }
    $writer.WriteEndElement()

    $writer.WriteStartElement('command', 'parameters', $ns.command)
    foreach ($parameter in $command.Parameters.Values | Where-Object Name -NotIn $commonParameters | Sort-Object Name) {
        Write-Parameter $command $parameter $null
    }
    $writer.WriteEndElement()

    $writer.WriteStartElement('command', 'inputTypes', $ns.command)
    $inputs = $command.Parameters.Values | Where-Object { $_.ParameterSets.Values | Where-Object { $_.ValueFromPipeline -or $_.ValueFromPipelineByPropertyName } }
    foreach ($input in $inputs | Sort-Object Name) {
        $writer.WriteStartElement('command', 'inputType', $ns.command)
        $writer.WriteStartElement('dev', 'type', $ns.dev)
        $writer.WriteElementString('maml', 'name', $ns.maml, $input.ParameterType.FullName)
        $writer.WriteEndElement()
        Write-Description @("Bound to -$($input.Name).")
        $writer.WriteEndElement()
    }
    $writer.WriteEndElement()

    $writer.WriteStartElement('command', 'returnValues', $ns.command)
    foreach ($output in $command.OutputType) {
        $writer.WriteStartElement('command', 'returnValue', $ns.command)
        $writer.WriteStartElement('dev', 'type', $ns.dev)
        $writer.WriteElementString('maml', 'name', $ns.maml, $output.Name)
        $writer.WriteEndElement()
        Write-Description @()
        $writer.WriteEndElement()
    }
    $writer.WriteEndElement()

    $writer.WriteStartElement('command', 'examples', $ns.command)
    $index = 0
    foreach ($example in $doc.Examples) {
        $index++
        $writer.WriteStartElement('command', 'example', $ns.command)
        $writer.WriteElementString('maml', 'title', $ns.maml, "-------------------------- Example $index --------------------------")
        $writer.WriteElementString('dev', 'code', $ns.dev, [string] $example.Code)
        $writer.WriteStartElement('dev', 'remarks', $ns.dev)
        foreach ($p in $example.Remarks) { Write-Para $p }
        $writer.WriteEndElement()
        $writer.WriteEndElement()
    }
    $writer.WriteEndElement()

    $writer.WriteStartElement('command', 'relatedLinks', $ns.command)
    $helpUri = $command.HelpUri
    if ($helpUri) {
        $writer.WriteStartElement('maml', 'navigationLink', $ns.maml)
        $writer.WriteElementString('maml', 'linkText', $ns.maml, 'Online Version:')
        $writer.WriteElementString('maml', 'uri', $ns.maml, $helpUri)
        $writer.WriteEndElement()
    }
    $writer.WriteStartElement('maml', 'navigationLink', $ns.maml)
    $writer.WriteElementString('maml', 'linkText', $ns.maml, 'about_JobFinder.Ops')
    $writer.WriteElementString('maml', 'uri', $ns.maml, '')
    $writer.WriteEndElement()
    $writer.WriteEndElement()

    $writer.WriteEndElement()
}

$writer.WriteEndElement()
$writer.WriteEndDocument()
$writer.Dispose()
Write-Verbose "Wrote help for $($commands.Count) cmdlets to $OutputPath"
