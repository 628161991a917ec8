# JobFinder.Ops script part. The cmdlets are compiled (JobFinder.Ops.Cmdlets.dll, the root module);
# this file only holds session-level wiring that is natural in PowerShell.

# When the module is removed, stop an emulator this session started, so no process is left behind.
$ExecutionContext.SessionState.Module.OnRemove = {
    $stop = Get-Command -Name Stop-JobFinderEmulator -Module JobFinder.Ops -ErrorAction Ignore
    if ($stop) {
        Stop-JobFinderEmulator -ErrorAction Ignore
    }
}
