#
# Module manifest for JobFinder.Ops. ModuleVersion below is the ONE source of the version:
# build.ps1 reads it, passes it to dotnet as -p:Version, and copies this file into the layout.
#
@{
    RootModule           = 'JobFinder.Ops.Cmdlets.dll'
    NestedModules        = @('JobFinder.Ops.psm1')
    ModuleVersion        = '0.1.0'
    GUID                 = '5b0c7c0e-4f0a-4a53-9f5e-3f1d2d8c6a11'
    Author               = 'JobFinder.Ops contributors'
    CompanyName          = 'JobFinder'
    Copyright            = '(c) JobFinder.Ops contributors. MIT License.'
    Description          = 'Zero-downtime production deployments for a Firebase backend (Cloud Functions gen2, Firestore, Cloud Storage): verified backups, canary traffic steps with automated analysis and rollback, smoke checks, alert policies as code, and a journal for undo and resume.'
    PowerShellVersion    = '7.6'
    CompatiblePSEditions = @('Core')
    FormatsToProcess     = @('JobFinder.Ops.Format.ps1xml')
    CmdletsToExport      = @(
        'Backup-JobFinderProduction'
        'Connect-JobFinderProject'
        'Export-JobFinderAlertPolicy'
        'Export-JobFinderDeploymentReport'
        'Get-JobFinderAlertPolicy'
        'Get-JobFinderBackup'
        'Get-JobFinderContext'
        'Get-JobFinderDeployment'
        'Get-JobFinderProject'
        'Invoke-JobFinderDeployment'
        'New-JobFinderSmokeCheck'
        'Register-JobFinderSmokeSchedule'
        'Remove-JobFinderPortfolioFunction'
        'Remove-JobFinderRevision'
        'Restore-JobFinderBackup'
        'Send-JobFinderNotification'
        'Set-JobFinderAlertPolicy'
        'Start-JobFinderEmulator'
        'Stop-JobFinderEmulator'
        'Test-JobFinderBackup'
        'Test-JobFinderFrontendConfig'
        'Test-JobFinderRollback'
        'Test-JobFinderSmoke'
        'Undo-JobFinderDeployment'
        'Update-JobFinderFrontendConfig'
        'Watch-JobFinderDeployment'
    )
    FunctionsToExport    = @()
    AliasesToExport      = @()
    VariablesToExport    = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('Firebase', 'CloudFunctions', 'CloudRun', 'Firestore', 'Deployment', 'Canary', 'Rollback', 'GoogleCloud', 'PSEdition_Core', 'Linux', 'Windows', 'MacOS')
            LicenseUri   = 'https://opensource.org/licenses/MIT'
            ProjectUri   = 'https://github.com/jobfinder/JobFinder.Ops'
            ReleaseNotes = 'See docs/DEPLOYMENT.md and docs/ROLLBACK.md.'
        }
    }
}
