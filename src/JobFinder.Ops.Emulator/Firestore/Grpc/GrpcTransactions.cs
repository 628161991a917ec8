using System.Collections.Concurrent;
using Google.Cloud.Firestore.V1;
using Google.Protobuf;
using JobFinder.Ops.Emulator.Infrastructure;

namespace JobFinder.Ops.Emulator.Firestore.Grpc;

/// <summary>Open transactions of the gRPC API. A read-write transaction remembers every document version it
/// read; its commit fails with ABORTED when any of them changed since (optimistic concurrency, where Google
/// takes locks: either way a client sees ABORTED under contention and retries, which is what the server
/// SDKs' transaction runners do). Transactions expire 270 s after they begin ("Transactions time out after
/// 270 seconds", https://firebase.google.com/docs/firestore/quotas#time_limits).</summary>
internal sealed class GrpcTransactions(TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(270);

    /// <summary>Google's message for a transaction id it does not know (expired, committed, rolled back).</summary>
    public const string InvalidTransactionMessage = "The referenced transaction has expired or is no longer valid.";

    private readonly ConcurrentDictionary<ByteString, GrpcTransaction> _open = new();

    public GrpcTransaction Begin(DocumentName database, TransactionOptions? options)
    {
        var now = time.GetUtcNow();
        foreach (var (id, expired) in _open.Where(t => now - t.Value.Started > Lifetime).ToList())
        {
            _open.TryRemove(id, out _);
        }
        if (options?.ReadOnly?.ReadTime is not null)
        {
            throw new GoogleApiException(RpcCode.Unimplemented, "Read-only transactions at a read_time (point-in-time reads) are not supported by the emulator.");
        }
        var transaction = new GrpcTransaction(
            ByteString.CopyFrom(Guid.NewGuid().ToByteArray()),
            database.Root,
            options?.ModeCase == TransactionOptions.ModeOneofCase.ReadOnly,
            now);
        _open[transaction.Id] = transaction;
        return transaction;
    }

    public GrpcTransaction Get(ByteString id, DocumentName database)
    {
        if (!_open.TryGetValue(id, out var transaction) || transaction.DatabaseRoot != database.Root
            || time.GetUtcNow() - transaction.Started > Lifetime)
        {
            throw GoogleErrors.InvalidArgument(InvalidTransactionMessage);
        }
        return transaction;
    }

    /// <summary>Ends a transaction (commit or rollback); it cannot be used again.</summary>
    public GrpcTransaction End(ByteString id, DocumentName database)
    {
        var transaction = Get(id, database);
        _open.TryRemove(id, out _);
        return transaction;
    }
}

/// <summary>One open transaction and the document versions it has read (null: read as missing).</summary>
internal sealed class GrpcTransaction(ByteString id, string databaseRoot, bool readOnly, DateTimeOffset started)
{
    private readonly Dictionary<string, FirestoreDocument?> _reads = new(StringComparer.Ordinal);

    public ByteString Id { get; } = id;

    public string DatabaseRoot { get; } = databaseRoot;

    public bool ReadOnly { get; } = readOnly;

    public DateTimeOffset Started { get; } = started;

    /// <summary>Remembers the first version read of each document: a later read of a newer version
    /// within the same transaction does not hide the change from the commit check.</summary>
    public void RecordRead(string path, FirestoreDocument? version)
    {
        lock (_reads)
        {
            _reads.TryAdd(path, version);
        }
    }

    /// <summary>Called by the commit with the database lock held: ABORTED when a document read by the
    /// transaction has been written (or created, or deleted) since.</summary>
    public void VerifyReadsUnchanged(FirestoreDatabase database)
    {
        lock (_reads)
        {
            foreach (var (path, version) in _reads)
            {
                if (!ReferenceEquals(database.Find(path), version))
                {
                    // Google's message for contention between transactions.
                    throw GoogleErrors.Aborted("Aborted due to cross-transaction contention. This occurs when multiple transactions attempt to access the same data, requiring Firestore to abort at least one in order to enforce serializability.");
                }
            }
        }
    }
}
