namespace RiskOps.Features.Online;

/// <summary>
/// A read plan over <see cref="InMemoryOnlineStore"/>: per view, the table and the column index of
/// each requested feature, resolved once. A read is one dictionary lookup per view plus array copies.
/// </summary>
internal sealed class InMemoryOnlineReader : IOnlineReader
{
    private readonly InMemoryOnlineStore _store;
    private readonly IReadOnlyList<OnlineViewSelection> _selections;
    private Part[] _parts;

    public InMemoryOnlineReader(InMemoryOnlineStore store, IReadOnlyList<OnlineViewSelection> selections)
    {
        _store = store;
        _selections = selections;
        FeatureCount = selections.Sum(s => s.Features.Count);
        _parts = Resolve();
    }

    public int FeatureCount { get; }

    public void Read(ReadOnlySpan<string> keys, long nowUtcTicks, Span<double> numeric, Span<string?> categorical, Span<FeatureStatus> status, Span<long> eventTicks)
    {
        if (numeric.Length < FeatureCount || categorical.Length < FeatureCount || status.Length < FeatureCount || eventTicks.Length < FeatureCount)
        {
            throw new ArgumentException($"buffers must hold {FeatureCount} features");
        }
        var parts = _parts;
        for (var p = 0; p < parts.Length; p++)
        {
            if (parts[p].Table.Retired)
            {
                parts = _parts = Resolve();
                break;
            }
        }
        foreach (var part in parts)
        {
            var table = part.Table;
            var offset = part.Offset;
            var n = part.Columns.Length;
            table.Lock.EnterReadLock();
            try
            {
                if (!table.TryGetSlot(keys[part.KeyIndex], out var slot))
                {
                    Fill(offset, n, FeatureStatus.Missing, 0, numeric, categorical, status, eventTicks);
                    continue;
                }
                var ev = table.EventAt(slot);
                if (nowUtcTicks - ev > table.TtlTicks)
                {
                    Fill(offset, n, FeatureStatus.Expired, ev, numeric, categorical, status, eventTicks);
                    continue;
                }
                for (var i = 0; i < n; i++)
                {
                    var column = part.Columns[i];
                    if (part.IsNumeric[i])
                    {
                        numeric[offset + i] = table.NumericAt(slot, column);
                        categorical[offset + i] = null;
                    }
                    else
                    {
                        numeric[offset + i] = double.NaN;
                        categorical[offset + i] = table.CategoricalAt(slot, column);
                    }
                    status[offset + i] = FeatureStatus.Present;
                    eventTicks[offset + i] = ev;
                }
            }
            finally
            {
                table.Lock.ExitReadLock();
            }
        }
    }

    private static void Fill(int offset, int n, FeatureStatus value, long ev, Span<double> numeric, Span<string?> categorical, Span<FeatureStatus> status, Span<long> eventTicks)
    {
        numeric.Slice(offset, n).Fill(double.NaN);
        categorical.Slice(offset, n).Clear();
        status.Slice(offset, n).Fill(value);
        eventTicks.Slice(offset, n).Fill(ev);
    }

    private Part[] Resolve()
    {
        var parts = new Part[_selections.Count];
        var offset = 0;
        for (var s = 0; s < _selections.Count; s++)
        {
            var selection = _selections[s];
            var table = _store.Table(selection.View);
            var columns = new int[selection.Features.Count];
            var isNumeric = new bool[selection.Features.Count];
            for (var i = 0; i < columns.Length; i++)
            {
                var name = selection.Features[i];
                var numericIndex = IndexOf(table.Schema.NumericFeatures, name);
                if (numericIndex >= 0)
                {
                    columns[i] = numericIndex;
                    isNumeric[i] = true;
                    continue;
                }
                var categoricalIndex = IndexOf(table.Schema.CategoricalFeatures, name);
                columns[i] = categoricalIndex >= 0
                    ? categoricalIndex
                    : throw new FeatureStoreException($"online view '{selection.View}' has no feature '{name}'");
            }
            parts[s] = new Part(table, selection.KeyIndex, offset, columns, isNumeric);
            offset += columns.Length;
        }
        return parts;
    }

    private static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (var i = 0; i < names.Count; i++)
        {
            if (string.Equals(names[i], name, StringComparison.Ordinal))
            {
                return i;
            }
        }
        return -1;
    }

    private sealed record Part(OnlineViewTable Table, int KeyIndex, int Offset, int[] Columns, bool[] IsNumeric);
}
