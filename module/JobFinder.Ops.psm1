# JobFinder.Ops script part (a nested module, the shape of PSResourceGet and PSReadLine). The
# cmdlets are compiled (JobFinder.Ops.Cmdlets.dll, the root module), and so is the module's wiring:
# the engine's AssemblyLoadContext is registered by ModuleAssemblyInitializer (OnImport) and the
# session's emulators are stopped by ModuleAssemblyCleanup (OnRemove). Keep this file small: every
# line here runs in every Import-Module (the Add-Type and OnRemove script that lived here cost
# 0.1 s of each import; docs/RELIABILITY.md has the figures).
