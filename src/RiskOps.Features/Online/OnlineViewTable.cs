namespace RiskOps.Features.Online;

/// <summary>
/// One view's rows in column arrays indexed by a slot per entity. Reads take the read lock; a
/// write batch takes the write lock once. Arrays grow by doubling.
/// </summary>
internal sealed class OnlineViewTable
{
    private readonly Dictionary<string, int> _slots = new(StringComparer.Ordinal);
    private double[] _numeric;
    private string?[] _categorical;
    private long[] _event;
    private long[] _created;

    public OnlineViewTable(OnlineViewSchema schema)
    {
        Schema = schema;
        NumericCount = schema.NumericFeatures.Count;
        CategoricalCount = schema.CategoricalFeatures.Count;
        TtlTicks = schema.Ttl.Ticks;
        _numeric = new double[16 * NumericCount];
        _categorical = new string?[16 * CategoricalCount];
        _event = new long[16];
        _created = new long[16];
    }

    public OnlineViewSchema Schema { get; }

    public int NumericCount { get; }

    public int CategoricalCount { get; }

    public long TtlTicks { get; }

    public ReaderWriterLockSlim Lock { get; } = new(LockRecursionPolicy.NoRecursion);

    /// <summary>Set when a new layout replaced this table; readers then re-resolve.</summary>
    public volatile bool Retired;

    public int Count => _slots.Count;

    public long MaxEventTicks { get; private set; }

    /// <summary>Caller holds the read lock.</summary>
    public bool TryGetSlot(string key, out int slot) => _slots.TryGetValue(key, out slot);

    public double NumericAt(int slot, int column) => _numeric[slot * NumericCount + column];

    public string? CategoricalAt(int slot, int column) => _categorical[slot * CategoricalCount + column];

    public long EventAt(int slot) => _event[slot];

    public long CreatedAt(int slot) => _created[slot];

    /// <summary>Caller holds the write lock. Returns true if the row replaced (or added) the held one.</summary>
    public bool Upsert(string key, long eventTicks, long createdTicks, ReadOnlySpan<double> numeric, ReadOnlySpan<string?> categorical)
    {
        if (_slots.TryGetValue(key, out var slot))
        {
            if (eventTicks < _event[slot] || (eventTicks == _event[slot] && createdTicks <= _created[slot]))
            {
                return false;
            }
        }
        else
        {
            slot = _slots.Count;
            if (slot == _event.Length)
            {
                Grow();
            }
            _slots.Add(key, slot);
        }
        _event[slot] = eventTicks;
        _created[slot] = createdTicks;
        numeric.CopyTo(_numeric.AsSpan(slot * NumericCount, NumericCount));
        categorical.CopyTo(_categorical.AsSpan(slot * CategoricalCount, CategoricalCount));
        if (eventTicks > MaxEventTicks)
        {
            MaxEventTicks = eventTicks;
        }
        return true;
    }

    /// <summary>Every held row, for the snapshot. Caller holds a lock.</summary>
    public IEnumerable<(string Key, int Slot)> Rows() => _slots.Select(p => (p.Key, p.Value));

    private void Grow()
    {
        var capacity = _event.Length * 2;
        Array.Resize(ref _event, capacity);
        Array.Resize(ref _created, capacity);
        Array.Resize(ref _numeric, capacity * NumericCount);
        Array.Resize(ref _categorical, capacity * CategoricalCount);
    }
}
