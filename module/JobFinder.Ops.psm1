# JobFinder.Ops script part. The cmdlets are compiled (JobFinder.Ops.Cmdlets.dll, the root module);
# this file only holds session-level wiring that is natural in PowerShell.

# Nested modules load before the root module. Register the engine's AssemblyLoadContext resolver
# now, before PowerShell enumerates the cmdlet types (which can already need the engine assembly).
# Add-Type -Path loads the same file PowerShell then imports as the root module: one assembly.
Add-Type -Path (Join-Path $PSScriptRoot 'JobFinder.Ops.Cmdlets.dll')
[JobFinder.Ops.Cmdlets.Loading.ModuleAssemblyInitializer]::RegisterEngineResolver()

# When the module is removed, stop every emulator this session started, so no process is left behind.
$ExecutionContext.SessionState.Module.OnRemove = {
    $stop = Get-Command -Name Stop-JobFinderEmulator -Module JobFinder.Ops -ErrorAction Ignore
    if ($stop) {
        Stop-JobFinderEmulator -All -ErrorAction Ignore
    }
}
