# Help examples (docs/help/<cmdlet>.md, "### Example N") that HelpExamples.Tests.ps1 cannot run here, each
# with the reason. Keyed by "<cmdlet> Example N"; a key that names no example fails the test, so this list
# shrinks with the docs.
@{
    'Connect-JobFinderProject Example 1'         = 'reads the reader''s deployer key from ~/keys and points the session at Google (Connect-JobFinderProject.Tests.ps1 covers -KeyFile against the emulator)'
    'Connect-JobFinderProject Example 2'         = 'needs gcloud and a Google user signed in'
    'Invoke-JobFinderDeployment Example 3'       = 'bakes two minutes at each of three steps, as written'
    'Invoke-JobFinderDeployment Example 5'       = 'resumes a deployment whose process was killed (Invoke-JobFinderDeployment.Tests.ps1 kills one and resumes it)'
    'Register-JobFinderSmokeSchedule Example 2'  = 'writes the user''s crontab and a key in /etc'
    'Restore-JobFinderBackup Example 2'          = 'reads a backup''s local folder (copied down with gsutil), named by a placeholder id'
    'Start-JobFinderEmulator Example 1'          = 'starts a second emulator process (the test shares one; Start-JobFinderEmulator.Tests.ps1 starts its own)'
    'Start-JobFinderEmulator Example 2'          = 'starts a second emulator on the fixed port 8085 with Realistic (minutes-long) timings'
    'Start-JobFinderEmulator Example 3'          = 'starts a second emulator process (the test shares one; Start-JobFinderEmulator.Tests.ps1 starts its own)'
    'Stop-JobFinderEmulator Example 1'           = 'starts a second emulator process (the test shares one)'
    'Stop-JobFinderEmulator Example 2'           = 'stops the emulator this session started last: the shared one the other examples need'
    'Test-JobFinderBackup Example 2'             = 'reads a backup''s local folder (copied down with gsutil), named by a placeholder id'
    'Test-JobFinderFrontendConfig Example 1'     = 'reads the frontend repository (../job-finder-fe), which is not part of this one'
    'Test-JobFinderFrontendConfig Example 2'     = 'reads the frontend''s .env.production, which is not part of this repository'
    'Update-JobFinderFrontendConfig Example 1'   = 'writes the frontend''s .env.production (../job-finder-fe), which is not part of this repository; Update-JobFinderFrontendConfig.Tests.ps1 runs it on a file of its own'
    'Update-JobFinderFrontendConfig Example 2'   = 'writes the frontend''s .env.production (../job-finder-fe), which is not part of this repository; Update-JobFinderFrontendConfig.Tests.ps1 runs it on a file of its own'
    'Test-JobFinderRollback Example 3'           = 'starts a second emulator from a backup'
    'Test-JobFinderSmoke Example 2'              = 'the canary tag exists only while a canary bakes'
    'Undo-JobFinderDeployment Example 3'         = 'tells the team''s Slack channel (SLACK_WEBHOOK)'
    'Watch-JobFinderDeployment Example 1'        = 'watches for two hours of wall-clock time'
    'Watch-JobFinderDeployment Example 2'        = 'watches for half an hour of wall-clock time'
}
