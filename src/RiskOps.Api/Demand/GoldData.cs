using System.Data.Common;
using System.Globalization;
using DuckDB.NET.Data;
using RiskOps.Api.Errors;
using RiskOps.Api.Seams;
using RiskOps.Core.Lakehouse;
using RiskOps.Core.Storage;
using RiskOps.Features.Definitions;

namespace RiskOps.Api.Demand;

/// <summary>
/// Embedded reads of the gold tables serving needs (read-only, through DuckDB): bays and vehicles, and a
/// seasonal demand forecaster used until a trained demand model is wired. The forecast for a bay and bucket is
/// the mean bookings of the same weekday and quarter-hour over the last 8 weeks of history, times an uplift for
/// announced public events nearby (1 + min(2, attendance / 10,000) × e^(−distance / 2 km)), since the seasonal
/// mean cannot know about a one-off event.
/// </summary>
internal sealed class GoldData(DataLayout layout, TimeProvider time) : IDemandForecaster, IReferenceData
{
    private static readonly TimeSpan s_vehicleRefresh = TimeSpan.FromHours(1);
    private readonly SemaphoreSlim _vehicleLock = new(1, 1);
    private (Dictionary<string, VehicleInfo> Vehicles, DateTimeOffset LoadedAt)? _vehicles;

    public async ValueTask<VehicleInfo?> GetVehicleAsync(string vehicleId, CancellationToken cancellationToken)
    {
        var loaded = _vehicles;
        if (loaded is null || time.GetUtcNow() - loaded.Value.LoadedAt > s_vehicleRefresh)
        {
            await _vehicleLock.WaitAsync(cancellationToken);
            try
            {
                loaded = _vehicles;
                if (loaded is null || time.GetUtcNow() - loaded.Value.LoadedAt > s_vehicleRefresh)
                {
                    loaded = (await LoadVehiclesAsync(cancellationToken), time.GetUtcNow());
                    _vehicles = loaded;
                }
            }
            finally
            {
                _vehicleLock.Release();
            }
        }

        return loaded.Value.Vehicles.GetValueOrDefault(vehicleId);
    }

    private async Task<Dictionary<string, VehicleInfo>> LoadVehiclesAsync(CancellationToken cancellationToken)
    {
        var vehicles = new Dictionary<string, VehicleInfo>(StringComparer.Ordinal);
        await QueryAsync($"""
            SELECT vehicle_id, vehicle_type, lower(CAST(premium AS VARCHAR)) FROM {Latest(GoldTables.Vehicles, "vehicle_id")}
            """, reader => vehicles[reader.GetString(0)] = new VehicleInfo(reader.GetString(0), reader.GetString(1), reader.GetString(2) is "true" or "1"),
            cancellationToken);
        return vehicles;
    }

    /// <summary>
    /// Every customer id (the population the nightly re-scoring covers), sorted: the gold <c>customers</c> dimension,
    /// or the <c>customer_profile</c> table when the dimension is not published.
    /// </summary>
    public async Task<IReadOnlyList<string>> GetCustomerIdsAsync(CancellationToken cancellationToken)
    {
        var ids = new List<string>();
        var table = HasTable(GoldTables.Customers) ? GoldTables.Customers : GoldTables.CustomerProfile;
        await QueryAsync($"SELECT DISTINCT customer_id FROM {Latest(table, "customer_id")} ORDER BY customer_id",
            reader => ids.Add(reader.GetString(0)), cancellationToken);
        return ids;
    }

    public async ValueTask<IReadOnlyList<BayDemandForecast>> ForecastAsync(DateTimeOffset firstBucket, int bucketCount, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var end = firstBucket + (SurgeGrid.Bucket * bucketCount);
        var bays = new List<(BayInfo Bay, int OffsetMinutes)>();
        var hasCities = HasTable(GoldTables.Cities);
        await QueryAsync($"""
            SELECT b.parking_bay_id, b.city, b.lat, b.lon, b.capacity, {(hasCities ? "coalesce(c.utc_offset_minutes, 0)" : "0")}
            FROM {Latest(GoldTables.Bays, "parking_bay_id")} b
            {(hasCities ? $"LEFT JOIN {Latest(GoldTables.Cities, "city")} c ON c.city = b.city" : "")}
            ORDER BY b.parking_bay_id
            """, r => bays.Add((new BayInfo(r.GetString(0), r.GetString(1), Convert.ToDouble(r.GetValue(2), CultureInfo.InvariantCulture),
                Convert.ToDouble(r.GetValue(3), CultureInfo.InvariantCulture), Convert.ToInt32(r.GetValue(4), CultureInfo.InvariantCulture)),
                Convert.ToInt32(r.GetValue(5), CultureInfo.InvariantCulture))), cancellationToken);

        // Seasonal means per (bay, ISO weekday, quarter-hour) over the 8 weeks before the forecast (or before the end of history).
        var slots = new Dictionary<(string Bay, int Dow, int Quarter), (double Mean, long N)>();
        await QueryAsync($"""
            WITH h AS (SELECT parking_bay_id, bucket_start, bookings FROM {Latest(GoldTables.ParkingBayDemandHistory, "parking_bay_id, bucket_start")}),
                 lim AS (SELECT least(max(bucket_start) + INTERVAL 15 MINUTE, {Sql(firstBucket)}) AS hi FROM h)
            SELECT parking_bay_id, isodow(bucket_start), hour(bucket_start) * 4 + minute(bucket_start) // 15, avg(bookings), count(*)
            FROM h, lim WHERE bucket_start < hi AND bucket_start >= hi - INTERVAL 56 DAY
            GROUP BY ALL
            """, r => slots[(r.GetString(0), Convert.ToInt32(r.GetValue(1), CultureInfo.InvariantCulture), Convert.ToInt32(r.GetValue(2), CultureInfo.InvariantCulture))] =
                (Convert.ToDouble(r.GetValue(3), CultureInfo.InvariantCulture), Convert.ToInt64(r.GetValue(4), CultureInfo.InvariantCulture)), cancellationToken);

        var events = new Dictionary<string, List<(string Kind, DateTime Starts, DateTime Ends, double Attendance, double DistanceKm)>>(StringComparer.Ordinal);
        if (HasTable(GoldTables.PublicEventsCalendar))
        {
            await QueryAsync($"""
                SELECT parking_bay_id, kind, starts_at, ends_at, attendance, distance_km
                FROM {Latest(GoldTables.PublicEventsCalendar, "parking_bay_id, event_id")}
                WHERE event_ts <= {Sql(now)} AND ends_at + INTERVAL 1 HOUR > {Sql(firstBucket)} AND starts_at - INTERVAL 2 HOUR < {Sql(end)}
                """, r =>
                {
                    var bay = r.GetString(0);
                    if (!events.TryGetValue(bay, out var list))
                    {
                        events[bay] = list = [];
                    }

                    list.Add((r.GetString(1), r.GetDateTime(2), r.GetDateTime(3), Convert.ToDouble(r.GetValue(4), CultureInfo.InvariantCulture),
                        Convert.ToDouble(r.GetValue(5), CultureInfo.InvariantCulture)));
                }, cancellationToken);
        }

        var result = new List<BayDemandForecast>(bays.Count);
        foreach (var (bay, offset) in bays)
        {
            double total = 0;
            long count = 0;
            foreach (var ((id, _, _), (mean, n)) in slots)
            {
                if (id == bay.BayId)
                {
                    total += mean * n;
                    count += n;
                }
            }

            var baseline = count == 0 ? 0 : total / count;
            var buckets = new List<BucketDemand>(bucketCount);
            for (var i = 0; i < bucketCount; i++)
            {
                var start = firstBucket + (SurgeGrid.Bucket * i);
                var utc = start.UtcDateTime;
                var dow = utc.DayOfWeek == DayOfWeek.Sunday ? 7 : (int)utc.DayOfWeek;
                var quarter = (utc.Hour * 4) + (utc.Minute / 15);
                var factors = new List<string>();
                var (expected, n) = slots.TryGetValue((bay.BayId, dow, quarter), out var slot) ? slot : (baseline, 0L);
                var local = utc.AddMinutes(offset);
                if (local.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && local.Hour is (>= 7 and < 10) or (>= 17 and < 20))
                {
                    factors.Add($"rush hour ({local:HH:mm} local)");
                }

                if (baseline > 0 && expected > 1.25 * baseline)
                {
                    factors.Add($"usually busy at this time ({expected:0.00} bookings vs {baseline:0.00} on average)");
                }

                var uplift = 1.0;
                foreach (var e in events.GetValueOrDefault(bay.BayId) ?? [])
                {
                    if (e.Starts.AddHours(-2) < utc.AddMinutes(15) && e.Ends.AddHours(1) > utc)
                    {
                        uplift *= 1 + (Math.Min(2, e.Attendance / 10_000) * Math.Exp(-e.DistanceKm / 2));
                        factors.Add($"{e.Kind} {e.DistanceKm:0.0} km away with {e.Attendance:N0} attendance");
                    }
                }

                uplift = Math.Min(uplift, 3);
                var relativeError = 1 / Math.Sqrt(Math.Max(1, n) * Math.Max(expected, 0.1));
                var confidence = n == 0 ? 0 : 1 / (1 + relativeError);
                buckets.Add(new BucketDemand(start, expected * uplift, baseline, confidence, factors));
            }

            result.Add(new BayDemandForecast(bay, buckets));
        }

        return result;
    }

    /// <summary>Every bay with what the demand model's request inputs need (city offset, capacity, points of interest), by id.</summary>
    public async Task<IReadOnlyList<(BayInfo Info, DemandBay Demand)>> GetDemandBaysAsync(CancellationToken cancellationToken)
    {
        var bays = new List<(BayInfo, DemandBay)>();
        var hasCities = HasTable(GoldTables.Cities);
        await QueryAsync($"""
            SELECT b.parking_bay_id, b.city, b.lat, b.lon, b.capacity, {(hasCities ? "coalesce(c.utc_offset_minutes, 0)" : "0")}, CAST(b.poi AS VARCHAR)
            FROM {Latest(GoldTables.Bays, "parking_bay_id")} b
            {(hasCities ? $"LEFT JOIN {Latest(GoldTables.Cities, "city")} c ON c.city = b.city" : "")}
            ORDER BY b.parking_bay_id
            """, r =>
            {
                var id = r.GetString(0);
                var capacity = Convert.ToInt32(r.GetValue(4), CultureInfo.InvariantCulture);
                bays.Add((new BayInfo(id, r.GetString(1), Convert.ToDouble(r.GetValue(2), CultureInfo.InvariantCulture),
                        Convert.ToDouble(r.GetValue(3), CultureInfo.InvariantCulture), capacity),
                    new DemandBay(id, Convert.ToInt32(r.GetValue(5), CultureInfo.InvariantCulture), capacity, DemandBay.ParsePois(r.IsDBNull(6) ? null : r.GetString(6)))));
            }, cancellationToken);
        return bays;
    }

    private bool HasTable(string table) =>
        Directory.Exists(layout.GoldTableDir(table)) && Directory.EnumerateFiles(layout.GoldTableDir(table), "*.parquet", SearchOption.AllDirectories).Any();

    /// <summary>A gold table with only the latest correction of each key (highest created_ts).</summary>
    private string Latest(string table, string key)
    {
        if (!HasTable(table))
        {
            throw new ServingException(StatusCodes.Status503ServiceUnavailable, "Gold table missing",
                $"Gold table '{table}' has no Parquet files under {layout.GoldTableDir(table)}; run `riskops etl` first.");
        }

        var glob = layout.GoldTableGlob(table).Replace("'", "''", StringComparison.Ordinal);
        return $"(SELECT * FROM read_parquet('{glob}', union_by_name = true) QUALIFY row_number() OVER (PARTITION BY {key} ORDER BY {GoldTables.CreatedTimestamp} DESC) = 1)";
    }

    private static string Sql(DateTimeOffset at) => $"TIMESTAMP '{at.UtcDateTime:yyyy-MM-dd HH:mm:ss}'";

    private static async Task QueryAsync(string sql, Action<DbDataReader> row, CancellationToken cancellationToken)
    {
        await using var connection = new DuckDBConnection("Data Source=:memory:");
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            row(reader);
        }
    }
}
