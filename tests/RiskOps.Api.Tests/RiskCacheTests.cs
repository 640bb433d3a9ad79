using FsCheck;
using FsCheck.Fluent;
using Microsoft.Extensions.Time.Testing;
using RiskOps.Api.Models;
using RiskOps.Api.Risk;
using RiskOps.Core.Modeling;

namespace RiskOps.Api.Tests;

/// <summary>
/// The slot-array risk cache against a plain dictionary of entries (the oracle): random sequences of sets, gets, clock
/// moves and sweeps over a small id space (so ids are overwritten, removed and re-added, and the arrays grow from 16
/// slots), with two layouts of different widths and ids longer than the inline key width.
/// </summary>
public sealed class RiskCacheTests
{
    private static readonly DateTimeOffset s_start = new(2026, 11, 23, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan s_ttl = TimeSpan.FromHours(24);

    private static readonly FeatureLayout s_narrow = new([new FeatureRef("a", FeatureKind.Numeric), new FeatureRef("region", FeatureKind.Categorical)]);

    private static readonly FeatureLayout s_wide = new([
        new FeatureRef("a", FeatureKind.Numeric), new FeatureRef("b", FeatureKind.Numeric), new FeatureRef("c", FeatureKind.Numeric),
        new FeatureRef("region", FeatureKind.Categorical), new FeatureRef("segment", FeatureKind.Categorical)]);

    private static readonly string[] s_texts = ["north", "south", "east", "ünïcode", ""];

    /// <summary>Id k: short ids, plus every fifth one longer than <see cref="RiskCache.KeyWidth"/>.</summary>
    private static string Id(int k) => k % 5 == 4 ? $"customer-with-a-very-long-external-id-{k:D6}" : $"C{k:D7}";

    /// <summary>An entry whose every field follows from (id, v, now): what the oracle expects back.</summary>
    internal static RiskCacheEntry Entry(string id, int v, DateTimeOffset now, TimeSpan ttl)
    {
        var layout = v % 3 == 0 ? s_wide : s_narrow;
        var numeric = new double[layout.NumericCount];
        for (var i = 0; i < numeric.Length; i++)
        {
            numeric[i] = (v + i) % 7 == 0 ? double.NaN : (v * 0.25) + i;
        }

        var categorical = new string?[layout.CategoricalCount];
        for (var i = 0; i < categorical.Length; i++)
        {
            categorical[i] = (v + i) % 4 == 0 ? null : s_texts[(v + i) % s_texts.Length];
        }

        IReadOnlyList<FeatureContribution>? factors = (v % 4) switch
        {
            0 => null, // as batch re-scoring writes them
            1 => [],
            _ => [new FeatureContribution("a", numeric[0], v * 0.5), new FeatureContribution("region", categorical[0], -v),
                  new FeatureContribution("missing", null, 0.125), new FeatureContribution("count", v, 1)],
        };
        return new RiskCacheEntry(id, v / 1000.0, "crai", 1 + (v % 2), v % 5 == 0 ? "challenger:x" : "champion", layout,
            new FeatureVector(numeric, categorical), factors, now, now + ttl);
    }

    [FsCheck.Xunit.Property(MaxTest = 200)]
    public Property Operations_AgreeWithDictionaryOracle() =>
        Prop.ForAll(Gen.ArrayOf(Gen.Choose(0, int.MaxValue)).ToArbitrary(), ops =>
        {
            var time = new FakeTimeProvider(s_start);
            var cache = new RiskCache(time, capacity: 16, topFactors: 2); // factors outgrow their stride too
            var oracle = new Dictionary<string, RiskCacheEntry>(StringComparer.Ordinal);
            foreach (var op in ops)
            {
                var id = Id(op / 16 % 60);
                var v = op / 960 % 100_000;
                switch (op % 16)
                {
                    case < 8:
                        var entry = Entry(id, v, time.GetUtcNow(), s_ttl);
                        cache.Set(entry);
                        oracle[id] = entry;
                        break;
                    case < 13:
                        var version = 1 + (v % 2);
                        var variant = v % 3 == 0 ? "challenger:x" : "champion";
                        var found = cache.TryGet(id, version, variant, out var got);
                        var expected = oracle.TryGetValue(id, out var e) && e.Version == version && e.Variant == variant
                            && e.ExpiresAt > time.GetUtcNow();
                        if (found != expected || (found && !Same(e!, got)))
                        {
                            return false;
                        }

                        break;
                    case < 15:
                        time.Advance(TimeSpan.FromHours(1 + (v % 12)));
                        break;
                    default:
                        var dropped = cache.Sweep();
                        var expired = oracle.Where(p => p.Value.ExpiresAt <= time.GetUtcNow()).Select(p => p.Key).ToList();
                        expired.ForEach(k => oracle.Remove(k));
                        if (dropped != expired.Count)
                        {
                            return false;
                        }

                        break;
                }

                if (cache.Count != oracle.Count)
                {
                    return false;
                }
            }

            // Every entry the oracle still holds is reachable after all the removals and regrowths.
            return oracle.Values.All(e => e.ExpiresAt <= time.GetUtcNow()
                || (cache.TryGet(e.CustomerId, e.Version, e.Variant, out var got) && Same(e, got)));
        });

    [Fact]
    public void TryGet_ExpiresExactlyAtTtl_AndUnknownIdsMiss()
    {
        var time = new FakeTimeProvider(s_start);
        var cache = new RiskCache(time, capacity: 16);
        var entry = Entry("C0000001", 2, time.GetUtcNow(), s_ttl);
        cache.Set(entry);

        Assert.False(cache.TryGet("C0000002", entry.Version, entry.Variant, out _));
        Assert.False(cache.TryGet("C000000", entry.Version, entry.Variant, out _)); // a prefix is another id
        Assert.False(cache.TryGet("C0000001", entry.Version + 1, entry.Variant, out _));
        Assert.False(cache.TryGet("C0000001", entry.Version, "challenger:y", out _));
        time.Advance(s_ttl - TimeSpan.FromTicks(1));
        Assert.True(cache.TryGet("C0000001", entry.Version, entry.Variant, out var live));
        Assert.True(Same(entry, live));
        time.Advance(TimeSpan.FromTicks(1));
        Assert.False(cache.TryGet("C0000001", entry.Version, entry.Variant, out _));
        Assert.Equal(1, cache.Count); // expired but not yet swept
        Assert.Equal(1, cache.Sweep());
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void Set_BeyondCapacity_GrowsAndKeepsEveryEntry()
    {
        var time = new FakeTimeProvider(s_start);
        var cache = new RiskCache(time, capacity: 16);
        for (var k = 0; k < 1_000; k++)
        {
            cache.Set(Entry(Id(k), k, time.GetUtcNow(), s_ttl));
        }

        Assert.Equal(1_000, cache.Count);
        Assert.True(cache.Capacity >= 1_000);
        for (var k = 0; k < 1_000; k++)
        {
            var expected = Entry(Id(k), k, time.GetUtcNow(), s_ttl);
            Assert.True(cache.TryGet(Id(k), expected.Version, expected.Variant, out var got));
            Assert.True(Same(expected, got), Id(k));
        }

        cache.Clear();
        Assert.Equal(0, cache.Count);
        Assert.False(cache.TryGet(Id(3), 2, "champion", out _));
    }

    [Fact]
    public void TryGet_ReturnsACopy_LaterWritesDoNotChangeIt()
    {
        var time = new FakeTimeProvider(s_start);
        var cache = new RiskCache(time, capacity: 16);
        cache.Set(Entry("C1", 2, time.GetUtcNow(), s_ttl));
        Assert.True(cache.TryGet("C1", 1, "champion", out var before));
        cache.Set(Entry("C1", 8, time.GetUtcNow(), s_ttl));
        Assert.True(Same(Entry("C1", 2, time.GetUtcNow(), s_ttl), before));
    }

    /// <summary>
    /// Writers keep replacing a few ids with entries whose every field follows from one number while readers check that
    /// what they get is one whole entry (and the arrays grow meanwhile): never a mix of two writes.
    /// </summary>
    [Fact]
    public async Task ConcurrentSetAndGet_NeverReturnATornEntry()
    {
        var time = new FakeTimeProvider(s_start);
        var cache = new RiskCache(time, capacity: 16);
        var ct = TestContext.Current.CancellationToken;
        var stop = DateTime.UtcNow + TimeSpan.FromMilliseconds(500);
        var torn = 0;
        long reads = 0;
        var writers = Enumerable.Range(0, 2).Select(w => Task.Run(() =>
        {
            for (var i = 0; DateTime.UtcNow < stop; i++)
            {
                // Versions stay 1 or 2 by parity, so readers asking for either see many different writes.
                cache.Set(Entry(Id(i % 8), (w * 1_000_003) + i, s_start, s_ttl));
                if (i % 97 == 0)
                {
                    cache.Set(Entry(Id(1_000 + (i % 5_000)), i, s_start, s_ttl)); // forces growth while reading
                }
            }
        }, ct));
        var readers = Enumerable.Range(0, 2).Select(r => Task.Run(() =>
        {
            while (DateTime.UtcNow < stop)
            {
                for (var k = 0; k < 8; k++)
                {
                    foreach (var (version, variant) in new[] { (1, "champion"), (2, "champion"), (1, "challenger:x"), (2, "challenger:x") })
                    {
                        if (cache.TryGet(Id(k), version, variant, out var got))
                        {
                            Interlocked.Increment(ref reads);
                            var v = (int)Math.Round(got.Score * 1000);
                            if (!Same(Entry(Id(k), v, s_start, s_ttl), got))
                            {
                                Interlocked.Increment(ref torn);
                            }
                        }
                    }
                }
            }
        }, ct));
        await Task.WhenAll(writers.Concat(readers));
        Assert.Equal(0, torn);
        Assert.True(reads > 0);
    }

    private static bool Same(RiskCacheEntry expected, RiskCacheEntry actual) =>
        expected.CustomerId == actual.CustomerId
        && expected.Score.Equals(actual.Score)
        && expected.Model == actual.Model
        && expected.Version == actual.Version
        && expected.Variant == actual.Variant
        && ReferenceEquals(expected.Layout, actual.Layout)
        && expected.ScoredAt == actual.ScoredAt
        && expected.ExpiresAt == actual.ExpiresAt
        && expected.Features.Numeric.SequenceEqual(actual.Features.Numeric) // double.Equals: NaN equals NaN
        && expected.Features.Categorical.SequenceEqual(actual.Features.Categorical)
        && (expected.Factors is null
            ? actual.Factors is null
            : actual.Factors is not null && expected.Factors.SequenceEqual(actual.Factors));
}
