# Reads the cmdlet help documents in docs/help/<Cmdlet>.md. They follow the shape platyPS writes
# (YAML header; # Name; ## SYNOPSIS, ## DESCRIPTION, ## EXAMPLES with ### Example N and a powershell
# code block, ## PARAMETERS with ### -Name), so anyone who knows PowerShell help can edit them, and
# tools/New-MamlHelp.ps1 turns them into the MAML that Get-Help reads. Syntax, parameter sets, types,
# pipeline input and output types are not written here: the generator reads them from the cmdlet.

Set-StrictMode -Version 3.0

function ConvertTo-HelpParagraph {
    # Folds the lines of each blank-line-separated block into one paragraph.
    param([string[]] $Lines)
    $paragraphs = [System.Collections.Generic.List[string]]::new()
    $current = [System.Collections.Generic.List[string]]::new()
    foreach ($line in @($Lines) + '') {
        if ($line.Trim()) { $current.Add($line.Trim()); continue }
        if ($current.Count) { $paragraphs.Add(($current -join ' ')); $current.Clear() }
    }
    return , $paragraphs.ToArray()
}

function Format-HelpParagraph {
    # Wraps a paragraph at 100 columns for the reader of the markdown; Read-HelpMarkdown folds it back.
    param([string] $Text)
    $lines = [System.Collections.Generic.List[string]]::new()
    $line = ''
    foreach ($word in $Text -split ' ') {
        if ($line -and ($line.Length + 1 + $word.Length) -gt 100) { $lines.Add($line); $line = $word }
        else { $line = if ($line) { "$line $word" } else { $word } }
    }
    if ($line) { $lines.Add($line) }
    return $lines
}

function Read-HelpMarkdown {
    <#
    .SYNOPSIS
        Parses one help document into Name, Synopsis, Description (paragraphs), Examples (Code,
        Remarks) and Parameters (name -> paragraphs).
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] [string] $Path)

    $lines = @(Get-Content -LiteralPath $Path)
    $help = [ordered]@{ Name = $null; Synopsis = ''; Description = @(); Examples = @(); Parameters = @{} }
    $section = $null
    $block = [System.Collections.Generic.List[string]]::new()
    $heading = $null
    $code = $null
    $inCode = $false
    $fence = $null

    $flush = {
        $paragraphs = ConvertTo-HelpParagraph $block
        switch ($section) {
            'SYNOPSIS' { $help.Synopsis = $paragraphs -join ' ' }
            'DESCRIPTION' { $help.Description = $paragraphs }
            'EXAMPLES' { if ($null -ne $heading) { $help.Examples += [pscustomobject]@{ Title = $heading; Code = $code; Remarks = $paragraphs } } }
            'PARAMETERS' { if ($null -ne $heading) { $help.Parameters[$heading] = $paragraphs } }
        }
        $block.Clear()
    }

    $start = 0
    if ($lines.Count -and $lines[0] -eq '---') {
        $start = [array]::IndexOf($lines, '---', 1) + 1
    }
    for ($i = $start; $i -lt $lines.Count; $i++) {
        $line = $lines[$i]
        if ($inCode) {
            if ($line.Trim() -eq '```') {
                $inCode = $false
                if ($fence -eq 'powershell' -and $section -eq 'EXAMPLES') { $code = ($codeLines -join "`n") }
                continue
            }
            $codeLines.Add($line)
            continue
        }
        if ($line -match '^```(\w*)') {
            $inCode = $true; $fence = $Matches[1]; $codeLines = [System.Collections.Generic.List[string]]::new()
            continue
        }
        if ($line -match '^# (.+)$') { $help.Name = $Matches[1].Trim(); continue }
        if ($line -match '^## (.+)$') {
            & $flush
            $section = $Matches[1].Trim().ToUpperInvariant(); $heading = $null; $code = $null
            continue
        }
        if ($line -match '^### (.+)$' -and $section -in 'EXAMPLES', 'PARAMETERS') {
            & $flush
            $heading = $Matches[1].Trim() -replace '^-', ''; $code = $null
            continue
        }
        $block.Add($line)
    }
    & $flush
    if (-not $help.Name) { throw "$Path has no '# <Cmdlet name>' heading." }
    return [pscustomobject] $help
}

function Write-HelpMarkdown {
    <#
    .SYNOPSIS
        Writes a help document in the shape Read-HelpMarkdown reads (the migration from XML doc
        comments used it; a new cmdlet's document can start from it or by copying another).
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [string] $Path,
        [Parameter(Mandatory)] [string] $Name,
        [string] $HelpUri,
        [string] $Synopsis = '',
        [string[]] $Description = @(),
        [object[]] $Examples = @(),
        [System.Collections.IDictionary] $Parameters = @{}
    )
    $out = [System.Collections.Generic.List[string]]::new()
    $out.AddRange([string[]]@('---', 'external help file: JobFinder.Ops.Cmdlets.dll-Help.xml', 'Module Name: JobFinder.Ops', "online version: $HelpUri", 'schema: 2.0.0', '---', '', "# $Name", '', '## SYNOPSIS', $Synopsis, '', '## DESCRIPTION'))
    foreach ($paragraph in $Description) { $out.AddRange([string[]]@(Format-HelpParagraph $paragraph)); $out.Add('') }
    if (-not $Description) { $out.Add('') }
    $out.Add('## EXAMPLES'); $out.Add('')
    $index = 0
    foreach ($example in $Examples) {
        $index++
        $out.Add("### Example $index"); $out.Add(''); $out.Add('```powershell'); $out.Add($example.Code); $out.Add('```'); $out.Add('')
        foreach ($paragraph in $example.Remarks) { $out.AddRange([string[]]@(Format-HelpParagraph $paragraph)); $out.Add('') }
    }
    $out.Add('## PARAMETERS'); $out.Add('')
    foreach ($parameter in $Parameters.Keys | Sort-Object) {
        $out.Add("### -$parameter")
        $out.Add('')
        foreach ($paragraph in $Parameters[$parameter]) { $out.AddRange([string[]]@(Format-HelpParagraph $paragraph)); $out.Add('') }
    }
    $out.Add('## RELATED LINKS'); $out.Add('')
    $out.Add('[about_JobFinder.Ops](../../module/en-US/about_JobFinder.Ops.help.txt)')
    Set-Content -LiteralPath $Path -Value ($out -join "`n") -Encoding utf8NoBOM
}

Export-ModuleMember -Function Read-HelpMarkdown, Write-HelpMarkdown
