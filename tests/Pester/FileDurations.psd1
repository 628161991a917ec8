# Seconds each Pester file took in a full run of the Test task, so build.ps1 can deal the files into lanes
# of about equal time (tools/TestLanes.psm1 Split-TestFile). Only the balance matters, not the exact figures.
# After a full run, out/test-results/pester-durations.psd1 holds the new figures: copy it here when a file is
# added or has grown. A file not listed counts as 10 s.
@{
    'Backup-JobFinderProduction.Tests.ps1' = 21.1
    'BadInput.Tests.ps1' = 9.7
    'Connect-JobFinderProject.Tests.ps1' = 0.3
    'Conventions.Tests.ps1' = 1.6
    'EmulatorLifetime.Tests.ps1' = 15.9
    'Export-JobFinderAlertPolicy.Tests.ps1' = 5.6
    'Export-JobFinderDeploymentReport.Tests.ps1' = 0.7
    'Faults.Tests.ps1' = 31.7
    'Get-JobFinderAlertPolicy.Tests.ps1' = 4.9
    'Get-JobFinderBackup.Tests.ps1' = 16.2
    'Get-JobFinderContext.Tests.ps1' = 1.7
    'Get-JobFinderDeployment.Tests.ps1' = 17.4
    'Get-JobFinderProject.Tests.ps1' = 65.1
    'HelpExamples.Tests.ps1' = 447.2
    'Interrupt.Tests.ps1' = 9.8
    'Invoke-JobFinderDeployment.Tests.ps1' = 594.5
    'KilledDeployment.Tests.ps1' = 79.8
    'Module.Tests.ps1' = 10.4
    'New-JobFinderSmokeCheck.Tests.ps1' = 0.1
    'Package.Tests.ps1' = 2.0
    'Readme.Pipeline.Tests.ps1' = 90.7
    'Register-JobFinderSmokeSchedule.Tests.ps1' = 12.8
    'Remove-JobFinderPortfolioFunction.Tests.ps1' = 9.3
    'Remove-JobFinderRevision.Tests.ps1' = 3.8
    'Restore-JobFinderBackup.Tests.ps1' = 7.3
    'Rollback.Runbook.Tests.ps1' = 77.9
    'RuntimeSecrets.Tests.ps1' = 17.0
    'Security.Tests.ps1' = 41.5
    'Send-JobFinderNotification.Tests.ps1' = 3.4
    'Set-JobFinderAlertPolicy.Tests.ps1' = 11.2
    'Start-JobFinderEmulator.Tests.ps1' = 49.2
    'Test-JobFinderBackup.Tests.ps1' = 18.3
    'Test-JobFinderFrontendConfig.Tests.ps1' = 2.9
    'Test-JobFinderRollback.Tests.ps1' = 3.1
    'Test-JobFinderSmoke.Tests.ps1' = 35.9
    'Undo-JobFinderDeployment.Tests.ps1' = 24.4
    'Update-JobFinderFrontendConfig.Tests.ps1' = 0.9
    'Views.Tests.ps1' = 4.4
    'Watch-JobFinderDeployment.Tests.ps1' = 6.9
}
