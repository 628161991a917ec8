using Google.Cloud.Firestore.V1;
using Google.Protobuf.Collections;
using Google.Protobuf.WellKnownTypes;
using Value = Google.Cloud.Firestore.V1.Value;
using JobFinder.Ops.Emulator.Infrastructure;

namespace JobFinder.Ops.Emulator.Firestore.Grpc;

/// <summary>Applies the writes of one commit to a database atomically: each write's precondition is checked
/// against the state left by the writes before it, and nothing is stored unless every write succeeds
/// (firestore.proto, <c>Commit</c>: "Commits a transaction, while optionally updating documents"; a batch
/// is all-or-nothing). Update semantics follow write.proto: without <c>update_mask</c> the document is
/// replaced; with it, each masked path is set from the update or deleted when the update lacks it; then
/// <c>update_transforms</c> run in order.</summary>
internal static class WriteBatch
{
    public static CommitResponse Commit(FirestoreStore store, FirestoreDatabase database, DocumentName target, IReadOnlyList<Write> writes, DateTimeOffset commitTime, GrpcTransaction? transaction = null)
    {
        var timestamp = GrpcValues.ToTimestamp(commitTime);
        var response = new CommitResponse { CommitTime = timestamp };
        if (transaction is { ReadOnly: true } && writes.Count > 0)
        {
            throw GoogleErrors.InvalidArgument("Cannot modify entities in a read-only transaction.");
        }
        lock (database.Gate)
        {
            transaction?.VerifyReadsUnchanged(database);
            var staged = new Dictionary<string, Staged>(StringComparer.Ordinal);
            foreach (var write in writes)
            {
                response.WriteResults.Add(Stage(database, target, write, staged, commitTime, timestamp));
            }
            foreach (var (path, change) in staged)
            {
                if (change.Fields is null)
                {
                    database.Delete(path);
                }
                else
                {
                    database.Put(path, _ => GrpcValues.ToJsonFields(change.Fields), commitTime);
                }
            }
        }
        if (writes.Count > 0)
        {
            store.NotifyChanged();
        }
        return response;
    }

    private static WriteResult Stage(FirestoreDatabase database, DocumentName target, Write write, Dictionary<string, Staged> staged, DateTimeOffset commitTime, Timestamp timestamp)
    {
        var name = write.OperationCase switch
        {
            Write.OperationOneofCase.Update => write.Update.Name,
            Write.OperationOneofCase.Delete => write.Delete,
            Write.OperationOneofCase.Transform => write.Transform.Document,
            _ => throw GoogleErrors.InvalidArgument("A write must have an update, delete or transform operation."),
        };
        var document = DocumentName.ParseDocument(name);
        if (document.Root != target.Root)
        {
            throw GoogleErrors.InvalidArgument($"Document \"{name}\" is not in database \"{target.Root}\".");
        }
        var current = staged.TryGetValue(document.Path, out var pending)
            ? pending
            : database.Find(document.Path) is { } stored ? Staged.From(database, stored) : Staged.Missing;
        CheckPrecondition(write.CurrentDocument, current, name);

        if (write.OperationCase == Write.OperationOneofCase.Delete)
        {
            staged[document.Path] = Staged.Missing;
            return new WriteResult();
        }

        MapField<string, Value> fields;
        IEnumerable<DocumentTransform.Types.FieldTransform> transforms;
        if (write.OperationCase == Write.OperationOneofCase.Transform)
        {
            fields = current.Fields?.Clone() ?? new MapField<string, Value>();
            transforms = write.Transform.FieldTransforms;
        }
        else if (write.UpdateMask is null)
        {
            fields = write.Update.Fields.Clone();
            transforms = write.UpdateTransforms;
        }
        else
        {
            fields = current.Fields?.Clone() ?? new MapField<string, Value>();
            foreach (var path in write.UpdateMask.FieldPaths.Select(FieldPath.Parse))
            {
                if (path.Find(write.Update.Fields) is { } value)
                {
                    path.Set(fields, value.Clone());
                }
                else
                {
                    path.Remove(fields);
                }
            }
            transforms = write.UpdateTransforms;
        }
        var result = new WriteResult { UpdateTime = timestamp };
        foreach (var transform in transforms)
        {
            result.TransformResults.Add(FieldTransforms.Apply(fields, transform, timestamp));
        }
        staged[document.Path] = new Staged(fields, current.CreateTime ?? commitTime, commitTime);
        return result;
    }

    /// <summary>common.proto <c>Precondition</c>: <c>exists</c> (NOT_FOUND / ALREADY_EXISTS, the codes and
    /// messages Google answers) or <c>update_time</c> (FAILED_PRECONDITION unless the stored version has
    /// exactly that update time).</summary>
    private static void CheckPrecondition(Precondition? precondition, Staged current, string name)
    {
        switch (precondition?.ConditionTypeCase)
        {
            case Precondition.ConditionTypeOneofCase.Exists when precondition.Exists && current.Fields is null:
                throw GoogleErrors.NotFound($"No document to update: {name}");
            case Precondition.ConditionTypeOneofCase.Exists when !precondition.Exists && current.Fields is not null:
                throw GoogleErrors.AlreadyExists($"Document already exists: {name}");
            case Precondition.ConditionTypeOneofCase.UpdateTime:
                var required = precondition.UpdateTime;
                if (current.UpdateTime is not { } actual || !GrpcValues.ToTimestamp(actual).Equals(required))
                {
                    throw GoogleErrors.FailedPrecondition(
                        $"the stored version ({(current.UpdateTime is { } t ? GrpcValues.FormatTimestamp(GrpcValues.ToTimestamp(t)) : "none")}) does not match the required base version ({GrpcValues.FormatTimestamp(required)})");
                }
                break;
        }
    }

    /// <summary>A document as the writes before this one left it (Fields null: missing or deleted).</summary>
    private sealed record Staged(MapField<string, Value>? Fields, DateTimeOffset? CreateTime, DateTimeOffset? UpdateTime)
    {
        public static readonly Staged Missing = new(null, null, null);

        public static Staged From(FirestoreDatabase database, FirestoreDocument stored) =>
            new(DocumentName.ToProto(database, stored).Fields, stored.CreateTime, stored.UpdateTime);
    }
}
