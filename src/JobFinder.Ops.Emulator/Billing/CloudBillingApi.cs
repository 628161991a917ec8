using System.Text.Json.Nodes;
using JobFinder.Ops.Emulator.Hosting;
using JobFinder.Ops.Emulator.Infrastructure;

namespace JobFinder.Ops.Emulator.Billing;

/// <summary>Cloud Billing v1 projects.getBillingInfo (https://cloud.google.com/billing/docs/reference/rest/v1/projects/getBillingInfo):
/// firebase-tools refuses to deploy 2nd gen functions to a project without billing (the Blaze plan,
/// lib/gcp/cloudbilling.js checkBillingEnabled). Every emulated project deploys functions, so each has a billing
/// account.</summary>
internal sealed class CloudBillingApi(EmulatorContext context) : IEmulatorApi
{
    public const string BillingAccount = "billingAccounts/000000-EMULAT-000000";

    public string Label => "cloudbilling";

    public void Map(IEndpointRouteBuilder routes) =>
        routes.MapGet("v1/projects/{project}/billingInfo", (HttpContext http) =>
        {
            var project = ProjectNumbers.Resolve(context.ProjectIds, http.RouteString("project"));
            return GoogleJson.Result(new JsonObject
            {
                ["name"] = $"projects/{project}/billingInfo",
                ["projectId"] = project,
                ["billingAccountName"] = BillingAccount,
                ["billingEnabled"] = true,
            });
        });
}
