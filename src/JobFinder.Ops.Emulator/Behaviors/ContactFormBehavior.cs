using System.Text.Json.Nodes;
using JobFinder.Ops.Emulator.Firestore;

namespace JobFinder.Ops.Emulator.Behaviors;

/// <summary><c>contactForm</c> (the portfolio site): validates <c>name</c>, <c>email</c> and
/// <c>message</c> (10-5000 characters) and stores the submission in <c>contactSubmissions</c>.</summary>
internal sealed class ContactFormBehavior(FirestoreStore firestore) : CallableBehavior(firestore)
{
    public override string EntryPoint => "contactForm";

    protected override Task<JsonNode> CallAsync(CallableRequest request)
    {
        var name = request.RequiredString("name", maxLength: 100);
        var email = request.RequiredString("email", maxLength: 254);
        var at = email.IndexOf('@');
        if (at <= 0 || at != email.LastIndexOf('@') || !email[(at + 1)..].Contains('.'))
        {
            throw CallableException.InvalidArgument($"'{email}' is not an email address.");
        }
        var message = request.RequiredString("message", maxLength: 5000);
        if (message.Length < 10)
        {
            throw CallableException.InvalidArgument("'message' must be at least 10 characters.");
        }
        var id = FirestoreDocumentsApi.NewDocumentId();
        var now = Firestore.Now;
        request.Database.Put($"contactSubmissions/{id}", _ => new JsonObject
        {
            ["name"] = FirestoreValues.String(name),
            ["email"] = FirestoreValues.String(email),
            ["message"] = FirestoreValues.String(message),
            ["status"] = FirestoreValues.String("new"),
            ["submittedAt"] = FirestoreValues.Timestamp(now),
        }, now, mustExist: false);
        Firestore.NotifyChanged();
        return Task.FromResult<JsonNode>(new JsonObject { ["success"] = true, ["id"] = id });
    }
}
