using System.Globalization;
using RiskOps.Core.Lakehouse;
using RiskOps.Core.Storage;
using RiskOps.Lakehouse.Catalog;

namespace RiskOps.Lakehouse.Retention;

/// <summary>
/// Drops month partitions older than the retention horizon from the month-partitioned tables (silver
/// telematics and gold customer_driving_behavior), and records the horizon so a later gold rebuild
/// does not bring the dropped months back.
/// </summary>
internal sealed class RetentionManager(DataLayout layout, LakehouseCatalog catalog, TimeProvider time)
{
    /// <summary>The folders holding <c>month=yyyy-MM</c> partitions.</summary>
    public IReadOnlyList<string> PartitionedRoots =>
    [
        Path.Combine(layout.SilverDir, "telematics"),
        layout.GoldTableDir(GoldTables.CustomerDrivingBehavior),
    ];

    /// <summary>The first month kept when keeping <paramref name="keepMonths"/> months up to and including the month of <paramref name="asOf"/>.</summary>
    public static string KeepFrom(int keepMonths, DateTimeOffset asOf)
    {
        var month = new DateTime(asOf.UtcDateTime.Year, asOf.UtcDateTime.Month, 1, 0, 0, 0, DateTimeKind.Utc).AddMonths(-(keepMonths - 1));
        return month.ToString("yyyy-MM", CultureInfo.InvariantCulture);
    }

    public IReadOnlyList<string> Apply(int keepMonths, DateTimeOffset? asOf, CancellationToken cancellationToken)
    {
        if (keepMonths < 1)
        {
            throw new LakehouseException($"--keep-months must be at least 1, not {keepMonths}");
        }
        var now = time.GetUtcNow();
        var keepFrom = KeepFrom(keepMonths, asOf ?? now);
        var dropped = new List<string>();
        foreach (var root in PartitionedRoots.Where(Directory.Exists))
        {
            foreach (var partition in Directory.EnumerateDirectories(root, "month=*").Order(StringComparer.Ordinal).ToList())
            {
                cancellationToken.ThrowIfCancellationRequested();
                var month = Path.GetFileName(partition)["month=".Length..];
                if (string.CompareOrdinal(month, keepFrom) < 0)
                {
                    Directory.Delete(partition, recursive: true);
                    catalog.RecordRetention(Path.GetRelativePath(layout.Root, partition), month, keepFrom, now);
                    dropped.Add(Path.GetRelativePath(layout.Root, partition));
                }
            }
        }
        if (dropped.Count == 0)
        {
            catalog.RecordRetention("", "", keepFrom, now);
        }
        return dropped;
    }
}
