BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'DeploymentSamples.psm1') -Force
    Import-ModuleUnderTest
    $fqidSuffix = 'JobFinder.Ops.Commands.SendJobFinderNotificationCommand'
    $sink = New-TestWebhookSink
    $secretPath = 'services/T0AAA/B0BBB/s3cr3tT0ken'
    $uri = "http://127.0.0.1:$($sink.Port)/$secretPath"
}

AfterAll { $sink.Dispose(); Remove-Item Env:JOBFINDER_TEST_WEBHOOK -ErrorAction SilentlyContinue }

Describe 'Send-JobFinderNotification' -Tag 'Unit' {
    BeforeEach { $sink.Status = 200; $sink.Bodies.Clear() }

    It 'announces a piped deployment with the communication template in Slack blocks' {
        $result = New-SampleDeploymentRecord | Send-JobFinderNotification -Uri $uri -Format Slack -Phase Started -Contact '#deployments' -PassThru
        $result.Delivered | Should -BeTrue
        $result.Host | Should -Be "127.0.0.1:$($sink.Port)"
        $body = @($sink.Bodies)[0] | ConvertFrom-Json
        $body.blocks[0].type | Should -Be 'header'
        $fields = ($body.blocks | Where-Object fields).fields.text
        foreach ($label in 'Start time', 'Expected duration', 'Expected impact', 'What is deployed', 'Monitoring plan', 'Contact') {
            ($fields -join "`n") | Should -Match "\*$label\*"
        }
        ($fields -join "`n") | Should -Match '#deployments'
    }

    It 'posts a free-text Teams card with the URL taken from an environment variable' {
        $env:JOBFINDER_TEST_WEBHOOK = $uri
        Send-JobFinderNotification -UriFromEnvironment JOBFINDER_TEST_WEBHOOK -Format Teams -Message 'Maintenance at 22:00 UTC'
        $body = @($sink.Bodies)[0] | ConvertFrom-Json
        $body.attachments[0].contentType | Should -Be 'application/vnd.microsoft.card.adaptive'
        $body.attachments[0].content.body[1].text | Should -Be 'Maintenance at 22:00 UTC'
    }

    It 'turns a failing webhook into a warning, never an error, and never shows the token' {
        $sink.Status = 500
        $result = New-SampleDeploymentRecord -Outcome RolledBack | Send-JobFinderNotification -Uri $uri -Phase RolledBack -PassThru -WarningVariable warnings -WarningAction SilentlyContinue -ErrorVariable errors
        $result.Delivered | Should -BeFalse
        $result.StatusCode | Should -Be 500
        $errors | Should -BeNullOrEmpty
        $warnings.Count | Should -Be 1
        "$warnings" | Should -Match 'HTTP 500'
        "$warnings $($result.Error)" | Should -Not -Match 's3cr3tT0ken'
    }

    It 'sends nothing with -WhatIf' {
        Send-JobFinderNotification -Uri $uri -Message 'hello' -WhatIf
        $sink.Bodies.Count | Should -Be 0
    }

    It 'stops when the environment variable is not set' {
        Remove-Item Env:JOBFINDER_TEST_WEBHOOK -ErrorAction SilentlyContinue
        { Send-JobFinderNotification -UriFromEnvironment JOBFINDER_TEST_WEBHOOK -Message 'x' } | Should -Throw -ErrorId "NotificationWebhookMissing,$fqidSuffix"
    }
}
