using Google.Cloud.Firestore.V1;
using JobFinder.Ops.Emulator.Infrastructure;

namespace JobFinder.Ops.Emulator.Firestore.Grpc;

/// <summary>A resource name of the gRPC API, <c>projects/{project}/databases/{database}/documents[/{path}]</c>,
/// split into the database it addresses and the path below <c>documents</c> (the store's key).</summary>
internal sealed record DocumentName(string Project, string Database, string Path)
{
    private const string DocumentsPrefix = "documents/";

    public string Root => $"projects/{Project}/databases/{Database}/documents";

    public override string ToString() => Path.Length == 0 ? Root : Root + "/" + Path;

    /// <summary>A database root or a path under it (document or collection, checked by the caller).</summary>
    public static DocumentName Parse(string name)
    {
        var parts = name.Split('/', 5);
        if (parts.Length < 5 || parts[0] != "projects" || parts[2] != "databases" || !(parts[4] == "documents" || parts[4].StartsWith(DocumentsPrefix, StringComparison.Ordinal))
            || parts[1].Length == 0 || parts[3].Length == 0)
        {
            throw GoogleErrors.InvalidArgument($"Invalid resource name \"{name}\": expected projects/{{project_id}}/databases/{{database_id}}/documents[/path].");
        }
        var path = parts[4].Length > DocumentsPrefix.Length ? parts[4][DocumentsPrefix.Length..] : string.Empty;
        return new DocumentName(parts[1], parts[3], path);
    }

    /// <summary>The <c>database</c> field of Commit, BatchGetDocuments, BeginTransaction and Rollback:
    /// <c>projects/{project_id}/databases/{database_id}</c>.</summary>
    public static DocumentName ParseDatabase(string name)
    {
        var parts = name.Split('/');
        if (parts.Length != 4 || parts[0] != "projects" || parts[2] != "databases" || parts[1].Length == 0 || parts[3].Length == 0)
        {
            throw GoogleErrors.InvalidArgument($"Invalid database name \"{name}\": expected projects/{{project_id}}/databases/{{database_id}}.");
        }
        return new DocumentName(parts[1], parts[3], string.Empty);
    }

    /// <summary>A document name (even number of segments below <c>documents</c>).</summary>
    public static DocumentName ParseDocument(string name)
    {
        var parsed = Parse(name);
        if (parsed.Path.Length == 0)
        {
            throw GoogleErrors.InvalidArgument($"Document name \"{name}\" names the database root, not a document.");
        }
        FirestoreStore.ValidateDocumentPath(parsed.Path);
        return parsed;
    }

    /// <summary>A parent for queries and listings: the database root or a document.</summary>
    public static DocumentName ParseParent(string name)
    {
        var parsed = Parse(name);
        if (parsed.Path.Length > 0)
        {
            FirestoreStore.ValidateDocumentPath(parsed.Path);
        }
        return parsed;
    }

    public DocumentName Child(string relativePath) => this with { Path = Path.Length == 0 ? relativePath : Path + "/" + relativePath };

    public static Document ToProto(FirestoreDatabase database, FirestoreDocument stored, IReadOnlyList<FieldPath>? mask = null)
    {
        var document = new Document
        {
            Name = database.DocumentsRoot + "/" + stored.Path,
            CreateTime = GrpcValues.ToTimestamp(stored.CreateTime),
            UpdateTime = GrpcValues.ToTimestamp(stored.UpdateTime),
        };
        GrpcValues.CopyFields(stored.Fields(), document.Fields);
        if (mask is not null)
        {
            var projected = FieldPath.Project(document.Fields, mask);
            document.Fields.Clear();
            document.Fields.Add(projected);
        }
        return document;
    }
}
