using System.Text;
using JobFinder.Ops.Emulator.Storage;
using Xunit;

namespace JobFinder.Ops.Emulator.Tests.Storage;

public class Crc32CTests
{
    [Fact]
    public void MatchesTheCastagnoliCheckValue()
    {
        // The standard CRC-32C check value for "123456789" (RFC 3720 appendix B.4 family).
        Assert.Equal(0xE3069283u, Crc32C.Compute(Encoding.ASCII.GetBytes("123456789")));
    }

    [Fact]
    public void EncodesLikeGoogleBigEndianBase64()
    {
        // The value gsutil/GCS report for an object containing exactly "hello world".
        Assert.Equal("yZRlqg==", Crc32C.ToBase64(Crc32C.Compute(Encoding.ASCII.GetBytes("hello world"))));
    }

    [Fact]
    public void IncrementalEqualsOneShot()
    {
        var data = Enumerable.Range(0, 100_000).Select(i => (byte)(i * 31)).ToArray();
        var crc = new Crc32C();
        foreach (var chunk in data.Chunk(777))
        {
            crc.Append(chunk);
        }
        Assert.Equal(Crc32C.Compute(data), crc.Value);
    }
}
