using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace JobFinder.Ops.Emulator.Storage;

/// <summary>What a finished upload produced: where its bytes live and the two checksums Google reports.</summary>
internal sealed record BlobInfo(string BlobId, long Size, string Md5Base64, string Crc32cBase64);

/// <summary>Where object bytes live: in memory (tests) or as files under the data path, so a large
/// export does not have to fit in the emulator's heap.</summary>
internal interface IBlobStore
{
    /// <summary>A write-only stream that computes MD5 and CRC32C as the bytes pass.</summary>
    BlobWriter CreateWriter();

    /// <summary>True when blobs outlive the process (files), so state reloads may still refer to them.</summary>
    bool IsDurable { get; }

    Stream OpenRead(string blobId);

    void Delete(string blobId);

    /// <summary>Deletes every blob not in <paramref name="keep"/> (used after reset/load).</summary>
    void Retain(IReadOnlySet<string> keep);
}

/// <summary>Write side of a blob. Dispose without <see cref="Complete"/> discards the bytes.</summary>
internal abstract class BlobWriter : Stream
{
    private readonly IncrementalHash _md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
    private readonly Crc32C _crc = new();
    private long _length;
    private bool _completed;

    protected BlobWriter(string blobId) => BlobId = blobId;

    public string BlobId { get; }

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => _length;
    public override long Position { get => _length; set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        _md5.AppendData(buffer);
        _crc.Append(buffer);
        _length += buffer.Length;
        WriteCore(buffer);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        Write(buffer.AsSpan(offset, count));
        return Task.CompletedTask;
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public BlobInfo Complete()
    {
        CompleteCore();
        _completed = true;
        return new BlobInfo(BlobId, _length, Convert.ToBase64String(_md5.GetHashAndReset()), Crc32C.ToBase64(_crc.Value));
    }

    protected abstract void WriteCore(ReadOnlySpan<byte> buffer);

    protected abstract void CompleteCore();

    protected abstract void Discard();

    public override void Flush() { }
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _md5.Dispose();
            if (!_completed)
            {
                Discard();
            }
        }
        base.Dispose(disposing);
    }
}

internal sealed class MemoryBlobStore : IBlobStore
{
    private readonly ConcurrentDictionary<string, ChunkedBuffer> _blobs = new(StringComparer.Ordinal);

    public bool IsDurable => false;

    public BlobWriter CreateWriter() => new Writer(this, Guid.NewGuid().ToString("N"));

    public Stream OpenRead(string blobId) =>
        _blobs.TryGetValue(blobId, out var buffer) ? buffer.OpenRead() : throw new FileNotFoundException("blob missing", blobId);

    public void Delete(string blobId) => _blobs.TryRemove(blobId, out _);

    public void Retain(IReadOnlySet<string> keep)
    {
        foreach (var id in _blobs.Keys.Where(id => !keep.Contains(id)).ToList())
        {
            _blobs.TryRemove(id, out _);
        }
    }

    private sealed class Writer(MemoryBlobStore store, string blobId) : BlobWriter(blobId)
    {
        private readonly ChunkedBuffer _buffer = new();

        protected override void WriteCore(ReadOnlySpan<byte> buffer) => _buffer.Append(buffer);

        protected override void CompleteCore()
        {
            _buffer.Trim();
            store._blobs[BlobId] = _buffer;
        }

        protected override void Discard() { }
    }
}

/// <summary>One file per blob under <c>DATA/storage/blobs</c>; written to a temporary name and renamed
/// on completion so a crash never leaves a half object behind a committed name.</summary>
internal sealed class DiskBlobStore : IBlobStore
{
    private readonly string _directory;

    public DiskBlobStore(string directory)
    {
        _directory = directory;
        Directory.CreateDirectory(directory);
    }

    public BlobWriter CreateWriter() => new Writer(this, Guid.NewGuid().ToString("N"));

    public bool IsDurable => true;

    public Stream OpenRead(string blobId)
    {
        var path = PathOf(blobId);
        return File.Exists(path)
            ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 81920)
            : throw new FileNotFoundException("blob missing", blobId);
    }

    public void Delete(string blobId) => File.Delete(PathOf(blobId));

    public void Retain(IReadOnlySet<string> keep)
    {
        foreach (var file in Directory.EnumerateFiles(_directory))
        {
            var name = Path.GetFileName(file);
            if (!keep.Contains(name))
            {
                File.Delete(file);
            }
        }
    }

    private string PathOf(string blobId) => Path.Combine(_directory, blobId);

    private sealed class Writer : BlobWriter
    {
        private readonly DiskBlobStore _store;
        private readonly string _temporaryPath;
        private readonly FileStream _file;

        public Writer(DiskBlobStore store, string blobId) : base(blobId)
        {
            _store = store;
            _temporaryPath = store.PathOf(blobId) + ".partial";
            _file = new FileStream(_temporaryPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920);
        }

        protected override void WriteCore(ReadOnlySpan<byte> buffer) => _file.Write(buffer);

        protected override void CompleteCore()
        {
            _file.Dispose();
            File.Move(_temporaryPath, _store.PathOf(BlobId));
        }

        protected override void Discard()
        {
            _file.Dispose();
            File.Delete(_temporaryPath);
        }
    }
}
