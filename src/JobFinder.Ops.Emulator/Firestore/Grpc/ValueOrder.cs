using Google.Cloud.Firestore.V1;

namespace JobFinder.Ops.Emulator.Firestore.Grpc;

/// <summary>Firestore's total order of values, as documented in "Ordering of value types"
/// (https://firebase.google.com/docs/firestore/manage-data/data-types#value_type_ordering): null, booleans,
/// numbers (integers and doubles together, NaN first), timestamps, strings (UTF-8 byte order), bytes,
/// references (segment by segment), geo points (latitude, then longitude), arrays (element-wise, then
/// length), maps (keys then values in key order, then size). The same order drives orderBy, cursors and
/// range filters; the client SDKs implement it identically (firebase-js-sdk src/model/values.ts).</summary>
internal static class ValueOrder
{
    public static int TypeOrder(Value value) => value.ValueTypeCase switch
    {
        Value.ValueTypeOneofCase.NullValue => 0,
        Value.ValueTypeOneofCase.BooleanValue => 1,
        Value.ValueTypeOneofCase.IntegerValue or Value.ValueTypeOneofCase.DoubleValue => 2,
        Value.ValueTypeOneofCase.TimestampValue => 3,
        Value.ValueTypeOneofCase.StringValue => 4,
        Value.ValueTypeOneofCase.BytesValue => 5,
        Value.ValueTypeOneofCase.ReferenceValue => 6,
        Value.ValueTypeOneofCase.GeoPointValue => 7,
        Value.ValueTypeOneofCase.ArrayValue => 8,
        Value.ValueTypeOneofCase.MapValue => 9,
        _ => 0,
    };

    public static int Compare(Value left, Value right)
    {
        var byType = TypeOrder(left).CompareTo(TypeOrder(right));
        if (byType != 0)
        {
            return byType;
        }
        return left.ValueTypeCase switch
        {
            Value.ValueTypeOneofCase.NullValue => 0,
            Value.ValueTypeOneofCase.BooleanValue => left.BooleanValue.CompareTo(right.BooleanValue),
            Value.ValueTypeOneofCase.IntegerValue or Value.ValueTypeOneofCase.DoubleValue => CompareNumbers(left, right),
            Value.ValueTypeOneofCase.TimestampValue => left.TimestampValue.CompareTo(right.TimestampValue),
            Value.ValueTypeOneofCase.StringValue => CompareUtf8(left.StringValue, right.StringValue),
            Value.ValueTypeOneofCase.BytesValue => left.BytesValue.Span.SequenceCompareTo(right.BytesValue.Span),
            Value.ValueTypeOneofCase.ReferenceValue => CompareReferences(left.ReferenceValue, right.ReferenceValue),
            Value.ValueTypeOneofCase.GeoPointValue => CompareGeoPoints(left.GeoPointValue, right.GeoPointValue),
            Value.ValueTypeOneofCase.ArrayValue => CompareArrays(left.ArrayValue.Values, right.ArrayValue.Values),
            Value.ValueTypeOneofCase.MapValue => CompareMaps(left.MapValue, right.MapValue),
            _ => 0,
        };
    }

    public static bool IsNaN(Value value) => value.ValueTypeCase == Value.ValueTypeOneofCase.DoubleValue && double.IsNaN(value.DoubleValue);

    public static bool IsNumber(Value value) => TypeOrder(value) == 2;

    /// <summary>Strings compare by their UTF-8 bytes, which is code-point order (ordinal UTF-16 differs
    /// for characters above U+FFFF).</summary>
    public static int CompareUtf8(string left, string right)
    {
        if (!left.Any(char.IsSurrogate) && !right.Any(char.IsSurrogate))
        {
            return Math.Sign(string.CompareOrdinal(left, right));
        }
        return System.Text.Encoding.UTF8.GetBytes(left).AsSpan().SequenceCompareTo(System.Text.Encoding.UTF8.GetBytes(right));
    }

    /// <summary>Document names compare segment by segment (so <c>a/b</c> sorts before <c>a/b/c/d</c> and
    /// <c>a</c> before <c>a-b</c>), not as whole strings.</summary>
    public static int CompareReferences(string left, string right)
    {
        var l = left.Split('/');
        var r = right.Split('/');
        for (var i = 0; i < Math.Min(l.Length, r.Length); i++)
        {
            var c = CompareUtf8(l[i], r[i]);
            if (c != 0)
            {
                return c;
            }
        }
        return l.Length.CompareTo(r.Length);
    }

    private static int CompareNumbers(Value left, Value right)
    {
        if (left.ValueTypeCase == Value.ValueTypeOneofCase.IntegerValue && right.ValueTypeCase == Value.ValueTypeOneofCase.IntegerValue)
        {
            return left.IntegerValue.CompareTo(right.IntegerValue);
        }
        var l = AsDouble(left);
        var r = AsDouble(right);
        // NaN sorts before every other number and equals itself.
        if (double.IsNaN(l) || double.IsNaN(r))
        {
            return double.IsNaN(l) ? (double.IsNaN(r) ? 0 : -1) : 1;
        }
        return l.CompareTo(r);
    }

    private static double AsDouble(Value value) =>
        value.ValueTypeCase == Value.ValueTypeOneofCase.IntegerValue ? value.IntegerValue : value.DoubleValue;

    private static int CompareGeoPoints(Google.Type.LatLng left, Google.Type.LatLng right)
    {
        var byLatitude = left.Latitude.CompareTo(right.Latitude);
        return byLatitude != 0 ? byLatitude : left.Longitude.CompareTo(right.Longitude);
    }

    private static int CompareArrays(IList<Value> left, IList<Value> right)
    {
        for (var i = 0; i < Math.Min(left.Count, right.Count); i++)
        {
            var c = Compare(left[i], right[i]);
            if (c != 0)
            {
                return c;
            }
        }
        return left.Count.CompareTo(right.Count);
    }

    private static int CompareMaps(MapValue left, MapValue right)
    {
        var leftKeys = left.Fields.Keys.OrderBy(k => k, Utf8Comparer.Instance).ToList();
        var rightKeys = right.Fields.Keys.OrderBy(k => k, Utf8Comparer.Instance).ToList();
        for (var i = 0; i < Math.Min(leftKeys.Count, rightKeys.Count); i++)
        {
            var byKey = CompareUtf8(leftKeys[i], rightKeys[i]);
            if (byKey != 0)
            {
                return byKey;
            }
            var byValue = Compare(left.Fields[leftKeys[i]], right.Fields[rightKeys[i]]);
            if (byValue != 0)
            {
                return byValue;
            }
        }
        return leftKeys.Count.CompareTo(rightKeys.Count);
    }

    private sealed class Utf8Comparer : IComparer<string>
    {
        public static readonly Utf8Comparer Instance = new();

        public int Compare(string? x, string? y) => CompareUtf8(x ?? string.Empty, y ?? string.Empty);
    }
}
