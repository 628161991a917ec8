using System.Text;
using System.Text.Json.Nodes;
using JobFinder.Ops.Emulator.Firestore;
using JobFinder.Ops.Emulator.Storage;

namespace JobFinder.Ops.Emulator.Behaviors;

/// <summary><c>generateDocument</c>: for a signed-in user and an existing job, renders a resume or cover
/// letter (markdown) into the project's default bucket under <c>generated/</c>, records it in
/// <c>generatedDocuments</c>, and returns <c>{success:true, documentId, downloadPath}</c>.</summary>
internal sealed class GenerateDocumentBehavior(FirestoreStore firestore, StorageStore storage) : CallableBehavior(firestore)
{
    private static readonly string[] Kinds = ["resume", "coverLetter"];

    public override string EntryPoint => "generateDocument";

    protected override Task<JsonNode> CallAsync(CallableRequest request)
    {
        var user = request.RequireUser();
        var kind = request.RequiredString("type", maxLength: 20);
        if (!Kinds.Contains(kind))
        {
            throw CallableException.InvalidArgument($"'type' must be one of {string.Join(", ", Kinds)}.");
        }
        var jobId = request.RequiredString("jobId", maxLength: 200);
        var job = request.Database.Find($"jobs/{jobId}") ?? throw new CallableException("NOT_FOUND", $"Job '{jobId}' does not exist.");
        var fields = FirestoreValues.PlainFields(job.Fields());
        var documentId = FirestoreDocumentsApi.NewDocumentId();
        var path = $"generated/{documentId}.md";
        var text = $"# {(kind == "resume" ? "Resume" : "Cover letter")} for {(string?)fields["title"]} at {(string?)fields["companyName"]}\n\n" +
                   $"Prepared for {user.Email} from {(string?)fields["url"]}.\n";
        var bucket = StorageStore.DefaultBucketOf(request.Invocation.ProjectId);
        storage.WriteObject(bucket, path, "text/markdown", stream => stream.Write(Encoding.UTF8.GetBytes(text)));
        var now = Firestore.Now;
        request.Database.Put($"generatedDocuments/{documentId}", _ => new JsonObject
        {
            ["type"] = FirestoreValues.String(kind),
            ["jobId"] = FirestoreValues.String(jobId),
            ["status"] = FirestoreValues.String("completed"),
            ["storagePath"] = FirestoreValues.String(path),
            ["requestedBy"] = FirestoreValues.String(user.Uid),
            ["createdAt"] = FirestoreValues.Timestamp(now),
        }, now, mustExist: false);
        Firestore.NotifyChanged();
        return Task.FromResult<JsonNode>(new JsonObject
        {
            ["success"] = true,
            ["documentId"] = documentId,
            ["downloadPath"] = path,
            ["bucket"] = bucket,
        });
    }
}
