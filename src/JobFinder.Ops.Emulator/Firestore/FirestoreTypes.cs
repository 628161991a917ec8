namespace JobFinder.Ops.Emulator.Firestore;

/// <summary><c>@type</c> names of the Firestore admin LRO messages.</summary>
internal static class FirestoreTypes
{
    private const string Prefix = "type.googleapis.com/google.firestore.admin.v1.";
    public const string ExportMetadata = Prefix + "ExportDocumentsMetadata";
    public const string ExportResponse = Prefix + "ExportDocumentsResponse";
    public const string ImportMetadata = Prefix + "ImportDocumentsMetadata";
    public const string IndexMetadata = Prefix + "IndexOperationMetadata";
    public const string Index = Prefix + "Index";
    public const string FieldMetadata = Prefix + "FieldOperationMetadata";
    public const string Field = Prefix + "Field";
    public const string CreateDatabaseMetadata = Prefix + "CreateDatabaseMetadata";
    public const string DeleteDatabaseMetadata = Prefix + "DeleteDatabaseMetadata";
    public const string Database = Prefix + "Database";
    public const string Empty = "type.googleapis.com/google.protobuf.Empty";
}
