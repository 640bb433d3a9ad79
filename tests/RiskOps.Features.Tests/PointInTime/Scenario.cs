using System.Globalization;
using System.Text;

namespace RiskOps.Features.Tests.PointInTime;

/// <summary>
/// A random two-view world on a 30-minute grid, so entity timestamps often fall exactly on event
/// timestamps and TTL edges; several rows may share an event timestamp (late corrections).
/// </summary>
internal sealed record Scenario(IReadOnlyList<GenRow> A, IReadOnlyList<GenRow> B, IReadOnlyList<GenEntity> Entities, int NowSlot)
{
    public static readonly TimeSpan Slot = TimeSpan.FromMinutes(30);
    public static readonly TimeSpan TtlA = TimeSpan.FromHours(3);
    public static readonly TimeSpan TtlB = TimeSpan.FromMinutes(90);

    public static string Key(int index) => "C" + index.ToString(CultureInfo.InvariantCulture);

    public static DateTimeOffset EventTime(int slot) => TestWorld.Epoch + slot * Slot;

    public static DateTimeOffset CreatedTime(int slot) => TestWorld.Epoch + TimeSpan.FromDays(30) + TimeSpan.FromMinutes(slot);

    public static DateTimeOffset EntityTime(GenEntity e) => TestWorld.Epoch + e.Slot * Slot + e.Quarter * TimeSpan.FromMinutes(15);

    /// <summary>"Now" for the online check: between grid points, so no row is exactly at now.</summary>
    public DateTimeOffset Now => TestWorld.Epoch + NowSlot * Slot + TimeSpan.FromMinutes(7);

    public static string GoldSelect(IReadOnlyList<GenRow> rows, string valueColumn, string categoryColumn)
    {
        var sb = new StringBuilder();
        sb.Append("SELECT CAST(k AS VARCHAR) AS customer_id, CAST(e AS TIMESTAMP) AS event_ts, CAST(c AS TIMESTAMP) AS created_ts, ")
          .Append("CAST(v AS DOUBLE) AS ").Append(valueColumn).Append(", CAST(s AS VARCHAR) AS ").Append(categoryColumn).Append(" FROM (VALUES ");
        sb.AppendJoin(", ", rows.Select(r =>
            $"({TestWorld.Str(Key(r.Key))}, {TestWorld.Ts(EventTime(r.EventSlot))}, {TestWorld.Ts(CreatedTime(r.CreatedSlot))}, {TestWorld.Num(r.Value)}, {TestWorld.Str(r.Category)})"));
        sb.Append(") AS t(k, e, c, v, s)");
        return sb.ToString();
    }

    public string EntitySelect()
    {
        var sb = new StringBuilder("SELECT CAST(k AS VARCHAR) AS customer_id, CAST(ts AS TIMESTAMP) AS \"timestamp\", CAST(label AS INTEGER) AS label FROM (VALUES ");
        sb.AppendJoin(", ", Entities.Select((e, i) => $"({TestWorld.Str(Key(e.Key))}, {TestWorld.Ts(EntityTime(e))}, {i})"));
        sb.Append(") AS t(k, ts, label)");
        return sb.ToString();
    }

    /// <summary>
    /// The brute-force reference: among rows of the key with event ≤ ts and event ≥ ts − ttl, the one
    /// with the latest (event, created); null when there is none.
    /// </summary>
    public static GenRow? Expected(IReadOnlyList<GenRow> rows, int key, DateTimeOffset ts, TimeSpan ttl)
    {
        GenRow? best = null;
        foreach (var row in rows)
        {
            var ev = EventTime(row.EventSlot);
            if (row.Key != key || ev > ts || ev < ts - ttl)
            {
                continue;
            }
            if (best is null || row.EventSlot > best.EventSlot || (row.EventSlot == best.EventSlot && row.CreatedSlot > best.CreatedSlot))
            {
                best = row;
            }
        }
        return best;
    }
}
