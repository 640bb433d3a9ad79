using RiskOps.Api.Seams;

namespace RiskOps.Api.Demand;

/// <summary>An immutable surge grid: every bay × every 15-minute bucket of a 24-hour horizon.</summary>
internal sealed class SurgeGrid
{
    public static readonly TimeSpan Bucket = TimeSpan.FromMinutes(15);

    public SurgeGrid(DateTimeOffset computedAt, DateTimeOffset firstBucket, int bucketCount, IReadOnlyDictionary<string, (BayInfo Bay, SurgeCell[] Cells)> bays,
        string forecaster = "seasonal")
    {
        Forecaster = forecaster;
        ComputedAt = computedAt;
        FirstBucket = firstBucket;
        BucketCount = bucketCount;
        Bays = bays;
    }

    /// <summary>What forecast the grid: the demand model and version (<c>demand v3</c>) or <c>seasonal</c>, the fallback.</summary>
    public string Forecaster { get; }

    public DateTimeOffset ComputedAt { get; }

    public DateTimeOffset FirstBucket { get; }

    public int BucketCount { get; }

    public DateTimeOffset End => FirstBucket + (Bucket * BucketCount);

    public IReadOnlyDictionary<string, (BayInfo Bay, SurgeCell[] Cells)> Bays { get; }

    /// <summary>Bucket index of an instant, or -1 outside the horizon.</summary>
    public int IndexOf(DateTimeOffset at)
    {
        if (at < FirstBucket || at >= End)
        {
            return -1;
        }

        return (int)((at - FirstBucket).Ticks / Bucket.Ticks);
    }

    public static DateTimeOffset FloorToBucket(DateTimeOffset at)
    {
        var utc = at.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - (utc.Ticks % Bucket.Ticks), TimeSpan.Zero);
    }

    public static SurgeGrid From(DateTimeOffset computedAt, DateTimeOffset firstBucket, int bucketCount, IReadOnlyList<BayDemandForecast> forecast)
    {
        var bays = new Dictionary<string, (BayInfo, SurgeCell[])>(StringComparer.Ordinal);
        foreach (var bay in forecast)
        {
            var cells = new SurgeCell[bucketCount];
            for (var i = 0; i < bucketCount; i++)
            {
                var start = firstBucket + (Bucket * i);
                var demand = i < bay.Buckets.Count ? bay.Buckets[i] : new BucketDemand(start, 0, 0, 0, []);
                var ratio = SurgePolicy.Ratio(demand.ExpectedBookings, demand.BaselineBookings);
                cells[i] = new SurgeCell(start, demand.ExpectedBookings, demand.BaselineBookings, SurgePolicy.Level(ratio),
                    SurgePolicy.SurgeFactor(ratio), SurgePolicy.PriceAdjustment(ratio), Math.Clamp(demand.Confidence, 0, 1), demand.Factors);
            }

            bays[bay.Bay.BayId] = (bay.Bay, cells);
        }

        var sources = forecast.Select(f => f.Source).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return new SurgeGrid(computedAt, firstBucket, bucketCount, bays, sources.Count == 0 ? "none" : string.Join(", ", sources));
    }
}
