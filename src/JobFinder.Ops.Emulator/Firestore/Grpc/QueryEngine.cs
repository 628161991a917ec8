using Google.Cloud.Firestore.V1;
using Google.Protobuf.Collections;
using JobFinder.Ops.Emulator.Infrastructure;
using static Google.Cloud.Firestore.V1.StructuredQuery.Types;

namespace JobFinder.Ops.Emulator.Firestore.Grpc;

/// <summary>Runs a <see cref="StructuredQuery"/> (query.proto) over one database: the collection selector,
/// <c>where</c> (field, unary and composite filters), <c>order_by</c> with Firestore's implicit orderings,
/// cursors, <c>offset</c>, <c>limit</c> and <c>select</c>. Filter semantics are the ones the client SDKs
/// mirror for offline queries (firebase-js-sdk packages/firestore/src/core/filter.ts): range and equality
/// filters match only values of the same type class; <c>!=</c> and <c>not-in</c> skip missing fields and
/// nulls; a document without a field it is ordered by is not a result.</summary>
internal static class QueryEngine
{
    public sealed record Match(FirestoreDocument Stored, Document Document);

    public static List<Match> Run(FirestoreDatabase database, DocumentName parent, StructuredQuery query)
    {
        if (query.FindNearest is not null)
        {
            throw new GoogleApiException(RpcCode.Unimplemented, "Vector search (find_nearest) is not supported by the emulator.");
        }
        if (query.From.Count != 1)
        {
            throw GoogleErrors.InvalidArgument("A query must select exactly one collection (from).");
        }
        var selector = query.From[0];
        var candidates = selector.CollectionId.Length == 0
            ? AllDescendants(database, parent, selector)
            : database.Query(parent.Path, selector.CollectionId, selector.AllDescendants);

        var orderBy = EffectiveOrder(query);
        var matches = new List<Match>();
        foreach (var stored in candidates)
        {
            var document = DocumentName.ToProto(database, stored);
            if ((query.Where is null || Matches(query.Where, document)) && HasOrderFields(orderBy, document))
            {
                matches.Add(new Match(stored, document));
            }
        }
        matches.Sort((a, b) => CompareDocuments(orderBy, a.Document, b.Document));

        IEnumerable<Match> results = matches;
        if (query.StartAt is { } start)
        {
            // start_at.before: the cursor sits just before its position, so the position is included.
            results = results.Where(m => CompareToCursor(start, orderBy, m.Document) is var c && (start.Before ? c <= 0 : c < 0));
        }
        if (query.EndAt is { } end)
        {
            results = results.Where(m => CompareToCursor(end, orderBy, m.Document) is var c && (end.Before ? c > 0 : c >= 0));
        }
        if (query.Offset < 0 || query.Limit < 0)
        {
            throw GoogleErrors.InvalidArgument("offset and limit must not be negative.");
        }
        results = results.Skip(query.Offset);
        if (query.Limit is { } limit)
        {
            results = results.Take(limit);
        }
        var list = results.ToList();
        if (query.Select is { } select)
        {
            var paths = select.Fields.Select(f => FieldPath.Parse(f.FieldPath)).Where(p => !p.IsDocumentName).ToList();
            foreach (var match in list)
            {
                var projected = FieldPath.Project(match.Document.Fields, paths);
                match.Document.Fields.Clear();
                match.Document.Fields.Add(projected);
            }
        }
        return list;
    }

    /// <summary>A kindless query (no collection id, all descendants): every document below the parent.</summary>
    private static List<FirestoreDocument> AllDescendants(FirestoreDatabase database, DocumentName parent, CollectionSelector selector)
    {
        if (!selector.AllDescendants)
        {
            throw GoogleErrors.InvalidArgument("A collection selector without a collection id needs all_descendants.");
        }
        var prefix = parent.Path.Length == 0 ? string.Empty : parent.Path + "/";
        return database.Snapshot(d => d.Path.StartsWith(prefix, StringComparison.Ordinal));
    }

    /// <summary>The explicit orderings, then every inequality field not already ordered (in field-path
    /// order), then <c>__name__</c> in the direction of the last ordering ("Firestore ... implicitly orders by
    /// the inequality fields and the document name", https://firebase.google.com/docs/firestore/query-data/order-limit-data).</summary>
    public static List<Order> EffectiveOrder(StructuredQuery query)
    {
        var orders = query.OrderBy.Select(o => o.Clone()).ToList();
        var ordered = orders.Select(o => o.Field.FieldPath).ToHashSet(StringComparer.Ordinal);
        if (query.Where is not null)
        {
            foreach (var field in InequalityFields(query.Where).Where(f => !ordered.Contains(f)).Distinct().Order(StringComparer.Ordinal))
            {
                orders.Add(new Order { Field = new FieldReference { FieldPath = field }, Direction = Direction.Ascending });
            }
        }
        if (!orders.Any(o => FieldPath.Parse(o.Field.FieldPath).IsDocumentName))
        {
            orders.Add(new Order
            {
                Field = new FieldReference { FieldPath = FieldPath.DocumentName },
                Direction = orders.Count > 0 && orders[^1].Direction == Direction.Descending ? Direction.Descending : Direction.Ascending,
            });
        }
        return orders;
    }

    private static IEnumerable<string> InequalityFields(Filter filter) => filter.FilterTypeCase switch
    {
        Filter.FilterTypeOneofCase.CompositeFilter => filter.CompositeFilter.Filters.SelectMany(InequalityFields),
        Filter.FilterTypeOneofCase.FieldFilter when filter.FieldFilter.Op is FieldFilter.Types.Operator.LessThan
            or FieldFilter.Types.Operator.LessThanOrEqual or FieldFilter.Types.Operator.GreaterThan
            or FieldFilter.Types.Operator.GreaterThanOrEqual or FieldFilter.Types.Operator.NotEqual
            or FieldFilter.Types.Operator.NotIn => [filter.FieldFilter.Field.FieldPath],
        Filter.FilterTypeOneofCase.UnaryFilter when filter.UnaryFilter.Op is UnaryFilter.Types.Operator.IsNotNan
            or UnaryFilter.Types.Operator.IsNotNull => [filter.UnaryFilter.Field.FieldPath],
        _ => [],
    };

    public static bool Matches(Filter filter, Document document)
    {
        switch (filter.FilterTypeCase)
        {
            case Filter.FilterTypeOneofCase.CompositeFilter:
                var composite = filter.CompositeFilter;
                return composite.Op switch
                {
                    CompositeFilter.Types.Operator.And => composite.Filters.All(f => Matches(f, document)),
                    CompositeFilter.Types.Operator.Or => composite.Filters.Any(f => Matches(f, document)),
                    _ => throw GoogleErrors.InvalidArgument("A composite filter needs the AND or OR operator."),
                };
            case Filter.FilterTypeOneofCase.FieldFilter:
                var field = filter.FieldFilter;
                return MatchesField(field.Op, FieldValue(field.Field, document), field.Value ?? throw GoogleErrors.InvalidArgument($"The filter on '{field.Field?.FieldPath}' has no value."));
            case Filter.FilterTypeOneofCase.UnaryFilter:
                var unary = filter.UnaryFilter;
                var value = FieldValue(unary.Field, document);
                return unary.Op switch
                {
                    UnaryFilter.Types.Operator.IsNan => value is not null && ValueOrder.IsNaN(value),
                    UnaryFilter.Types.Operator.IsNull => value?.ValueTypeCase == Value.ValueTypeOneofCase.NullValue,
                    UnaryFilter.Types.Operator.IsNotNan => value is not null && value.ValueTypeCase != Value.ValueTypeOneofCase.NullValue && !ValueOrder.IsNaN(value),
                    UnaryFilter.Types.Operator.IsNotNull => value is not null && value.ValueTypeCase != Value.ValueTypeOneofCase.NullValue,
                    _ => throw GoogleErrors.InvalidArgument("A unary filter needs an operator."),
                };
            default:
                throw GoogleErrors.InvalidArgument("An empty filter is not allowed.");
        }
    }

    private static bool MatchesField(FieldFilter.Types.Operator op, Value? field, Value operand)
    {
        switch (op)
        {
            case FieldFilter.Types.Operator.ArrayContains:
                return field?.ArrayValue is { } array && array.Values.Any(v => SameClassEqual(v, operand));
            case FieldFilter.Types.Operator.ArrayContainsAny:
                return field?.ArrayValue is { } values && values.Values.Any(v => RequireArray(operand, op).Values.Any(o => SameClassEqual(v, o)));
            case FieldFilter.Types.Operator.In:
                return field is not null && RequireArray(operand, op).Values.Any(o => SameClassEqual(field, o));
            case FieldFilter.Types.Operator.NotIn:
                var excluded = RequireArray(operand, op);
                if (excluded.Values.Any(v => v.ValueTypeCase == Value.ValueTypeOneofCase.NullValue))
                {
                    return false;
                }
                return IsPresentAndNotNull(field) && !excluded.Values.Any(o => SameClassEqual(field!, o));
            case FieldFilter.Types.Operator.NotEqual:
                // "Types do not have to match in NOT_EQUAL filters", but missing fields and nulls never match.
                return IsPresentAndNotNull(field) && ValueOrder.Compare(field!, operand) != 0;
        }
        if (field is null || ValueOrder.TypeOrder(field) != ValueOrder.TypeOrder(operand))
        {
            return false;
        }
        var comparison = ValueOrder.Compare(field, operand);
        return op switch
        {
            FieldFilter.Types.Operator.LessThan => comparison < 0,
            FieldFilter.Types.Operator.LessThanOrEqual => comparison <= 0,
            FieldFilter.Types.Operator.GreaterThan => comparison > 0,
            FieldFilter.Types.Operator.GreaterThanOrEqual => comparison >= 0,
            FieldFilter.Types.Operator.Equal => comparison == 0,
            _ => throw GoogleErrors.InvalidArgument("A field filter needs an operator."),
        };
    }

    private static bool IsPresentAndNotNull(Value? value) => value is not null && value.ValueTypeCase != Value.ValueTypeOneofCase.NullValue;

    /// <summary>Equality as queries use it: numbers compare by value (1 == 1.0, as the index stores them).</summary>
    private static bool SameClassEqual(Value left, Value right) =>
        ValueOrder.TypeOrder(left) == ValueOrder.TypeOrder(right) && ValueOrder.Compare(left, right) == 0;

    private static ArrayValue RequireArray(Value operand, FieldFilter.Types.Operator op) =>
        operand.ArrayValue ?? throw GoogleErrors.InvalidArgument($"A '{op}' filter needs an array value.");

    private static Value? FieldValue(FieldReference? reference, Document document)
    {
        var path = FieldPath.Parse(reference?.FieldPath ?? string.Empty);
        return path.IsDocumentName ? new Value { ReferenceValue = document.Name } : path.Find(document.Fields);
    }

    private static bool HasOrderFields(List<Order> orderBy, Document document) =>
        orderBy.All(o => FieldValue(o.Field, document) is not null);

    private static int CompareDocuments(List<Order> orderBy, Document left, Document right)
    {
        foreach (var order in orderBy)
        {
            var comparison = ValueOrder.Compare(FieldValue(order.Field, left)!, FieldValue(order.Field, right)!);
            if (comparison != 0)
            {
                return order.Direction == Direction.Descending ? -comparison : comparison;
            }
        }
        return 0;
    }

    /// <summary>The cursor's position against the document's, in query order: negative when the cursor comes
    /// first. A cursor may name fewer values than there are orderings (a prefix).</summary>
    private static int CompareToCursor(Cursor cursor, List<Order> orderBy, Document document)
    {
        if (cursor.Values.Count > orderBy.Count)
        {
            throw GoogleErrors.InvalidArgument("A cursor has more values than the query has orderings.");
        }
        for (var i = 0; i < cursor.Values.Count; i++)
        {
            var position = cursor.Values[i];
            var field = FieldValue(orderBy[i].Field, document)!;
            if (FieldPath.Parse(orderBy[i].Field.FieldPath).IsDocumentName && position.ValueTypeCase != Value.ValueTypeOneofCase.ReferenceValue)
            {
                throw GoogleErrors.InvalidArgument("A cursor on __name__ must be a document reference.");
            }
            var comparison = ValueOrder.Compare(position, field);
            if (comparison != 0)
            {
                return orderBy[i].Direction == Direction.Descending ? -comparison : comparison;
            }
        }
        return 0;
    }

    /// <summary>The count, sum and avg aggregations (query.proto, <c>StructuredAggregationQuery</c>) over the
    /// query's results: sum stays an integer while every input is one and it does not overflow; avg is a
    /// double, null when no document has a numeric value; non-numeric values are ignored.</summary>
    public static AggregationResult Aggregate(IReadOnlyList<Match> matches, IEnumerable<StructuredAggregationQuery.Types.Aggregation> aggregations)
    {
        var result = new AggregationResult();
        var index = 0;
        foreach (var aggregation in aggregations)
        {
            index++;
            var alias = aggregation.Alias.Length > 0 ? aggregation.Alias : $"field_{index}";
            result.AggregateFields[alias] = aggregation.OperatorCase switch
            {
                StructuredAggregationQuery.Types.Aggregation.OperatorOneofCase.Count =>
                    new Value { IntegerValue = aggregation.Count.UpTo is { } upTo ? Math.Min(matches.Count, upTo) : matches.Count },
                StructuredAggregationQuery.Types.Aggregation.OperatorOneofCase.Sum => Sum(Numbers(matches, aggregation.Sum.Field)),
                StructuredAggregationQuery.Types.Aggregation.OperatorOneofCase.Avg => Average(Numbers(matches, aggregation.Avg.Field)),
                _ => throw GoogleErrors.InvalidArgument($"Aggregation '{alias}' has no operator."),
            };
        }
        return result;
    }

    private static List<Value> Numbers(IReadOnlyList<Match> matches, FieldReference field) =>
        matches.Select(m => FieldValue(field, m.Document)).Where(v => v is not null && ValueOrder.IsNumber(v)).Select(v => v!).ToList();

    private static Value Sum(List<Value> numbers)
    {
        long integer = 0;
        var allIntegers = numbers.All(n => n.ValueTypeCase == Value.ValueTypeOneofCase.IntegerValue);
        if (allIntegers)
        {
            try
            {
                foreach (var n in numbers)
                {
                    integer = checked(integer + n.IntegerValue);
                }
                return new Value { IntegerValue = integer };
            }
            catch (OverflowException)
            {
                // Falls through to double arithmetic, as Firestore does on overflow.
            }
        }
        return new Value { DoubleValue = numbers.Sum(n => n.ValueTypeCase == Value.ValueTypeOneofCase.IntegerValue ? n.IntegerValue : n.DoubleValue) };
    }

    private static Value Average(List<Value> numbers) => numbers.Count == 0
        ? new Value { NullValue = Google.Protobuf.WellKnownTypes.NullValue.NullValue }
        : new Value { DoubleValue = numbers.Average(n => n.ValueTypeCase == Value.ValueTypeOneofCase.IntegerValue ? n.IntegerValue : n.DoubleValue) };
}
