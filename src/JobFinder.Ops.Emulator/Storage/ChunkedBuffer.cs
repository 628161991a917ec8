namespace JobFinder.Ops.Emulator.Storage;

/// <summary>An append-only byte buffer made of chunks, so an object of tens of megabytes (a Firestore
/// export shard) is held once, without the doubling-and-copying of a MemoryStream or a final ToArray.
/// Chunks grow from 4 KiB to 1 MiB; the last one is trimmed when the writer completes so that small
/// objects cost what they weigh.</summary>
internal sealed class ChunkedBuffer
{
    private const int FirstChunkSize = 4 * 1024;
    private const int MaxChunkSize = 1024 * 1024;
    private readonly List<byte[]> _chunks = [];
    private int _lastUsed;

    public long Length { get; private set; }

    public void Append(ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            if (_chunks.Count == 0 || _lastUsed == _chunks[^1].Length)
            {
                var size = _chunks.Count == 0 ? FirstChunkSize : Math.Min(MaxChunkSize, _chunks[^1].Length * 2);
                _chunks.Add(new byte[size]);
                _lastUsed = 0;
            }
            var target = _chunks[^1].AsSpan(_lastUsed);
            var take = Math.Min(target.Length, data.Length);
            data[..take].CopyTo(target);
            _lastUsed += take;
            Length += take;
            data = data[take..];
        }
    }

    /// <summary>Drops the unused tail of the last chunk once no more writes will come.</summary>
    public void Trim()
    {
        if (_chunks.Count > 0 && _lastUsed < _chunks[^1].Length)
        {
            _chunks[^1] = _chunks[^1].AsSpan(0, _lastUsed).ToArray();
        }
    }

    public Stream OpenRead() => new Reader(this);

    private sealed class Reader(ChunkedBuffer buffer) : Stream
    {
        private long _position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => buffer.Length;
        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] destination, int offset, int count) => Read(destination.AsSpan(offset, count));

        public override int Read(Span<byte> destination)
        {
            var copied = 0;
            var chunkStart = 0L;
            foreach (var chunk in buffer._chunks)
            {
                if (destination.IsEmpty || _position >= buffer.Length)
                {
                    break;
                }
                var chunkEnd = chunkStart + chunk.Length;
                if (_position < chunkEnd)
                {
                    var from = (int)(_position - chunkStart);
                    var available = (int)Math.Min(chunk.Length - from, buffer.Length - _position);
                    var take = Math.Min(available, destination.Length);
                    chunk.AsSpan(from, take).CopyTo(destination);
                    destination = destination[take..];
                    _position += take;
                    copied += take;
                }
                chunkStart = chunkEnd;
            }
            return copied;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] source, int offset, int count) => throw new NotSupportedException();
    }
}
