using System.Buffers.Binary;

namespace JobFinder.Ops.Emulator.Storage;

/// <summary>CRC-32C (Castagnoli), the checksum Cloud Storage reports in <c>crc32c</c>.
/// System.IO.Hashing 10.0 ships only the IEEE polynomial (<c>Crc32</c>) and CRC-64, so the
/// Castagnoli variant is computed here with the classic reflected table (polynomial 0x82F63B78).
/// Incremental: call <see cref="Append"/> per chunk so large objects are never buffered twice.</summary>
internal sealed class Crc32C
{
    private const uint ReflectedPolynomial = 0x82F63B78u;
    private static readonly uint[] Table = BuildTable();
    private uint _state = 0xFFFFFFFFu;

    public void Append(ReadOnlySpan<byte> data)
    {
        var crc = _state;
        foreach (var b in data)
        {
            crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }
        _state = crc;
    }

    public uint Value => _state ^ 0xFFFFFFFFu;

    public static uint Compute(ReadOnlySpan<byte> data)
    {
        var crc = new Crc32C();
        crc.Append(data);
        return crc.Value;
    }

    /// <summary>Google encodes the checksum as base64 of its four bytes in big-endian order.</summary>
    public static string ToBase64(uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return Convert.ToBase64String(bytes);
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            var entry = i;
            for (var bit = 0; bit < 8; bit++)
            {
                entry = (entry & 1) != 0 ? (entry >> 1) ^ ReflectedPolynomial : entry >> 1;
            }
            table[i] = entry;
        }
        return table;
    }
}
