using System.Text.Json;
using JobFinder.Ops.Backup;
using Xunit;

namespace JobFinder.Ops.Tests.Backup;

public sealed class DocumentFieldsTests
{
    [Fact]
    public void A_map_hashes_the_same_whatever_order_its_keys_are_listed_in()
    {
        var one = Document("""{"a":{"mapValue":{"fields":{"x":{"integerValue":"1"},"y":{"stringValue":"b"}}}}}""");
        var other = Document("""{"a":{"mapValue":{"fields":{"y":{"stringValue":"b"},"x":{"integerValue":"1"}}}}}""");

        Assert.Equal(DocumentFields.Hashes(one)["a"], DocumentFields.Hashes(other)["a"]);
        Assert.Null(DocumentFields.FirstDifference(DocumentFields.Hashes(one), DocumentFields.Hashes(other)));
    }

    [Theory]
    [InlineData("""{"a":{"stringValue":"1"},"b":{"stringValue":"2"}}""", """{"a":{"stringValue":"1"},"b":{"stringValue":"3"}}""", "field 'b' has another value")]
    [InlineData("""{"a":{"stringValue":"1"},"b":{"stringValue":"2"}}""", """{"a":{"stringValue":"1"}}""", "field 'b' is missing")]
    [InlineData("""{"a":{"stringValue":"1"}}""", """{"a":{"stringValue":"1"},"c":{"nullValue":null}}""", "field 'c' was added")]
    [InlineData("""{"a":{"integerValue":"1"}}""", """{"a":{"stringValue":"1"}}""", "field 'a' has another value")]
    public void The_first_difference_names_the_field(string expected, string actual, string difference) =>
        Assert.Equal(difference, DocumentFields.FirstDifference(DocumentFields.Hashes(Document(expected)), DocumentFields.Hashes(Document(actual))));

    private static JsonElement Document(string fields) => JsonDocument.Parse($$"""{"name":"projects/p/databases/(default)/documents/c/d","fields":{{fields}}}""").RootElement.Clone();
}
