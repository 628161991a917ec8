# Seconds each Pester file took in a full run of the Test task, so build.ps1 can deal the files into lanes
# of about equal time (tools/TestLanes.psm1 Split-TestFile). Only the balance matters, not the exact figures.
# After a full run, out/test-results/pester-durations.psd1 holds the new figures: copy it here when a file is
# added or has grown. A file not listed counts as 10 s.
@{
    'Backup-JobFinderProduction.Tests.ps1' = 8.5
    'BadInput.Tests.ps1' = 8.3
    'Connect-JobFinderProject.Tests.ps1' = 0.4
    'Conventions.Tests.ps1' = 0.9
    'EmulatorLifetime.Tests.ps1' = 11.6
    'Export-JobFinderAlertPolicy.Tests.ps1' = 5.5
    'Export-JobFinderDeploymentReport.Tests.ps1' = 0.2
    'Faults.Tests.ps1' = 29.8
    'Get-JobFinderAlertPolicy.Tests.ps1' = 4.9
    'Get-JobFinderBackup.Tests.ps1' = 7.1
    'Get-JobFinderContext.Tests.ps1' = 1.6
    'Get-JobFinderDeployment.Tests.ps1' = 10.6
    'Get-JobFinderProject.Tests.ps1' = 30.1
    'HelpExamples.Tests.ps1' = 273.2
    'Interrupt.Tests.ps1' = 10.1
    'Invoke-JobFinderDeployment.Tests.ps1' = 371.6
    'KilledDeployment.Tests.ps1' = 84.1
    'Module.Tests.ps1' = 5.1
    'New-JobFinderSmokeCheck.Tests.ps1' = 0.1
    'Package.Tests.ps1' = 1.8
    'Readme.Pipeline.Tests.ps1' = 161.9
    'Register-JobFinderSmokeSchedule.Tests.ps1' = 10.9
    'Remove-JobFinderPortfolioFunction.Tests.ps1' = 8.8
    'Remove-JobFinderRevision.Tests.ps1' = 3.8
    'Restore-JobFinderBackup.Tests.ps1' = 7.5
    'Rollback.Runbook.Tests.ps1' = 79.5
    'RuntimeSecrets.Tests.ps1' = 8.2
    'Security.Tests.ps1' = 30.8
    'Send-JobFinderNotification.Tests.ps1' = 3.2
    'Set-JobFinderAlertPolicy.Tests.ps1' = 12
    'Start-JobFinderEmulator.Tests.ps1' = 37.9
    'Test-JobFinderBackup.Tests.ps1' = 13.3
    'Test-JobFinderFrontendConfig.Tests.ps1' = 4.8
    'Test-JobFinderRollback.Tests.ps1' = 2.5
    'Test-JobFinderSmoke.Tests.ps1' = 27.4
    'Undo-JobFinderDeployment.Tests.ps1' = 23.3
    'Update-JobFinderFrontendConfig.Tests.ps1' = 1
    'Views.Tests.ps1' = 1.3
    'Watch-JobFinderDeployment.Tests.ps1' = 6.6
}
