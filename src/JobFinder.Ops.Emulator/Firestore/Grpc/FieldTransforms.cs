using Google.Cloud.Firestore.V1;
using Google.Protobuf.Collections;
using Google.Protobuf.WellKnownTypes;
using Value = Google.Cloud.Firestore.V1.Value;
using JobFinder.Ops.Emulator.Infrastructure;
using static Google.Cloud.Firestore.V1.DocumentTransform.Types;

namespace JobFinder.Ops.Emulator.Firestore.Grpc;

/// <summary>The server-side field transforms of a write (write.proto, <c>DocumentTransform.FieldTransform</c>):
/// serverTimestamp, increment, maximum, minimum, arrayUnion (append_missing_elements) and arrayRemove
/// (remove_all_from_array), with the semantics the proto comments define. Each returns its
/// <c>transform_results</c> entry.</summary>
internal static class FieldTransforms
{
    public static Value Apply(MapField<string, Value> fields, FieldTransform transform, Timestamp requestTime)
    {
        var path = FieldPath.Parse(transform.FieldPath);
        var current = path.Find(fields);
        Value result;
        Value transformResult;
        switch (transform.TransformTypeCase)
        {
            case FieldTransform.TransformTypeOneofCase.SetToServerValue:
                if (transform.SetToServerValue != FieldTransform.Types.ServerValue.RequestTime)
                {
                    throw GoogleErrors.InvalidArgument($"Unknown server value {transform.SetToServerValue}.");
                }
                result = new Value { TimestampValue = requestTime.Clone() };
                transformResult = result;
                break;
            case FieldTransform.TransformTypeOneofCase.Increment:
                result = Increment(current, RequireNumber(transform.Increment, "increment"));
                transformResult = result;
                break;
            case FieldTransform.TransformTypeOneofCase.Maximum:
                result = Extreme(current, RequireNumber(transform.Maximum, "maximum"), wantLarger: true);
                transformResult = result;
                break;
            case FieldTransform.TransformTypeOneofCase.Minimum:
                result = Extreme(current, RequireNumber(transform.Minimum, "minimum"), wantLarger: false);
                transformResult = result;
                break;
            case FieldTransform.TransformTypeOneofCase.AppendMissingElements:
                // "If the field is not an array, or if the field does not yet exist, it is first set to the
                // empty array." The corresponding transform result is the null value.
                var union = ArrayOf(current);
                foreach (var element in transform.AppendMissingElements.Values)
                {
                    if (!union.Values.Any(v => StrictlyEqual(v, element)))
                    {
                        union.Values.Add(element.Clone());
                    }
                }
                result = new Value { ArrayValue = union };
                transformResult = new Value { NullValue = NullValue.NullValue };
                break;
            case FieldTransform.TransformTypeOneofCase.RemoveAllFromArray:
                var remaining = new ArrayValue();
                remaining.Values.AddRange(ArrayOf(current).Values.Where(v => !transform.RemoveAllFromArray.Values.Any(r => StrictlyEqual(v, r))));
                result = new Value { ArrayValue = remaining };
                transformResult = new Value { NullValue = NullValue.NullValue };
                break;
            default:
                throw GoogleErrors.InvalidArgument($"Field transform on '{transform.FieldPath}' has no transform type.");
        }
        path.Set(fields, result);
        return transformResult;
    }

    /// <summary>Equality for array transforms: same type and same value (1 and 1.0 differ, NaN equals NaN),
    /// as arrayUnion/arrayRemove compare elements.</summary>
    public static bool StrictlyEqual(Value left, Value right) =>
        left.ValueTypeCase == right.ValueTypeCase && ValueOrder.Compare(left, right) == 0;

    private static ArrayValue ArrayOf(Value? current) =>
        current?.ValueTypeCase == Value.ValueTypeOneofCase.ArrayValue ? current.ArrayValue.Clone() : new ArrayValue();

    private static Value RequireNumber(Value operand, string name) =>
        ValueOrder.IsNumber(operand) ? operand : throw GoogleErrors.InvalidArgument($"The {name} transform needs a numeric operand.");

    /// <summary>"If both are integers ... integer addition; overflow is clamped to the largest magnitude
    /// integer. If either is a double, both are interpreted as doubles. A non-numeric or missing field is set
    /// to the operand."</summary>
    private static Value Increment(Value? current, Value operand)
    {
        if (current is null || !ValueOrder.IsNumber(current))
        {
            return operand.Clone();
        }
        if (current.ValueTypeCase == Value.ValueTypeOneofCase.IntegerValue && operand.ValueTypeCase == Value.ValueTypeOneofCase.IntegerValue)
        {
            var sum = unchecked(current.IntegerValue + operand.IntegerValue);
            var overflowed = ((current.IntegerValue ^ sum) & (operand.IntegerValue ^ sum)) < 0;
            return new Value { IntegerValue = overflowed ? (operand.IntegerValue > 0 ? long.MaxValue : long.MinValue) : sum };
        }
        return new Value { DoubleValue = AsDouble(current) + AsDouble(operand) };
    }

    /// <summary>Maximum/minimum: a non-numeric or missing field takes the operand; mixed types take the
    /// type of the winner; equal values leave the field unchanged; NaN wins (the proto's rules).</summary>
    private static Value Extreme(Value? current, Value operand, bool wantLarger)
    {
        if (current is null || !ValueOrder.IsNumber(current))
        {
            return operand.Clone();
        }
        if (ValueOrder.IsNaN(current) || ValueOrder.IsNaN(operand))
        {
            return new Value { DoubleValue = double.NaN };
        }
        var comparison = ValueOrder.Compare(operand, current);
        return (wantLarger ? comparison > 0 : comparison < 0) ? operand.Clone() : current;
    }

    private static double AsDouble(Value value) =>
        value.ValueTypeCase == Value.ValueTypeOneofCase.IntegerValue ? value.IntegerValue : value.DoubleValue;
}
