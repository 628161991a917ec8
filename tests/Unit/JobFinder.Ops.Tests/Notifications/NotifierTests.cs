using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using JobFinder.Ops.Errors;
using JobFinder.Ops.Events;
using JobFinder.Ops.Model;
using JobFinder.Ops.Notifications;
using JobFinder.Ops.Tests.Google;
using JobFinder.Ops.Tests.Reporting;
using Microsoft.AspNetCore.Http;
using Xunit;

namespace JobFinder.Ops.Tests.Notifications;

/// <summary>The notifier over real HTTP against a loopback webhook: the JSON each chat receives, and
/// that a failing webhook (5xx, 4xx, refused, unknown host, timeout) is a warning, never an exception,
/// and never shows the URL's token.</summary>
public sealed class NotifierTests : IAsyncLifetime
{
    private const string SecretPath = "services/T0AAA1111/B0BBB2222/s3cr3tT0kenXyz";

    private static readonly NotifierOptions s_fast = new() { RetryDelay = TimeSpan.Zero, AttemptTimeout = TimeSpan.FromSeconds(5) };

    private LoopbackServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await LoopbackServer.StartAsync();
        _server.Fallback = context => Text(context, 200, "ok");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Slack_announcement_carries_the_communication_template_as_blocks()
    {
        var result = await SendAsync(NotificationFormat.Slack, NotificationPhase.Started, SampleDeployments.Succeeded());

        Assert.True(result.Delivered);
        Assert.Equal(200, result.StatusCode);
        var request = Assert.Single(_server.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/" + SecretPath, request.PathAndQuery);
        Assert.StartsWith("application/json", request.Headers["Content-Type"], StringComparison.Ordinal);
        using var json = JsonDocument.Parse(request.Body);
        var root = json.RootElement;
        Assert.Contains("Deploying to production (jobfinder-prod)", root.GetProperty("text").GetString(), StringComparison.Ordinal);
        var blocks = root.GetProperty("blocks").EnumerateArray().ToArray();
        Assert.Equal("header", blocks[0].GetProperty("type").GetString());
        Assert.Equal("plain_text", blocks[0].GetProperty("text").GetProperty("type").GetString());
        var fields = blocks.Where(b => b.TryGetProperty("fields", out _)).SelectMany(b => b.GetProperty("fields").EnumerateArray()).Select(f => f.GetProperty("text").GetString()!).ToArray();
        Assert.Equal(["Start time", "Expected duration", "Expected impact", "What is deployed", "Monitoring plan", "Contact"], fields.Select(f => f[1..f.IndexOf('*', 1)]).ToArray());
        Assert.Contains(fields, f => f.Contains("2026-11-26 22:15:00 UTC", StringComparison.Ordinal));
        Assert.Contains(fields, f => f.Contains("about 4 min: traffic steps 10% \u2192 50% \u2192 100%, 30 s bake", StringComparison.Ordinal));
        Assert.Contains(fields, f => f.Contains("at most 10% of requests", StringComparison.Ordinal));
        Assert.Contains(fields, f => f.Contains("update health, submitJob; firestore rules (firestore.rules); 1 new index(es)", StringComparison.Ordinal));
        Assert.Contains(fields, f => f.Contains("error rate exceeds 10%", StringComparison.Ordinal) && f.Contains("p95 5000 ms", StringComparison.Ordinal));
        Assert.Contains(fields, f => f.EndsWith("dana@build-01 (pid 4242)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Google_Chat_gets_text_and_a_cardsV2_card_with_one_widget_per_fact()
    {
        var result = await SendAsync(NotificationFormat.GoogleChat, NotificationPhase.CanaryStepFailed, SampleDeployments.RolledBack());

        Assert.True(result.Delivered);
        using var json = JsonDocument.Parse(Assert.Single(_server.Requests).Body);
        var root = json.RootElement;
        Assert.Contains("Canary at 10% failed on production (jobfinder-prod)", root.GetProperty("text").GetString(), StringComparison.Ordinal);
        var card = root.GetProperty("cardsV2")[0];
        Assert.Equal("jobfinder-canarystepfailed", card.GetProperty("cardId").GetString());
        Assert.Equal("Canary at 10% failed on production (jobfinder-prod)", card.GetProperty("card").GetProperty("header").GetProperty("title").GetString());
        var widgets = card.GetProperty("card").GetProperty("sections")[0].GetProperty("widgets").EnumerateArray().ToArray();
        Assert.Contains("submitJob: error rate 31.0% &gt; 10.0%", widgets[0].GetProperty("textParagraph").GetProperty("text").GetString(), StringComparison.Ordinal);
        var labels = widgets.Skip(1).Select(w => w.GetProperty("decoratedText").GetProperty("topLabel").GetString()!).ToArray();
        // Compact: a failed step names the functions that failed, not those that passed (health).
        Assert.Equal(["submitJob", "Action", "Contact"], labels);
        Assert.Contains("200 requests, 31.0% errors", widgets[1].GetProperty("decoratedText").GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Teams_gets_a_message_with_an_adaptive_card_and_a_fact_set()
    {
        var result = await SendAsync(NotificationFormat.Teams, NotificationPhase.Completed, SampleDeployments.Succeeded());

        Assert.True(result.Delivered);
        using var json = JsonDocument.Parse(Assert.Single(_server.Requests).Body);
        var root = json.RootElement;
        Assert.Equal("message", root.GetProperty("type").GetString());
        var attachment = root.GetProperty("attachments")[0];
        Assert.Equal("application/vnd.microsoft.card.adaptive", attachment.GetProperty("contentType").GetString());
        var card = attachment.GetProperty("content");
        Assert.Equal("AdaptiveCard", card.GetProperty("type").GetString());
        Assert.Equal("1.4", card.GetProperty("version").GetString());
        var body = card.GetProperty("body").EnumerateArray().ToArray();
        Assert.Equal("Good", body[0].GetProperty("color").GetString());
        Assert.Contains("Deployment completed on production (jobfinder-prod)", body[0].GetProperty("text").GetString(), StringComparison.Ordinal);
        var facts = body.Single(b => b.GetProperty("type").GetString() == "FactSet").GetProperty("facts").EnumerateArray()
            .ToDictionary(f => f.GetProperty("title").GetString()!, f => f.GetProperty("value").GetString()!);
        Assert.Equal("2 min 4 s", facts["Duration"]);
    }

    [Theory]
    [InlineData(NotificationPhase.Started, NotificationSeverity.Info, "Deploying to production (jobfinder-prod)")]
    [InlineData(NotificationPhase.CanaryStepPassed, NotificationSeverity.Info, "Canary at 50% passed on production (jobfinder-prod)")]
    [InlineData(NotificationPhase.Completed, NotificationSeverity.Good, "Deployment completed on production (jobfinder-prod)")]
    public void Each_phase_of_a_good_release_has_its_own_title(NotificationPhase phase, NotificationSeverity severity, string title)
    {
        var message = DeploymentMessageComposer.Compose(phase, SampleDeployments.Succeeded());

        Assert.Equal(phase, message.Phase);
        Assert.Equal(severity, message.Severity);
        Assert.Equal(title, message.Title);
    }

    [Fact]
    public void A_rollback_names_the_reason_and_where_traffic_went()
    {
        var message = DeploymentMessageComposer.Compose(NotificationPhase.RolledBack, SampleDeployments.RolledBack(), new NotificationContext { Contact = "#deployments" });

        Assert.Equal(NotificationSeverity.Warning, message.Severity);
        Assert.Equal("Deployment 20261126T223000Z-9b2e77 was rolled back: submitJob: error rate 31.0% > 10.0%", message.Text);
        Assert.Contains(new NotificationFact("submitJob", "100% on submitjob-00007-abc"), message.Facts);
        Assert.Contains(new NotificationFact("firestore rules", "back on old-1"), message.Facts);
        Assert.Contains(new NotificationFact("Contact", "#deployments"), message.Facts);
    }

    [Fact]
    public void A_deployment_stopped_for_smoke_credentials_is_no_failed_release_and_names_the_fix()
    {
        var problem = new SmokeCredentialProblem
        {
            ErrorId = SmokeCredentialProblem.RejectedErrorId,
            Category = ErrorKind.AuthenticationError,
            ProjectId = "jobfinder-prod",
            Credential = "API key",
            Source = "JOBFINDER_API_KEY",
            Message = "the web API key in JOBFINDER_API_KEY is the key of Firebase project jobfinder-staging",
            Fix = "Set JOBFINDER_API_KEY to the web API key of jobfinder-prod.",
            Checks = ["Job submission"],
        };
        var record = SampleDeployments.RolledBack() with { Outcome = DeploymentOutcome.Aborted, CredentialProblem = problem };

        var message = DeploymentMessageComposer.Compose(NotificationPhase.Failed, record);

        Assert.Equal(NotificationSeverity.Warning, message.Severity);
        Assert.Equal("Deployment stopped on production (jobfinder-prod): smoke credentials rejected", message.Title);
        Assert.Contains(new NotificationFact("Next step", problem.Fix), message.Facts);
        Assert.DoesNotContain(message.Facts, f => f.Value.Contains("Undo-JobFinderDeployment", StringComparison.Ordinal));
    }

    [Fact]
    public void A_passed_step_names_the_next_step()
    {
        var record = SampleDeployments.Succeeded();
        var atTen = record with { Steps = record.Steps.Take(5).ToArray() };

        var message = DeploymentMessageComposer.Compose(NotificationPhase.CanaryStepPassed, atTen);

        Assert.Equal("Canary at 10% passed on production (jobfinder-prod)", message.Title);
        Assert.Contains(new NotificationFact("Next", "50% of traffic"), message.Facts);
    }

    [Fact]
    public async Task A_5xx_webhook_is_retried_then_reported_as_a_warning_without_the_token()
    {
        _server.Fallback = context => Text(context, 503, "upstream unavailable for " + SecretPath);
        var events = new CollectingEventSink();

        var result = await SendAsync(NotificationFormat.Slack, NotificationPhase.Started, SampleDeployments.Succeeded(), events);

        Assert.False(result.Delivered);
        Assert.Equal(503, result.StatusCode);
        Assert.Equal(3, result.Attempts);
        Assert.Equal(3, _server.Requests.Count);
        var warning = Assert.Single(events.Events, e => e.Kind == EngineEventKind.Warning);
        Assert.Contains("HTTP 503", warning.Message, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1", warning.Message, StringComparison.Ordinal);
        AssertNoSecret(events, result);
    }

    [Fact]
    public async Task A_4xx_webhook_is_not_retried()
    {
        _server.Fallback = context => Text(context, 404, "no_service");
        var events = new CollectingEventSink();

        var result = await SendAsync(NotificationFormat.Slack, NotificationPhase.Completed, SampleDeployments.Succeeded(), events);

        Assert.False(result.Delivered);
        Assert.Equal(1, result.Attempts);
        Assert.Equal("HTTP 404 Not Found: no_service", result.Error);
        Assert.Single(events.Events, e => e.Kind == EngineEventKind.Warning);
    }

    [Fact]
    public async Task A_webhook_that_does_not_answer_in_time_is_a_warning()
    {
        var release = new TaskCompletionSource();
        _server.Fallback = async context =>
        {
            await release.Task.WaitAsync(context.RequestAborted).ContinueWith(_ => { });
        };
        var events = new CollectingEventSink();
        var notifier = new Notifier(new NotifierOptions { AttemptTimeout = TimeSpan.FromMilliseconds(200), MaxAttempts = 1 });

        var result = await notifier.SendAsync(Target(NotificationFormat.Slack), NotificationMessage.FromText("hello"), events, CancellationToken.None);
        release.SetResult();

        Assert.False(result.Delivered);
        Assert.Null(result.StatusCode);
        Assert.Equal("no answer within 0.2 s", result.Error);
        Assert.Single(events.Events, e => e.Kind == EngineEventKind.Warning);
    }

    [Fact]
    public async Task A_refused_connection_is_a_warning()
    {
        var port = ClosedPort();
        var target = WebhookTarget.Parse($"http://127.0.0.1:{port}/{SecretPath}", "-Uri", NotificationFormat.Slack);
        var events = new CollectingEventSink();

        var result = await new Notifier(s_fast with { MaxAttempts = 2 }).SendAsync(target, NotificationMessage.FromText("hello"), events, CancellationToken.None);

        Assert.False(result.Delivered);
        Assert.Equal(2, result.Attempts);
        Assert.Equal("the connection was refused or reset", result.Error);
        AssertNoSecret(events, result);
    }

    [Fact]
    public async Task An_unknown_host_is_a_warning()
    {
        var target = WebhookTarget.Parse($"https://hooks.jobfinder-does-not-exist.invalid/{SecretPath}", "-Uri", null);
        var events = new CollectingEventSink();

        var result = await new Notifier(s_fast with { MaxAttempts = 1 }).SendAsync(target, NotificationMessage.FromText("hello"), events, CancellationToken.None);

        Assert.False(result.Delivered);
        Assert.Equal("hooks.jobfinder-does-not-exist.invalid", result.Host);
        Assert.Single(events.Events, e => e.Kind == EngineEventKind.Warning);
        AssertNoSecret(events, result);
    }

    [Theory]
    [InlineData("https://hooks.slack.com/services/T/B/X", NotificationFormat.Slack)]
    [InlineData("https://chat.googleapis.com/v1/spaces/AAA/messages?key=k&token=t", NotificationFormat.GoogleChat)]
    [InlineData("https://contoso.webhook.office.com/webhookb2/abc", NotificationFormat.Teams)]
    [InlineData("https://prod-12.westus.logic.azure.com:443/workflows/abc/triggers/manual/paths/invoke?sig=s", NotificationFormat.Teams)]
    [InlineData("https://mattermost.example.com/hooks/xyz", NotificationFormat.Slack)]
    public void The_format_is_inferred_from_the_host(string uri, NotificationFormat expected) =>
        Assert.Equal(expected, WebhookTarget.Parse(uri, "-Uri", null).Format);

    [Fact]
    public void The_url_can_come_from_an_environment_variable_and_only_its_host_is_shown()
    {
        var target = WebhookTarget.Resolve(null, "DEPLOY_WEBHOOK", null, name => name == "DEPLOY_WEBHOOK" ? "https://chat.googleapis.com/v1/spaces/AAA/messages?key=k&token=secret" : null);

        Assert.Equal(NotificationFormat.GoogleChat, target.Format);
        Assert.Equal("GoogleChat webhook at chat.googleapis.com", target.ToString());
    }

    [Fact]
    public void A_missing_or_invalid_url_is_an_error_that_never_repeats_the_value()
    {
        var missing = Assert.Throws<JobFinderException>(() => WebhookTarget.Resolve(null, "DEPLOY_WEBHOOK", null, _ => null));
        Assert.Equal("NotificationWebhookMissing", missing.ErrorId);

        var invalid = Assert.Throws<JobFinderException>(() => WebhookTarget.Resolve("hooks.slack.com/services/SECRET", null, null));
        Assert.Equal("NotificationWebhookInvalid", invalid.ErrorId);
        Assert.DoesNotContain("SECRET", invalid.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Slack_text_cannot_become_a_link_or_mention()
    {
        var payload = SlackPayload.Build(NotificationMessage.FromText("<!channel> & <http://evil|x>"));

        Assert.Equal("JobFinder.Ops: &lt;!channel&gt; &amp; &lt;http://evil|x&gt;", payload["text"]!.GetValue<string>());
    }

    private async Task<NotificationResult> SendAsync(NotificationFormat format, NotificationPhase phase, DeploymentRecord record, IEngineEventSink? events = null) =>
        await new Notifier(s_fast).NotifyAsync(Target(format), phase, record, null, events ?? NullEventSink.Instance, CancellationToken.None);

    private WebhookTarget Target(NotificationFormat format) => WebhookTarget.Parse(new Uri(_server.BaseAddress, SecretPath).ToString(), "-Uri", format);

    private static void AssertNoSecret(CollectingEventSink events, NotificationResult result)
    {
        foreach (var text in events.Events.Select(e => e.Message).Append(result.Error ?? string.Empty).Append(result.Host))
        {
            Assert.DoesNotContain("s3cr3tT0kenXyz", text, StringComparison.Ordinal);
            Assert.DoesNotContain("B0BBB2222", text, StringComparison.Ordinal);
        }
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static Task Text(HttpContext context, int status, string body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain";
        return context.Response.WriteAsync(body);
    }
}
