#Requires -Version 7.6
<#
.SYNOPSIS
    Searches files, folders and text for secret values and reports where each one leaked.

.DESCRIPTION
    Used by the security test (tests/Pester/Reliability/Security.Tests.ps1) and reusable against any
    run's artifacts: journals, backup folders, reports, captured streams, JUnit XML, webhook payloads.

    Each secret is searched in the forms it takes when it leaks through a serializer or a URL: as is,
    JSON-escaped (System.Text.Json escapes '+', '/', '<', '>', '&' and non-ASCII as \uXXXX), URL-encoded
    and HTML-encoded. A service-account key file given with -KeyFile contributes every line of its private
    key's base64 body (a partial dump of the key leaks too) and its private_key_id.

    A finding names the secret's label, the file (or the -Text label) and the line, never the secret: the
    output of this script may itself end up in a CI log. Exit code 1 (with -PassThru omitted and
    -FailOnFinding) when anything was found.

.PARAMETER Path
    Files or folders to search (folders recursively, every file read as UTF-8 text; binary bytes are
    harmless in the comparison).

.PARAMETER Text
    In-memory text to search, as a hashtable label => text (for example captured streams).

.PARAMETER Secret
    The secrets as a hashtable label => value. Values shorter than 8 characters are refused: they
    would match by accident and prove nothing.

.PARAMETER KeyFile
    Service-account key files whose private key lines and key id are secrets too.

.PARAMETER Exclude
    Wildcard patterns of full paths not to search: the files that are meant to hold a secret (a key
    file, the backup's function config artifacts that keep environment values for a restore).

.EXAMPLE
    ./tools/Find-Secret.ps1 -Path ./.jobfinder, ./backups, ./report.html -Secret @{ webhook = $env:JOBFINDER_ALERT_WEBHOOK } -KeyFile ./keys/deployer.json -FailOnFinding
#>
[CmdletBinding()]
param(
    [string[]] $Path = @(),
    [hashtable] $Text = @{},
    [hashtable] $Secret = @{},
    [string[]] $KeyFile = @(),
    [string[]] $Exclude = @(),
    [switch] $FailOnFinding
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

function Get-SecretForm([string] $Value) {
    # The spellings a value takes in JSON, URLs and HTML. Distinct ones only.
    $json = [System.Text.Encodings.Web.JavaScriptEncoder]::Default.Encode($Value)
    $forms = [System.Collections.Generic.List[string]]::new()
    foreach ($form in @($Value, $json, [Uri]::EscapeDataString($Value), [System.Net.WebUtility]::UrlEncode($Value), [System.Net.WebUtility]::HtmlEncode($Value), ($Value -replace '/', '\/'))) {
        if ($form -and -not $forms.Contains($form)) { $forms.Add($form) }
    }
    return $forms
}

$needles = [ordered]@{}
foreach ($label in $Secret.Keys) {
    $value = [string] $Secret[$label]
    if ($value.Length -lt 8) { throw "Secret '$label' is shorter than 8 characters: searching for it would prove nothing." }
    $needles[[string] $label] = Get-SecretForm $value
}
foreach ($file in $KeyFile) {
    $key = Get-Content -Raw -LiteralPath $file | ConvertFrom-Json
    $name = Split-Path -Leaf $file
    $needles["$name private_key_id"] = Get-SecretForm $key.private_key_id
    $index = 0
    foreach ($line in ($key.private_key -split "`n")) {
        $line = $line.Trim()
        if ($line.Length -ge 16 -and $line -notmatch '^-----') {
            $index++
            $needles["$name private key line $index"] = Get-SecretForm $line
        }
    }
}
if ($needles.Count -eq 0) { throw 'No secrets to search for: pass -Secret and/or -KeyFile.' }

function Find-InText([string] $Where, [string] $Content) {
    if (-not $Content) { return }
    foreach ($label in $needles.Keys) {
        foreach ($form in $needles[$label]) {
            $at = $Content.IndexOf($form, [StringComparison]::Ordinal)
            if ($at -ge 0) {
                $line = 1 + ($Content.Substring(0, $at).Split("`n").Count - 1)
                [pscustomobject]@{ Secret = $label; Where = $Where; Line = $line }
                break
            }
        }
    }
}

$searched = 0
$findings = @(
    foreach ($root in $Path) {
        if (-not (Test-Path -LiteralPath $root)) { throw "Path '$root' does not exist." }
        $files = if (Test-Path -LiteralPath $root -PathType Container) { Get-ChildItem -LiteralPath $root -Recurse -File -Force } else { Get-Item -LiteralPath $root -Force }
        foreach ($file in $files) {
            if (@($Exclude | Where-Object { $file.FullName -like $_ }).Count -gt 0) { continue }
            $searched++
            Find-InText $file.FullName ([IO.File]::ReadAllText($file.FullName))
        }
    }
    foreach ($label in $Text.Keys) {
        $searched++
        Find-InText "<$label>" ([string] $Text[$label])
    }
)

Write-Verbose "Searched $searched file(s)/text(s) for $($needles.Count) secret(s); $($findings.Count) finding(s)."
$findings
if ($FailOnFinding -and $findings.Count -gt 0) { exit 1 }
