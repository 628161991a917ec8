#Requires -Version 7.6
<#
.SYNOPSIS
    Packs the laid-out module into a .nupkg that Install-PSResource / Install-Module can install.

.DESCRIPTION
    A PowerShell module package is a NuGet package whose root holds the module files and whose
    nuspec carries the PSModule tag plus one PSCmdlet_<name> tag per exported cmdlet (what the
    PowerShell Gallery and PSResourceGet index). Metadata comes from the module manifest, the one
    source of the version.

.EXAMPLE
    pwsh -File tools/New-ModulePackage.ps1 -ModulePath out/JobFinder.Ops/0.1.0 -OutputPath out/package
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $OutputPath
)

$ErrorActionPreference = 'Stop'
Add-Type -AssemblyName System.IO.Compression, System.IO.Compression.FileSystem
$ModulePath = (Resolve-Path $ModulePath).ProviderPath
$manifest = Import-PowerShellDataFile (Join-Path $ModulePath 'JobFinder.Ops.psd1')
$id = 'JobFinder.Ops'
$version = $manifest.ModuleVersion
$tags = @('PSModule') + $manifest.PrivateData.PSData.Tags + ($manifest.CmdletsToExport | ForEach-Object { "PSCmdlet_$_"; "PSCommand_$_" })

function Escape([string] $s) { [System.Security.SecurityElement]::Escape($s) }
$nuspec = @"
<?xml version="1.0" encoding="utf-8"?>
<package xmlns="http://schemas.microsoft.com/packaging/2011/08/nuspec.xsd">
  <metadata>
    <id>$id</id>
    <version>$version</version>
    <authors>$(Escape $manifest.Author)</authors>
    <owners>$(Escape $manifest.CompanyName)</owners>
    <requireLicenseAcceptance>false</requireLicenseAcceptance>
    <licenseUrl>$(Escape $manifest.PrivateData.PSData.LicenseUri)</licenseUrl>
    <projectUrl>$(Escape $manifest.PrivateData.PSData.ProjectUri)</projectUrl>
    <description>$(Escape $manifest.Description)</description>
    <releaseNotes>$(Escape $manifest.PrivateData.PSData.ReleaseNotes)</releaseNotes>
    <copyright>$(Escape $manifest.Copyright)</copyright>
    <tags>$(Escape ($tags -join ' '))</tags>
  </metadata>
</package>
"@

New-Item -ItemType Directory -Force -Path $OutputPath | Out-Null
$package = Join-Path (Resolve-Path $OutputPath).ProviderPath "$id.$version.nupkg"
if (Test-Path $package) { Remove-Item $package }
$zip = [System.IO.Compression.ZipFile]::Open($package, 'Create')
try {
    function Add-Text([string] $Name, [string] $Text) {
        $entry = $zip.CreateEntry($Name)
        $writer = [IO.StreamWriter]::new($entry.Open(), [Text.UTF8Encoding]::new($false))
        try { $writer.Write($Text) } finally { $writer.Dispose() }
    }
    Add-Text "$id.nuspec" $nuspec
    Add-Text '[Content_Types].xml' '<?xml version="1.0" encoding="utf-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="nuspec" ContentType="application/octet" /><Default Extension="dll" ContentType="application/octet" /><Default Extension="psd1" ContentType="application/octet" /><Default Extension="psm1" ContentType="application/octet" /><Default Extension="ps1xml" ContentType="application/octet" /><Default Extension="xml" ContentType="application/octet" /><Default Extension="txt" ContentType="application/octet" /><Default Extension="json" ContentType="application/octet" /><Default Extension="pdb" ContentType="application/octet" /><Default Extension="config" ContentType="application/octet" /><Default Extension="psmdcp" ContentType="application/vnd.openxmlformats-package.core-properties+xml" /><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml" /><Default ContentType="application/octet" /></Types>'
    Add-Text '_rels/.rels' "<?xml version=`"1.0`" encoding=`"utf-8`"?><Relationships xmlns=`"http://schemas.openxmlformats.org/package/2006/relationships`"><Relationship Type=`"http://schemas.microsoft.com/packaging/2010/07/manifest`" Target=`"/$id.nuspec`" Id=`"R0`" /></Relationships>"
    foreach ($file in Get-ChildItem $ModulePath -Recurse -File) {
        $relative = [IO.Path]::GetRelativePath($ModulePath, $file.FullName).Replace('\', '/')
        [System.IO.Compression.ZipFileExtensions]::CreateEntryFromFile($zip, $file.FullName, $relative) | Out-Null
    }
}
finally {
    $zip.Dispose()
}
Write-Host "Package: $package"
