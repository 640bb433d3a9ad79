using Microsoft.Extensions.Options;
using RiskOps.Api.Hosting;
using RiskOps.Api.Models;
using RiskOps.Api.Observability;
using RiskOps.Core.Modeling;

namespace RiskOps.Api.Risk;

/// <summary>
/// In-process risk cache keyed by customer id; entries expire after the TTL and are refreshed by the nightly batch.
/// </summary>
/// <remarks>
/// Every entry lives in preallocated flat arrays indexed by a slot: the id's characters, score, version, variant,
/// timestamps, the feature vector and the top factors. Writing an entry therefore allocates nothing that outlives the
/// request: a dictionary of entry objects made every cache miss promote ~1 KB of objects into gen 1 and then gen 2
/// (plus card marking on the old dictionary), and gen-1 collections were the cache miss's tail. Hand-written because
/// no kept library offers an open-addressing map whose values are struct-of-arrays. Reads copy the slot out into a
/// short-lived <see cref="RiskCacheEntry"/> (gen-0 garbage). One lock guards everything: it is held for a probe and a
/// copy of a few hundred bytes, so readers never see a torn entry and contention stays negligible.
/// Ids longer than <see cref="KeyWidth"/> characters keep their string (the one per-entry object left).
/// Arrays grow by doubling (the cost of a copy, once per doubling); <see cref="ServingOptions.RiskCacheCapacity"/>
/// sizes them for the population up front.
/// </remarks>
internal sealed class RiskCache
{
    /// <summary>Ids up to this many characters are stored inline.</summary>
    internal const int KeyWidth = 24;

    private const byte FactorNull = 0;
    private const byte FactorNumber = 1;
    private const byte FactorObject = 2;

    private readonly Lock _lock = new();
    private readonly TimeProvider _time;

    // Small intern tables: an entry stores the index of its model name, variant and layout.
    private readonly List<string> _names = [];
    private readonly Dictionary<string, int> _nameIndex = new(StringComparer.Ordinal);
    private readonly List<FeatureLayout> _layouts = [];

    // Open addressing with linear probing: bucket → slot + 1 (0 = empty).
    private int[] _buckets = [];
    private int _mask;

    // Per slot.
    private int[] _hash = [];
    private int[] _keyLength = []; // -1 = free slot
    private char[] _keyChars = [];
    private string?[] _longKeys = [];
    private double[] _score = [];
    private int[] _version = [];
    private int[] _model = [];
    private int[] _variant = [];
    private int[] _layout = [];
    private long[] _scoredAt = [];
    private long[] _expiresAt = [];
    private double[] _numeric = [];
    private string?[] _categorical = [];
    private int[] _factorCount = []; // -1 = factors not computed yet
    private int[] _factorFeature = []; // index into _names
    private byte[] _factorKind = [];
    private double[] _factorNumber = [];
    private object?[] _factorObject = [];
    private double[] _factorContribution = [];

    private int _capacity;
    private int _numericStride;
    private int _categoricalStride;
    private int _factorStride;
    private int _used; // slots [0, _used) have been handed out
    private int[] _free = [];
    private int _freeCount;
    private int _count;

    public RiskCache(TimeProvider time, ServingMetrics metrics, IOptions<ServingOptions> options)
        : this(time, options.Value.RiskCacheCapacity, options.Value.TopFactors)
    {
        metrics.RiskCacheEntries = () => Count;
    }

    internal RiskCache(TimeProvider time, int capacity, int topFactors = 5)
    {
        _time = time;
        Resize(Math.Max(16, capacity), 0, 0, Math.Max(1, topFactors));
    }

    public int Count => Volatile.Read(ref _count);

    /// <summary>Slots the arrays hold now (grows by doubling).</summary>
    internal int Capacity => _capacity;

    /// <summary>A live entry scored by the given model version and variant, if any (a copy: later writes do not change it).</summary>
    public bool TryGet(string customerId, int version, string variant, out RiskCacheEntry entry)
    {
        var now = _time.GetUtcNow().UtcTicks;
        lock (_lock)
        {
            var slot = Find(customerId, string.GetHashCode(customerId.AsSpan()));
            if (slot >= 0 && _version[slot] == version && _expiresAt[slot] > now
                && string.Equals(_names[_variant[slot]], variant, StringComparison.Ordinal))
            {
                entry = Read(slot, customerId);
                return true;
            }
        }

        entry = null!;
        return false;
    }

    /// <summary>Stores a copy of <paramref name="entry"/> under its customer id, replacing what was there.</summary>
    public void Set(RiskCacheEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var id = entry.CustomerId;
        var hash = string.GetHashCode(id.AsSpan());
        lock (_lock)
        {
            var layout = entry.Layout;
            var factors = entry.Factors;
            if (layout.NumericCount > _numericStride || layout.CategoricalCount > _categoricalStride || (factors?.Count ?? 0) > _factorStride)
            {
                Resize(_capacity, Math.Max(layout.NumericCount, _numericStride), Math.Max(layout.CategoricalCount, _categoricalStride),
                    Math.Max(factors?.Count ?? 0, _factorStride));
            }

            var slot = Find(id, hash);
            if (slot < 0)
            {
                slot = Add(id, hash);
            }

            _score[slot] = entry.Score;
            _version[slot] = entry.Version;
            _model[slot] = Intern(entry.Model);
            _variant[slot] = Intern(entry.Variant);
            _layout[slot] = InternLayout(layout);
            _scoredAt[slot] = entry.ScoredAt.UtcTicks;
            _expiresAt[slot] = entry.ExpiresAt.UtcTicks;
            entry.Features.Numeric.AsSpan(0, layout.NumericCount).CopyTo(_numeric.AsSpan(slot * _numericStride));
            var categorical = _categorical.AsSpan(slot * _categoricalStride, _categoricalStride);
            entry.Features.Categorical.AsSpan(0, layout.CategoricalCount).CopyTo(categorical);
            categorical[layout.CategoricalCount..].Clear(); // no stale references from a wider layout kept alive
            if (factors is null)
            {
                _factorCount[slot] = -1;
                return;
            }

            _factorCount[slot] = factors.Count;
            var at = slot * _factorStride;
            for (var i = 0; i < factors.Count; i++, at++)
            {
                var factor = factors[i];
                _factorFeature[at] = Intern(factor.Feature);
                _factorContribution[at] = factor.Contribution;
                // A boxed double would be a new object kept alive by the cache: store the number itself.
                if (factor.Value is double number)
                {
                    _factorKind[at] = FactorNumber;
                    _factorNumber[at] = number;
                    _factorObject[at] = null;
                }
                else
                {
                    _factorKind[at] = factor.Value is null ? FactorNull : FactorObject;
                    _factorObject[at] = factor.Value;
                }
            }
        }
    }

    public void Clear()
    {
        lock (_lock)
        {
            Array.Clear(_buckets);
            Array.Fill(_keyLength, -1);
            Array.Clear(_longKeys);
            Array.Clear(_categorical);
            Array.Clear(_factorObject);
            _used = 0;
            _freeCount = 0;
            Volatile.Write(ref _count, 0);
        }
    }

    /// <summary>Drops expired entries; returns how many were dropped.</summary>
    public int Sweep()
    {
        var now = _time.GetUtcNow().UtcTicks;
        var dropped = 0;
        lock (_lock)
        {
            for (var slot = 0; slot < _used; slot++)
            {
                if (_keyLength[slot] >= 0 && _expiresAt[slot] <= now)
                {
                    Remove(slot);
                    dropped++;
                }
            }
        }

        return dropped;
    }

    private RiskCacheEntry Read(int slot, string customerId)
    {
        var layout = _layouts[_layout[slot]];
        var numeric = _numeric.AsSpan(slot * _numericStride, layout.NumericCount).ToArray();
        var categorical = _categorical.AsSpan(slot * _categoricalStride, layout.CategoricalCount).ToArray();
        FeatureContribution[]? factors = null;
        if (_factorCount[slot] >= 0)
        {
            factors = new FeatureContribution[_factorCount[slot]];
            for (int i = 0, at = slot * _factorStride; i < factors.Length; i++, at++)
            {
                object? value = _factorKind[at] switch
                {
                    FactorNumber => _factorNumber[at],
                    FactorObject => _factorObject[at],
                    _ => null,
                };
                factors[i] = new FeatureContribution(_names[_factorFeature[at]], value, _factorContribution[at]);
            }
        }

        return new RiskCacheEntry(customerId, _score[slot], _names[_model[slot]], _version[slot], _names[_variant[slot]], layout,
            new FeatureVector(numeric, categorical), factors,
            new DateTimeOffset(_scoredAt[slot], TimeSpan.Zero), new DateTimeOffset(_expiresAt[slot], TimeSpan.Zero));
    }

    /// <summary>The slot holding <paramref name="id"/>, or -1. Caller holds the lock.</summary>
    private int Find(string id, int hash)
    {
        for (var b = hash & _mask; ; b = (b + 1) & _mask)
        {
            var slot = _buckets[b] - 1;
            if (slot < 0)
            {
                return -1;
            }

            if (_hash[slot] == hash && KeyEquals(slot, id))
            {
                return slot;
            }
        }
    }

    private bool KeyEquals(int slot, string id)
    {
        var length = _keyLength[slot];
        return length > KeyWidth
            ? string.Equals(_longKeys[slot], id, StringComparison.Ordinal)
            : length == id.Length && _keyChars.AsSpan(slot * KeyWidth, length).SequenceEqual(id);
    }

    private int Add(string id, int hash)
    {
        if (_freeCount == 0 && _used == _capacity)
        {
            Resize(_capacity * 2, _numericStride, _categoricalStride, _factorStride);
        }

        var slot = _freeCount > 0 ? _free[--_freeCount] : _used++;
        _hash[slot] = hash;
        _keyLength[slot] = id.Length;
        if (id.Length > KeyWidth)
        {
            _longKeys[slot] = id;
        }
        else
        {
            id.CopyTo(_keyChars.AsSpan(slot * KeyWidth));
        }

        var b = hash & _mask;
        while (_buckets[b] != 0)
        {
            b = (b + 1) & _mask;
        }

        _buckets[b] = slot + 1;
        Volatile.Write(ref _count, _count + 1);
        return slot;
    }

    /// <summary>Frees a slot; linear probing's backward-shift deletion keeps every other key reachable without tombstones.</summary>
    private void Remove(int slot)
    {
        var i = _hash[slot] & _mask;
        while (_buckets[i] != slot + 1)
        {
            i = (i + 1) & _mask;
        }

        _buckets[i] = 0;
        for (var j = (i + 1) & _mask; _buckets[j] != 0; j = (j + 1) & _mask)
        {
            var home = _hash[_buckets[j] - 1] & _mask;
            // The key at j may move into the hole at i unless its home lies cyclically in (i, j].
            var stays = i <= j ? home > i && home <= j : home > i || home <= j;
            if (!stays)
            {
                _buckets[i] = _buckets[j];
                _buckets[j] = 0;
                i = j;
            }
        }

        _keyLength[slot] = -1;
        _longKeys[slot] = null;
        _categorical.AsSpan(slot * _categoricalStride, _categoricalStride).Clear();
        _factorObject.AsSpan(slot * _factorStride, _factorStride).Clear();
        _free[_freeCount++] = slot;
        Volatile.Write(ref _count, _count - 1);
    }

    private int Intern(string name)
    {
        if (!_nameIndex.TryGetValue(name, out var index))
        {
            index = _names.Count;
            _names.Add(name);
            _nameIndex.Add(name, index);
        }

        return index;
    }

    private int InternLayout(FeatureLayout layout)
    {
        for (var i = 0; i < _layouts.Count; i++)
        {
            if (ReferenceEquals(_layouts[i], layout))
            {
                return i;
            }
        }

        // A new model version brings a new layout; entries of older ones are replaced or expire, so drop layouts no slot uses
        // before the list could grow with every promotion.
        if (_layouts.Count >= 8)
        {
            var inUse = new bool[_layouts.Count];
            for (var slot = 0; slot < _used; slot++)
            {
                if (_keyLength[slot] >= 0)
                {
                    inUse[_layout[slot]] = true;
                }
            }

            if (Array.IndexOf(inUse, false) is var unused and >= 0)
            {
                _layouts[unused] = layout;
                return unused;
            }
        }

        _layouts.Add(layout);
        return _layouts.Count - 1;
    }

    /// <summary>Reallocates every array for <paramref name="capacity"/> slots and the given strides, copying what is held. Caller holds the lock (or is the constructor).</summary>
    private void Resize(int capacity, int numericStride, int categoricalStride, int factorStride)
    {
        var old = (Capacity: _capacity, Numeric: _numericStride, Categorical: _categoricalStride, Factors: _factorStride);
        _hash = Grow(_hash, capacity, 1, 1, _used);
        _keyLength = Grow(_keyLength, capacity, 1, 1, _used);
        _keyLength.AsSpan(old.Capacity).Fill(-1);
        _keyChars = Grow(_keyChars, capacity, KeyWidth, KeyWidth, _used);
        _longKeys = Grow(_longKeys, capacity, 1, 1, _used);
        _score = Grow(_score, capacity, 1, 1, _used);
        _version = Grow(_version, capacity, 1, 1, _used);
        _model = Grow(_model, capacity, 1, 1, _used);
        _variant = Grow(_variant, capacity, 1, 1, _used);
        _layout = Grow(_layout, capacity, 1, 1, _used);
        _scoredAt = Grow(_scoredAt, capacity, 1, 1, _used);
        _expiresAt = Grow(_expiresAt, capacity, 1, 1, _used);
        _factorCount = Grow(_factorCount, capacity, 1, 1, _used);
        _numeric = Grow(_numeric, capacity, old.Numeric, numericStride, _used);
        _categorical = Grow(_categorical, capacity, old.Categorical, categoricalStride, _used);
        _factorFeature = Grow(_factorFeature, capacity, old.Factors, factorStride, _used);
        _factorKind = Grow(_factorKind, capacity, old.Factors, factorStride, _used);
        _factorNumber = Grow(_factorNumber, capacity, old.Factors, factorStride, _used);
        _factorObject = Grow(_factorObject, capacity, old.Factors, factorStride, _used);
        _factorContribution = Grow(_factorContribution, capacity, old.Factors, factorStride, _used);
        _free = Grow(_free, capacity, 1, 1, _freeCount);
        (_capacity, _numericStride, _categoricalStride, _factorStride) = (capacity, numericStride, categoricalStride, factorStride);

        if (capacity != old.Capacity)
        {
            // Buckets at most half full keep probe runs short; re-insert every held slot.
            _buckets = new int[(int)Math.Min(1 << 30, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)capacity * 2))];
            _mask = _buckets.Length - 1;
            for (var slot = 0; slot < _used; slot++)
            {
                if (_keyLength[slot] >= 0)
                {
                    var b = _hash[slot] & _mask;
                    while (_buckets[b] != 0)
                    {
                        b = (b + 1) & _mask;
                    }

                    _buckets[b] = slot + 1;
                }
            }
        }
    }

    /// <summary>A copy of <paramref name="source"/>'s first <paramref name="rows"/> rows re-laid out with a new stride and capacity.</summary>
    private static T[] Grow<T>(T[] source, int capacity, int oldStride, int newStride, int rows)
    {
        if (source.Length == (long)capacity * newStride)
        {
            return source;
        }

        var target = new T[checked(capacity * newStride)];
        if (oldStride == newStride)
        {
            source.AsSpan(0, Math.Min(source.Length, rows * oldStride)).CopyTo(target);
        }
        else
        {
            for (var r = 0; r < rows; r++)
            {
                source.AsSpan(r * oldStride, oldStride).CopyTo(target.AsSpan(r * newStride));
            }
        }

        return target;
    }
}
