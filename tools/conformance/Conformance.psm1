# The pieces of tools/conformance/Invoke-Conformance.ps1: run firebase-tools against the emulator, read what
# each deployment left in its project, compare them field by field.
Set-StrictMode -Version 3.0

$script:Owner = @{ Authorization = 'Bearer owner' }

# Output-only fields (readOnly / "Output only" in the discovery documents in ../shared/api): Google sets them,
# no deployer chooses them, so they differ between any two deployments and are not compared.
$script:OutputOnly = @{
    function     = @('name', 'createTime', 'updateTime', 'state', 'stateMessages*', 'url', 'serviceConfig.uri', 'serviceConfig.revision', 'serviceConfig.service',
                     'buildConfig.build', 'buildConfig.source.storageSource.object', 'buildConfig.source.storageSource.generation', 'buildConfig.sourceProvenance*', 'satisfiesPzs', 'upgradeInfo*')
    service      = @('name', 'uid', 'generation', 'etag', 'createTime', 'updateTime', 'creator', 'lastModifier', 'latestReadyRevision', 'latestCreatedRevision',
                     'terminalCondition*', 'conditions*', 'observedGeneration', 'trafficStatuses*', 'uri', 'urls*', 'reconciling', 'template.revision',
                     'annotations.run.googleapis.com/build-source-location')
    functionIam  = @('etag', 'version')
    serviceIam   = @('etag', 'version')
    schedulerJob = @('name', 'state', 'userUpdateTime', 'scheduleTime', 'lastAttemptTime', 'status*')
    queue        = @('name', 'state', 'purgeTime')
    trigger      = @('name', 'uid', 'etag', 'createTime', 'updateTime', 'conditions*')
    release      = @('name', 'createTime', 'updateTime', 'rulesetName')
    index        = @('name', 'state')
    field        = @('name', 'indexConfig.ancestorField', 'indexConfig.usesAncestorConfig', 'ttlConfig.state')
}

function Copy-ConformanceRepository {
    # A copy both tools deploy from; functions/node_modules stays a link to the build's npm install.
    param([Parameter(Mandatory)] [string] $Path, [Parameter(Mandatory)] [string] $Destination)
    New-Item -ItemType Directory -Force -Path $Destination | Out-Null
    foreach ($item in Get-ChildItem -Force -Path $Path) {
        $target = Join-Path $Destination $item.Name
        if ($item.LinkType) { New-Item -ItemType SymbolicLink -Path $target -Target $item.ResolveLinkTarget($true).FullName | Out-Null }
        elseif ($item.PSIsContainer) { Copy-ConformanceRepository -Path $item.FullName -Destination $target | Out-Null }
        else { Copy-Item -LiteralPath $item.FullName -Destination $target }
    }
    $firebaseJson = Join-Path $Destination 'firebase.json'
    if ((Test-Path $firebaseJson) -and (Get-Content $firebaseJson -Raw) -match '"nodejs20"') {
        # firebase-tools 15 refuses Node.js 20 since its decommission date (2026-10-30,
        # lib/deploy/functions/runtimes/supported/types.js), as Google does: both deploy nodejs22.
        (Get-Content $firebaseJson -Raw) -replace '"nodejs20"', '"nodejs22"' | Set-Content $firebaseJson
        Write-Host '  firebase.json: runtime nodejs20 -> nodejs22 for both (Node.js 20 was decommissioned on 2026-10-30)'
    }
    $settings = Join-Path $Destination 'jobfinder.ops.json'
    if ((Test-Path $settings) -and (Get-Content $settings -Raw) -match '"p95SlaMs":\s*\d+') {
        # The smoke SLA guards production latency, which this task does not measure: here the first requests
        # are cold starts of nine fresh functions on a shared CI machine, and a smoke failure would roll our
        # deployment back before anything could be compared. The Google resources do not depend on it.
        (Get-Content $settings -Raw) -replace '"p95SlaMs":\s*\d+', '"p95SlaMs": 60000' | Set-Content $settings
        Write-Host '  jobfinder.ops.json: smoke p95SlaMs -> 60000 (cold starts on a shared machine; not a compared field)'
    }
    return (Resolve-Path $Destination).Path
}

function New-ConformanceSecret {
    # Every defineSecret("NAME") of the source, as a Secret Manager secret with one version.
    param([Parameter(Mandatory)] [string] $Api, [Parameter(Mandatory)] [string] $Project, [Parameter(Mandatory)] [string] $Repository)
    $names = Get-ChildItem -Recurse -File -Filter *.js -Path (Join-Path $Repository 'functions') -Exclude node_modules |
        Where-Object FullName -NotMatch '[\\/]node_modules[\\/]' |
        Select-String -Pattern 'defineSecret\(\s*["'']([A-Z0-9_]+)["'']' -AllMatches |
        ForEach-Object { $_.Matches } | ForEach-Object { $_.Groups[1].Value } | Sort-Object -Unique
    foreach ($name in $names) {
        $created = Invoke-WebRequest -Method Post -Uri "$Api/secretmanager/v1/projects/$Project/secrets?secretId=$name" -Headers $script:Owner `
            -ContentType 'application/json' -Body '{"replication":{"automatic":{}}}' -SkipHttpErrorCheck
        if ($created.StatusCode -eq 404) {
            Write-Warning "Secret Manager is not served by this emulator: secret $name not created in $Project."
            continue
        }
        $payload = [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes("conformance-$name"))
        Invoke-RestMethod -Method Post -Uri "$Api/secretmanager/v1/projects/$Project/secrets/${name}:addVersion" -Headers $script:Owner `
            -ContentType 'application/json' -Body (@{ payload = @{ data = $payload } } | ConvertTo-Json) | Out-Null
    }
}

function Invoke-FirebaseDeploy {
    # Real firebase-tools, offline: its documented origin variables (lib/api.js) point every API at the
    # emulator under Google's host names; a signed-in user in its own config store (a non-expiring
    # access token) means it never refreshes a token; plain http makes it send `Bearer owner` (lib/apiv2.js).
    param(
        # The firebase-tools package folder (node_modules/firebase-tools).
        [Parameter(Mandatory)] [string] $FirebaseTools,
        [Parameter(Mandatory)] [string] $Repository,
        [Parameter(Mandatory)] [string] $Project,
        [Parameter(Mandatory)] [int] $Port,
        [Parameter(Mandatory)] [string] $WorkPath,
        [string] $Only = 'functions,firestore,storage'
    )
    $home_ = Join-Path $WorkPath 'firebase-home'
    $store = New-Item -ItemType Directory -Force -Path (Join-Path $home_ '.config/configstore')
    @{ user = @{ email = "conformance@$Project.iam.gserviceaccount.com" }; tokens = @{ access_token = 'owner'; refresh_token = 'emulator'; expires_at = 4102444800000 } } |
        ConvertTo-Json | Set-Content (Join-Path $store 'firebase-tools.json')
    $origin = { param($api) "http://$api.googleapis.com:$Port" }
    $variables = [ordered]@{
        HOME = $home_; XDG_CONFIG_HOME = (Join-Path $home_ '.config'); NODE_OPTIONS = "--require $(Join-Path $PSScriptRoot 'resolve-googleapis-to-loopback.cjs')"
        FIREBASE_FUNCTIONS_URL = & $origin cloudfunctions; FIREBASE_FUNCTIONS_V2_URL = & $origin cloudfunctions
        CLOUD_RUN_URL = & $origin run; CLOUD_RUN_API_URL = & $origin run
        FIREBASE_CLOUDSCHEDULER_URL = & $origin cloudscheduler; FIREBASE_CLOUD_TAKS_URL = & $origin cloudtasks
        FIREBASE_PUBSUB_URL = & $origin pubsub; EVENTARC_URL = & $origin eventarc
        FIREBASE_API_URL = & $origin firebase; FIREBASE_RESOURCEMANAGER_URL = & $origin cloudresourcemanager
        FIREBASE_SERVICE_USAGE_URL = & $origin serviceusage; FIREBASE_RULES_URL = & $origin firebaserules
        FIRESTORE_URL = & $origin firestore; FIREBASE_STORAGE_URL = & $origin storage; FIREBASE_FIREBASESTORAGE_URL = & $origin firebasestorage
        FIREBASE_IAM_URL = & $origin iam; CLOUD_SECRET_MANAGER_URL = & $origin secretmanager; ARTIFACT_REGISTRY_DOMAIN = & $origin artifactregistry
        FIREBASE_CLOUDBUILD_URL = & $origin cloudbuild; FIREBASE_CLOUDLOGGING_URL = & $origin logging; CLOUD_MONITORING_URL = & $origin monitoring
        FIREBASE_CLOUDBILLING_URL = & $origin cloudbilling; FIREBASE_GOOGLE_URL = & $origin www; FIREBASE_RUNTIMECONFIG_URL = & $origin runtimeconfig
        FIREBASE_EXT_URL = & $origin firebaseextensions; COMPUTE_URL = & $origin compute
    }
    $saved = @{}
    foreach ($name in $variables.Keys) { $saved[$name] = [Environment]::GetEnvironmentVariable($name); [Environment]::SetEnvironmentVariable($name, $variables[$name]) }
    $log = Join-Path $WorkPath "firebase-deploy-$Project.log"
    $clock = [Diagnostics.Stopwatch]::StartNew()
    Push-Location $Repository
    try {
        & node (Join-Path $FirebaseTools 'lib/bin/firebase.js') deploy --only $Only --project $Project --non-interactive --force --debug *> $log
        $exit = $LASTEXITCODE
    }
    finally {
        Pop-Location
        foreach ($name in $variables.Keys) { [Environment]::SetEnvironmentVariable($name, $saved[$name]) }
    }
    $package = Get-Content (Join-Path $FirebaseTools 'package.json') -Raw | ConvertFrom-Json
    $lastError = Get-Content $log | Where-Object { $_ -match '^Error: ' } | Select-Object -Last 1
    [pscustomobject]@{ ExitCode = $exit; Seconds = $clock.Elapsed.TotalSeconds; LogPath = $log; Version = $package.version; Error = $lastError }
}

function Invoke-ConformanceGet {
    # A read of the emulator: the body, or $null with the status when the API answers an error.
    param([Parameter(Mandatory)] [string] $Uri)
    $response = Invoke-WebRequest -Uri $Uri -Headers $script:Owner -SkipHttpErrorCheck
    if ($response.StatusCode -ne 200) { return [pscustomobject]@{ Status = $response.StatusCode; Body = $null } }
    [pscustomobject]@{ Status = 200; Body = ($response.Content | ConvertFrom-Json -AsHashtable -Depth 64) }
}

function Read-DeployedResources {
    # Everything a deployment made in a project, keyed 'kind/id'. A kind whose list the emulator does not serve
    # is in NotServed with the number of the project's functions that would own one (Needed): a task-queue
    # function owns a Cloud Tasks queue (label deployment-taskqueue, gcfV2 functionFromEndpoint), an event
    # function an Eventarc trigger (eventTrigger). With none on either side there is nothing to compare.
    param([Parameter(Mandatory)] [string] $Api, [Parameter(Mandatory)] [string] $Project, [string] $Location = 'us-central1')
    $resources = [ordered]@{}
    $notServed = [Collections.Generic.List[object]]::new()
    $list = {
        param($kind, $uri, $field, $idOf)
        $answer = Invoke-ConformanceGet -Uri $uri
        if ($null -eq $answer.Body) { $notServed.Add([pscustomobject]@{ Kind = $kind; Detail = "$uri answered $($answer.Status)"; Needed = $null }); return @() }
        # Ids that carry the project (a storage release names its bucket) are keyed with <project>.
        foreach ($item in @($answer.Body[$field] | Where-Object { $_ })) { $resources["$kind/$((& $idOf $item).Replace($Project, '<project>'))"] = $item; $item }
    }
    $functions = & $list function "$Api/cloudfunctions/v2/projects/$Project/locations/-/functions" functions { param($f) ($f.name -split '/')[-1] }
    & $list service "$Api/run/v2/projects/$Project/locations/$Location/services" services { param($s) ($s.name -split '/')[-1] } | Out-Null
    foreach ($function in $functions) {
        $id = ($function.name -split '/')[-1]
        foreach ($policy in @(@{ Kind = 'functionIam'; Uri = "$Api/cloudfunctions/v2/$($function.name):getIamPolicy" },
                              @{ Kind = 'serviceIam'; Uri = "$Api/run/v2/$($function.serviceConfig.service):getIamPolicy" })) {
            $answer = Invoke-ConformanceGet -Uri $policy.Uri
            if ($null -eq $answer.Body) { $notServed.Add([pscustomobject]@{ Kind = $policy.Kind; Detail = "$($policy.Uri) answered $($answer.Status)"; Needed = $null }) }
            else { $resources["$($policy.Kind)/$id"] = $answer.Body }
        }
    }
    & $list schedulerJob "$Api/cloudscheduler/v1/projects/$Project/locations/$Location/jobs" jobs { param($j) ($j.name -split '/')[-1] } | Out-Null
    & $list queue "$Api/cloudtasks/v2/projects/$Project/locations/$Location/queues" queues { param($q) ($q.name -split '/')[-1] } | Out-Null
    & $list trigger "$Api/eventarc/v1/projects/$Project/locations/$Location/triggers" triggers { param($t) ($t.name -split '/')[-1] } | Out-Null
    $releases = & $list release "$Api/firebaserules/v1/projects/$Project/releases" releases { param($r) ($r.name -split '/releases/')[-1] }
    foreach ($release in $releases) {
        # A release is compared by the source it serves (the ruleset name is the server's).
        $ruleset = (Invoke-ConformanceGet -Uri "$Api/firebaserules/v1/$($release.rulesetName)").Body
        $release['source'] = @($ruleset.source.files | ForEach-Object { $_.content })
    }
    & $list index "$Api/firestore/v1/projects/$Project/databases/(default)/collectionGroups/-/indexes" indexes {
        param($i) "$(($i.name -split '/collectionGroups/')[-1] -replace '/indexes/.*$', '')($(@($i.fields | ForEach-Object { "$($_['fieldPath']):$($_['order'])$($_['arrayConfig'])" }) -join ','))|$($i.queryScope)"
    } | Out-Null
    & $list field "$Api/firestore/v1/projects/$Project/databases/(default)/collectionGroups/-/fields?filter=indexConfig.usesAncestorConfig:false" fields {
        param($f) ($f.name -split '/collectionGroups/')[-1] -replace '/fields/', '.'
    } | Out-Null
    $owners = @{
        queue   = @($functions | Where-Object { $_['labels'] -and $_['labels']['deployment-taskqueue'] -eq 'true' }).Count
        trigger = @($functions | Where-Object { $_['eventTrigger'] }).Count
    }
    foreach ($entry in $notServed) { $entry.Needed = if ($owners.ContainsKey($entry.Kind)) { $owners[$entry.Kind] } else { $null } }
    [pscustomobject]@{ Project = $Project; Resources = $resources; NotServed = $notServed }
}

function ConvertTo-FlatFields {
    # 'a.b[0].c' -> text, with IAM members and bindings in a stable order.
    param($Value, [string] $Path = '')
    if ($Value -is [System.Collections.IDictionary]) {
        foreach ($key in $Value.Keys | Sort-Object) {
            ConvertTo-FlatFields -Value $Value[$key] -Path $(if ($Path) { "$Path.$key" } else { $key })
        }
    }
    elseif ($Value -is [System.Collections.IList]) {
        $items = @($Value)
        if ($items.Count -gt 0 -and @($items | Where-Object { $_ -is [System.Collections.IDictionary] -and $_.Contains('name') }).Count -eq $items.Count) {
            # Lists of named entries (a container's env, volumes) are keyed by name: their order means nothing.
            foreach ($item in $items) { ConvertTo-FlatFields -Value $item -Path "$Path[$($item['name'])]" }
            return
        }
        if ($Path -match '(^|\.)(bindings|members)$') { $items = @($items | Sort-Object { $_ | ConvertTo-Json -Depth 64 -Compress }) }
        for ($i = 0; $i -lt $items.Count; $i++) { ConvertTo-FlatFields -Value $items[$i] -Path "$Path[$i]" }
    }
    elseif ($null -ne $Value) {
        [pscustomobject]@{ Path = $Path; Value = [string]$Value }
    }
}

function Read-AllowedDifferences {
    # The fenced ```allowed-differences block of docs/DEPLOYMENT.md: `resource glob | field glob | owner | why`.
    param([Parameter(Mandatory)] [string] $Path)
    $inside = $false
    foreach ($line in Get-Content $Path) {
        if ($line -match '^```allowed-differences\s*$') { $inside = $true; continue }
        if ($inside -and $line -match '^```') { break }
        if (-not $inside -or $line -match '^\s*(#|$)') { continue }
        $cells = @($line -split '\|' | ForEach-Object Trim)
        if ($cells.Count -lt 4) { throw "$Path`: an allowed difference needs 'resource | field | owner | why': $line" }
        [pscustomobject]@{ Resource = $cells[0]; Field = $cells[1]; Owner = $cells[2]; Why = $cells[3] }
    }
}

function Test-Glob([string] $Text, [string] $Pattern) {
    # Only '*' is a wildcard: field paths carry literal brackets (env[NAME], containers[0]), which -like reads as sets.
    $Text -match ('^' + (([regex]::Escape($Pattern)) -replace '\\\*', '.*') + '$')
}

function Compare-DeployedResources {
    param(
        [Parameter(Mandatory)] $FirebaseTools,
        [Parameter(Mandatory)] $JobFinder,
        [AllowEmptyCollection()] [object[]] $Allowed = @(),
        [Parameter(Mandatory)] [hashtable] $Projects
    )
    $normalise = {
        param([string] $text, [string] $project)
        $text.Replace($project, '<project>') -replace '\b[1-9]\d{11}\b', '<number>' -replace '127\.0\.0\.1:\d+', '<host>'
    }
    $verdict = {
        param($resource, $field)
        $rule = $Allowed | Where-Object { (Test-Glob $resource $_.Resource) -and (Test-Glob $field $_.Field) } | Select-Object -First 1
        if ($rule) { @{ Verdict = 'Allowed'; Owner = $rule.Owner; Why = $rule.Why } } else { @{ Verdict = 'Unlisted'; Owner = ''; Why = '' } }
    }
    # A kind the emulator does not list is equal when neither deployment has a function that owns one (Needed
    # is 0 on both sides: there is nothing to compare); otherwise it cannot be compared and fails.
    $unserved = @($FirebaseTools.NotServed) + @($JobFinder.NotServed) | Where-Object { $_ }
    foreach ($kind in $unserved.Kind | Sort-Object -Unique) {
        $entries = @($unserved | Where-Object Kind -eq $kind)
        $none = @($entries | Where-Object { $_.Needed -ne 0 }).Count -eq 0
        [pscustomobject]@{
            Verdict = $(if ($none) { 'NoneOnEitherSide' } else { 'NotCompared' }); Resource = $kind; Field = ''; FirebaseTools = ''; JobFinder = ''; Owner = ''
            Why = $(if ($none) { "$kind`: neither deployment has a function that owns one ($($entries[0].Detail)); equal" }
                    else { ($entries | ForEach-Object { "$kind`: $($_.Detail), $(if ($null -eq $_.Needed) { 'unknown' } else { $_.Needed }) owning function(s)" } | Sort-Object -Unique) -join '; ' })
        }
    }
    $keys = @($FirebaseTools.Resources.Keys) + @($JobFinder.Resources.Keys) | Sort-Object -Unique
    foreach ($key in $keys) {
        $kind = ($key -split '/')[0]
        $skip = $script:OutputOnly[$kind]
        $left = $FirebaseTools.Resources[$key]
        $right = $JobFinder.Resources[$key]
        if ($null -eq $left -or $null -eq $right) {
            $v = & $verdict $key '(resource)'
            [pscustomobject]@{ Verdict = $v.Verdict; Resource = $key; Field = '(resource)'; FirebaseTools = $(if ($left) { 'exists' } else { 'missing' }); JobFinder = $(if ($right) { 'exists' } else { 'missing' }); Owner = $v.Owner; Why = $v.Why }
            continue
        }
        $flatLeft = @{}; ConvertTo-FlatFields $left | ForEach-Object { $flatLeft[$_.Path] = & $normalise $_.Value $FirebaseTools.Project }
        $flatRight = @{}; ConvertTo-FlatFields $right | ForEach-Object { $flatRight[$_.Path] = & $normalise $_.Value $JobFinder.Project }
        foreach ($path in @($flatLeft.Keys) + @($flatRight.Keys) | Sort-Object -Unique) {
            if ($skip | Where-Object { $path -like $_ }) { continue }
            if ($flatLeft[$path] -ceq $flatRight[$path]) { continue }
            $v = & $verdict $key $path
            $shown = { param($flat) if ($flat.ContainsKey($path)) { $flat[$path] } else { '<absent>' } }
            [pscustomobject]@{ Verdict = $v.Verdict; Resource = $key; Field = $path; FirebaseTools = (& $shown $flatLeft); JobFinder = (& $shown $flatRight); Owner = $v.Owner; Why = $v.Why }
        }
    }
}

function Format-ConformanceReport {
    param([AllowEmptyCollection()] [object[]] $Result = @())
    $shorten = { param([string] $s) if ($s.Length -gt 60) { $s.Substring(0, 57) + '...' } else { $s } }
    foreach ($group in $Result | Group-Object Verdict | Sort-Object { @('Unlisted', 'NotCompared', 'Allowed', 'NoneOnEitherSide').IndexOf($_.Name) }) {
        "{0} ({1}):" -f $group.Name, $group.Count
        foreach ($row in $group.Group) {
            if ($row.Verdict -in 'NotCompared', 'NoneOnEitherSide') { "  $($row.Why)"; continue }
            $line = "  {0}  {1}: firebase-tools '{2}' vs ours '{3}'" -f $row.Resource, $row.Field, (& $shorten $row.FirebaseTools), (& $shorten $row.JobFinder)
            if ($row.Verdict -eq 'Allowed') { $line += "  [$($row.Owner): $($row.Why)]" }
            $line
        }
    }
    if (-not @($Result | Where-Object Verdict -ne 'NoneOnEitherSide')) { 'No differences.' }
}

Export-ModuleMember -Function Copy-ConformanceRepository, New-ConformanceSecret, Invoke-FirebaseDeploy, Read-DeployedResources,
    Read-AllowedDifferences, Compare-DeployedResources, Format-ConformanceReport
