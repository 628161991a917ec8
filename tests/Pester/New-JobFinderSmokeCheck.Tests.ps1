BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-ModuleUnderTest
}

Describe 'New-JobFinderSmokeCheck' {
    It 'builds a check with parsed assertions, POST for a body, and the body as compact JSON' {
        $check = New-JobFinderSmokeCheck -Name 'Job submission' -Function submitJob -Body @{ data = @{ title = 'Smoke' } } -Assert '$.result.success == true', '$.result.jobId exists' -Auth FirebaseIdToken -Timeout 00:00:15 -Retries 2
        # Engine types live in the module's private load context: compare by name, not by type literal.
        $check.GetType().FullName | Should -Be 'JobFinder.Ops.Model.SmokeCheckDefinition'
        $check.Method | Should -Be 'POST'
        $check.Body | Should -Be '{"data":{"title":"Smoke"}}'
        $check.Assertions.Operator | Should -Be @('==', 'exists')
        $check.Auth | Should -Be 'FirebaseIdToken'
        $check.Timeout | Should -Be ([TimeSpan]::FromSeconds(15))
    }

    It 'takes a URL and a request path instead of a function' {
        $check = New-JobFinderSmokeCheck -Name Status -Url 'https://status.example.com' -RequestPath '/v1/ping' -ExpectedStatus 204
        $check.Url | Should -Be 'https://status.example.com'
        $check.Path | Should -Be '/v1/ping'
        $check.Method | Should -Be 'GET'
        ($check | Out-String) | Should -Match 'status.example.com/v1/ping'
    }

    It 'refuses an assertion it cannot evaluate' {
        { New-JobFinderSmokeCheck -Name Bad -Function health -Assert '$.items[*].id exists' } |
            Should -Throw -ErrorId 'SmokeAssertionInvalid,JobFinder.Ops.Commands.NewJobFinderSmokeCheckCommand'
    }

    It 'refuses a body that is not JSON and a path without a leading slash' {
        { New-JobFinderSmokeCheck -Name Bad -Function health -Body '{oops' } |
            Should -Throw -ErrorId 'SmokeCheckInvalid,JobFinder.Ops.Commands.NewJobFinderSmokeCheckCommand'
        { New-JobFinderSmokeCheck -Name Bad -Function health -RequestPath 'status' } |
            Should -Throw -ErrorId 'SmokeCheckInvalid,JobFinder.Ops.Commands.NewJobFinderSmokeCheckCommand'
    }
}
