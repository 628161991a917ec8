using Google.Cloud.Firestore.V1;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Value = Google.Cloud.Firestore.V1.Value;
using Grpc.Core;
using JobFinder.Ops.Emulator.Infrastructure;

namespace JobFinder.Ops.Emulator.Firestore.Grpc;

/// <summary><c>google.firestore.v1.Firestore</c> over gRPC (firestore.proto), on the same data as the REST
/// API, for the Admin SDK in deployed code (<c>FIRESTORE_EMULATOR_HOST</c>). Methods not overridden here
/// (Listen, Write, PartitionQuery, ExecutePipeline) answer UNIMPLEMENTED naming the method
/// (<see cref="FirestoreGrpcInterceptor"/>). Errors are <see cref="GoogleApiException"/>s carrying the
/// canonical code Google answers, turned into the gRPC status by the interceptor.</summary>
internal sealed partial class FirestoreGrpcService(FirestoreStore store, GrpcTransactions transactions, CommitClock clock)
    : Google.Cloud.Firestore.V1.Firestore.FirestoreBase
{
    public override Task<Document> GetDocument(GetDocumentRequest request, ServerCallContext context)
    {
        var name = DocumentName.ParseDocument(request.Name);
        var database = Database(name);
        var transaction = ReadTransaction(request.Transaction, null, request.ReadTime is not null, name);
        var stored = database.Find(name.Path);
        transaction?.RecordRead(name.Path, stored);
        if (stored is null)
        {
            throw GoogleErrors.NotFound($"Document \"{name}\" not found.");
        }
        return Task.FromResult(DocumentName.ToProto(database, stored, Mask(request.Mask)));
    }

    public override async Task BatchGetDocuments(BatchGetDocumentsRequest request, IServerStreamWriter<BatchGetDocumentsResponse> responseStream, ServerCallContext context)
    {
        var root = DocumentName.ParseDatabase(request.Database);
        var database = Database(root);
        var transaction = ReadTransaction(request.Transaction, request.NewTransaction, request.ReadTime is not null, root);
        var mask = Mask(request.Mask);
        var readTime = GrpcValues.ToTimestamp(store.Now);
        var responses = new List<BatchGetDocumentsResponse>();
        foreach (var documentName in request.Documents)
        {
            var name = DocumentName.ParseDocument(documentName);
            if (name.Root != root.Root)
            {
                throw GoogleErrors.InvalidArgument($"Document \"{documentName}\" is not in database \"{root.Root}\".");
            }
            var stored = database.Find(name.Path);
            transaction?.RecordRead(name.Path, stored);
            responses.Add(stored is null
                ? new BatchGetDocumentsResponse { Missing = documentName, ReadTime = readTime }
                : new BatchGetDocumentsResponse { Found = DocumentName.ToProto(database, stored, mask), ReadTime = readTime });
        }
        if (request.NewTransaction is not null)
        {
            // The id of a transaction begun by this read travels in the first response (firestore.proto).
            if (responses.Count == 0)
            {
                responses.Add(new BatchGetDocumentsResponse { ReadTime = readTime });
            }
            responses[0].Transaction = transaction!.Id;
        }
        foreach (var response in responses)
        {
            await responseStream.WriteAsync(response).ConfigureAwait(false);
        }
    }

    public override Task<BeginTransactionResponse> BeginTransaction(BeginTransactionRequest request, ServerCallContext context)
    {
        var root = DocumentName.ParseDatabase(request.Database);
        Database(root);
        return Task.FromResult(new BeginTransactionResponse { Transaction = transactions.Begin(root, request.Options).Id });
    }

    public override Task<CommitResponse> Commit(CommitRequest request, ServerCallContext context)
    {
        var root = DocumentName.ParseDatabase(request.Database);
        var database = Database(root);
        var transaction = request.Transaction.IsEmpty ? null : transactions.End(request.Transaction, root);
        return Task.FromResult(WriteBatch.Commit(store, database, root, request.Writes, clock.Next(store.Now), transaction));
    }

    public override Task<Empty> Rollback(RollbackRequest request, ServerCallContext context)
    {
        var root = DocumentName.ParseDatabase(request.Database);
        transactions.End(request.Transaction, root);
        return Task.FromResult(new Empty());
    }

    /// <summary>BatchWrite: each write on its own, not atomically; a failing write gets its status and
    /// the others still apply (firestore.proto, <c>BatchWrite</c>: what BulkWriter uses).</summary>
    public override Task<BatchWriteResponse> BatchWrite(BatchWriteRequest request, ServerCallContext context)
    {
        var root = DocumentName.ParseDatabase(request.Database);
        var database = Database(root);
        var response = new BatchWriteResponse();
        foreach (var write in request.Writes)
        {
            try
            {
                var result = WriteBatch.Commit(store, database, root, [write], clock.Next(store.Now));
                response.WriteResults.Add(result.WriteResults[0]);
                response.Status.Add(new Google.Rpc.Status { Code = 0 });
            }
            catch (GoogleApiException ex)
            {
                response.WriteResults.Add(new WriteResult());
                response.Status.Add(new Google.Rpc.Status { Code = ex.Code.Number, Message = ex.Message });
            }
        }
        return Task.FromResult(response);
    }

    public override Task<Document> CreateDocument(CreateDocumentRequest request, ServerCallContext context)
    {
        var parent = DocumentName.ParseParent(request.Parent);
        var id = request.DocumentId.Length > 0 ? request.DocumentId : FirestoreDocumentsApi.NewDocumentId();
        var name = parent.Child(request.CollectionId + "/" + id);
        var document = (request.Document ?? new Document()).Clone();
        document.Name = name.ToString();
        return WriteOne(name, new Write { Update = document, CurrentDocument = new Precondition { Exists = false } }, Mask(request.Mask));
    }

    public override Task<Document> UpdateDocument(UpdateDocumentRequest request, ServerCallContext context)
    {
        var name = DocumentName.ParseDocument(request.Document?.Name ?? string.Empty);
        return WriteOne(name, new Write { Update = request.Document, UpdateMask = request.UpdateMask, CurrentDocument = request.CurrentDocument }, Mask(request.Mask));
    }

    public override Task<Empty> DeleteDocument(DeleteDocumentRequest request, ServerCallContext context)
    {
        var name = DocumentName.ParseDocument(request.Name);
        WriteBatch.Commit(store, Database(name), name, [new Write { Delete = request.Name, CurrentDocument = request.CurrentDocument }], clock.Next(store.Now));
        return Task.FromResult(new Empty());
    }

    private Task<Document> WriteOne(DocumentName name, Write write, IReadOnlyList<FieldPath>? mask)
    {
        var database = Database(name);
        WriteBatch.Commit(store, database, name, [write], clock.Next(store.Now));
        return Task.FromResult(DocumentName.ToProto(database, database.Get(name.Path), mask));
    }

    private FirestoreDatabase Database(DocumentName name) => store.GetDatabase(name.Project, name.Database);

    /// <summary>The transaction a read belongs to: an existing one, one it begins, or none. Reads at a past
    /// <c>read_time</c> need versions the store does not keep.</summary>
    private GrpcTransaction? ReadTransaction(ByteString existing, TransactionOptions? begin, bool readTime, DocumentName database)
    {
        if (readTime)
        {
            throw new GoogleApiException(RpcCode.Unimplemented, "Reads at a read_time (point-in-time reads) are not supported by the emulator.");
        }
        if (begin is not null)
        {
            return transactions.Begin(database, begin);
        }
        return existing.IsEmpty ? null : transactions.Get(existing, database);
    }

    private static List<FieldPath>? Mask(DocumentMask? mask) => mask?.FieldPaths.Select(FieldPath.Parse).ToList();
}
