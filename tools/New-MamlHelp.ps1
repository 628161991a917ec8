#Requires -Version 7.6
<#
.SYNOPSIS
    Generates the module's MAML help from the cmdlet classes' XML documentation comments.

.DESCRIPTION
    PlatyPS is not available here, and a second copy of every description in markdown would drift
    from the code. So the C# doc comments are the one source of truth:
      class <summary>           -> synopsis
      class <remarks>           -> description (each <para> one paragraph)
      class <example>           -> one example each: <code> is the command, the rest is the remarks
      property <summary>        -> the parameter's description
    Syntax, parameter sets, types, pipeline input, aliases, positions and output types are read from
    the imported module itself (Get-Command), so they cannot disagree with the cmdlets.
    Run in a fresh pwsh (build.ps1 does): importing the module loads its dll into the process.

.EXAMPLE
    pwsh -File tools/New-MamlHelp.ps1 -ModulePath out/JobFinder.Ops/0.1.0 -XmlDocPath out/publish/cmdlets/JobFinder.Ops.Cmdlets.xml -OutputPath out/JobFinder.Ops/0.1.0/en-US/JobFinder.Ops.Cmdlets.dll-Help.xml
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $XmlDocPath,
    [Parameter(Mandatory)] [string] $OutputPath
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

$ModulePath = (Resolve-Path $ModulePath).Path
$module = Import-Module (Join-Path $ModulePath 'JobFinder.Ops.psd1') -PassThru -Force
[xml] $docs = Get-Content -Raw $XmlDocPath
$members = @{}
foreach ($member in $docs.doc.members.member) { $members[$member.name] = $member }

$commonParameters = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters

function Get-DocText {
    # Flattens a doc-comment node to plain text: <see cref="T:X.Y"/> becomes Y, <c>x</c> becomes x,
    # whitespace is folded (doc comments are indented in source).
    param($Node)
    if ($null -eq $Node) { return '' }
    $clone = $Node.CloneNode($true)
    foreach ($see in @($clone.SelectNodes('.//see'))) {
        $cref = $see.GetAttribute('cref')
        $text = if ($see.InnerText) { $see.InnerText } elseif ($cref) { ($cref -split '[.:]')[-1] } else { $see.GetAttribute('langword') }
        $see.ParentNode.ReplaceChild($clone.OwnerDocument.CreateTextNode($text), $see) | Out-Null
    }
    return (($clone.InnerText -replace '\s+', ' ').Trim())
}

function Get-Paragraphs {
    param($Node)
    if ($null -eq $Node) { return @() }
    $paras = @($Node.SelectNodes('para'))
    if ($paras.Count -gt 0) { return @($paras | ForEach-Object { Get-DocText $_ } | Where-Object { $_ }) }
    $text = Get-DocText $Node
    if ($text) { return @($text) }
    return @()
}

function Get-CodeText {
    # Keeps the example's own line breaks but removes the common indentation.
    param([string] $Code)
    $lines = $Code -split "`r?`n"
    while ($lines.Count -gt 0 -and -not $lines[0].Trim()) { $lines = $lines | Select-Object -Skip 1 }
    while ($lines.Count -gt 0 -and -not $lines[-1].Trim()) { $lines = $lines | Select-Object -SkipLast 1 }
    $indent = ($lines | Where-Object { $_.Trim() } | ForEach-Object { $_.Length - $_.TrimStart().Length } | Measure-Object -Minimum).Minimum
    return (($lines | ForEach-Object { if ($_.Length -ge $indent) { $_.Substring($indent) } else { $_.Trim() } }) -join "`n")
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
    $property = $Command.ImplementingType.GetProperty($Name)
    if ($null -eq $property) { return @() }
    $member = $members["P:$($property.DeclaringType.FullName).$($property.Name)"]
    if ($null -eq $member) { return @() }
    return @(Get-Paragraphs $member.SelectSingleNode('summary'))
}

function Write-Parameter {
    param($Command, $Parameter, $SetMetadata)
    $required = if ($SetMetadata) { $SetMetadata.IsMandatory } else { @($Parameter.ParameterSets.Values | Where-Object IsMandatory).Count -gt 0 }
    $position = if ($SetMetadata -and $SetMetadata.Position -ge 0) { [string]($SetMetadata.Position + 1) } else { 'named' }
    $pipeline = @()
    $sets = if ($SetMetadata) { @($SetMetadata) } else { @($Parameter.ParameterSets.Values) }
    if ($sets | Where-Object ValueFromPipeline) { $pipeline += 'ByValue' }
    if ($sets | Where-Object ValueFromPipelineByPropertyName) { $pipeline += 'ByPropertyName' }
    $pipelineText = if ($pipeline) { "True ($($pipeline -join ', '))" } else { 'False' }
    $isSwitch = $Parameter.ParameterType -eq [switch]

    $writer.WriteStartElement('command', 'parameter', $ns.command)
    $writer.WriteAttributeString('required', $required.ToString().ToLowerInvariant())
    $writer.WriteAttributeString('variableLength', 'true')
    $writer.WriteAttributeString('globbing', 'false')
    $writer.WriteAttributeString('pipelineInput', $pipelineText)
    $writer.WriteAttributeString('position', $position)
    $writer.WriteAttributeString('aliases', $(if ($Parameter.Aliases.Count) { $Parameter.Aliases -join ', ' } else { 'none' }))
    $writer.WriteElementString('maml', 'name', $ns.maml, $Parameter.Name)
    Write-Description (Get-ParameterDoc $Command $Parameter.Name)
    $writer.WriteStartElement('command', 'parameterValue', $ns.command)
    $writer.WriteAttributeString('required', (-not $isSwitch).ToString().ToLowerInvariant())
    $writer.WriteAttributeString('variableLength', 'false')
    $writer.WriteString($Parameter.ParameterType.Name)
    $writer.WriteEndElement()
    $writer.WriteStartElement('dev', 'type', $ns.dev)
    $writer.WriteElementString('maml', 'name', $ns.maml, $Parameter.ParameterType.FullName)
    $writer.WriteEndElement()
    $writer.WriteEndElement()
}

$writer.WriteStartDocument()
$writer.WriteStartElement('helpItems', 'http://msh')
$writer.WriteAttributeString('schema', 'maml')

$commands = @(Get-Command -Module $module.Name -CommandType Cmdlet | Sort-Object Name)
foreach ($command in $commands) {
    $type = $command.ImplementingType
    $doc = $members["T:$($type.FullName)"]
    if ($null -eq $doc) { Write-Warning "$($command.Name): no XML documentation for $($type.FullName)." }
    $synopsis = if ($doc) { Get-DocText $doc.SelectSingleNode('summary') } else { '' }
    $description = if ($doc) { @(Get-Paragraphs $doc.SelectSingleNode('remarks')) } else { @() }

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
    foreach ($example in @($doc.SelectNodes('example'))) {
        $index++
        $code = $example.SelectSingleNode('code')
        $writer.WriteStartElement('command', 'example', $ns.command)
        $writer.WriteElementString('maml', 'title', $ns.maml, "-------------------------- Example $index --------------------------")
        $writer.WriteElementString('dev', 'code', $ns.dev, $(if ($code) { Get-CodeText $code.InnerText } else { '' }))
        if ($code) { $example.RemoveChild($code) | Out-Null }
        $writer.WriteStartElement('dev', 'remarks', $ns.dev)
        foreach ($p in Get-Paragraphs $example) { Write-Para $p }
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
