using System.Text;
using DuckDB.NET.Data;
using RiskOps.Core.Modeling;
using RiskOps.Core.Storage;
using RiskOps.Features.Definitions;
using RiskOps.Features.Online;
using RiskOps.Features.Registry;

namespace RiskOps.Features.Offline;

/// <summary>
/// Point-in-time retrieval in DuckDB: one ASOF LEFT JOIN per view from the entity rows to the
/// view's rows deduplicated by latest created timestamp, then a TTL cut. Nothing is loaded into
/// managed memory; the result streams to Parquet.
/// </summary>
internal sealed class OfflineStore(DataLayout layout, FeatureStoreOptions options)
{
    private const string Entities = "__entities";
    private const string Row = "__row";
    private const string Ts = "__ts";

    public async Task<HistoricalFeaturesResult> GetHistoricalFeaturesAsync(ServicePlan plan, HistoricalFeaturesRequest request, CancellationToken cancellationToken)
    {
        var output = Path.GetFullPath(request.OutputPath);
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        await using var duck = await OpenAsync(cancellationToken);
        string timestampColumn;
        if (request.EntityRows is not null)
        {
            if (request.From is not null || request.To is not null)
            {
                throw new FeatureStoreException("give either entity rows or a time range, not both");
            }
            timestampColumn = request.TimestampColumn;
            await LoadEntityRowsAsync(duck, plan, EntitySource(request.EntityRows), timestampColumn, cancellationToken);
        }
        else
        {
            if (request.From is not { } from || request.To is not { } to || from >= to)
            {
                throw new FeatureStoreException("time-range mode needs From < To (or give entity rows)");
            }
            timestampColumn = request.TimestampColumn;
            await LoadTimeRangeSpineAsync(duck, plan, from, to, timestampColumn, request.CarryColumns, cancellationToken);
        }

        var select = await HasExactDuplicatesAsync(duck, plan, cancellationToken)
            ? PointInTimeSelect(plan, timestampColumn, withEventColumns: false, excludeRow: true)
            : NarrowPointInTimeSelect(plan, timestampColumn, withEventColumns: false, excludeRow: true);
        // Written beside the target and moved into place, so a failed or cancelled run never leaves a half-written set.
        var partial = output + ".partial";
        long rows;
        try
        {
            rows = await DuckDbSession.ExecuteAsync(duck,
                $"COPY ({select} ORDER BY {Row}) TO {SourceSql.Literal(partial)} (FORMAT parquet)", cancellationToken);
        }
        catch
        {
            File.Delete(partial);
            throw;
        }
        File.Move(partial, output, overwrite: true);
        return new HistoricalFeaturesResult(output, plan.Features, rows, plan.Service.Name, plan.Service.Version, plan.Service.JoinKeys, timestampColumn);
    }

    /// <summary>Latest offline values as of <paramref name="asOf"/> (the fallback tier when the online store is down).</summary>
    public async Task<OnlineFeatureBatch> ReadLatestAsync(ServicePlan plan, IReadOnlyList<string> entityIds, DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        if (plan.Service.JoinKeys.Count != 1)
        {
            throw new FeatureStoreException($"service '{plan.Service.Name}' needs keys {string.Join(", ", plan.Service.JoinKeys)}");
        }
        var key = plan.Service.JoinKeys[0];
        await using var duck = await OpenAsync(cancellationToken);
        await DuckDbSession.ExecuteAsync(duck,
            $"CREATE TEMP TABLE {Entities} ({SourceSql.Quote(key)} VARCHAR, \"timestamp\" TIMESTAMP, {Row} BIGINT)", cancellationToken);
        using (var appender = duck.CreateAppender(Entities))
        {
            var ts = asOf.UtcDateTime;
            for (var i = 0; i < entityIds.Count; i++)
            {
                appender.CreateRow().AppendValue(entityIds[i]).AppendValue(ts).AppendValue((long)i).EndRow();
            }
        }
        var batch = new OnlineFeatureBatch(plan.Features, entityIds) { ReadAt = asOf, Source = FeatureReadSource.OfflineFallback };
        var select = PointInTimeSelect(plan, "timestamp", withEventColumns: true, excludeRow: false);
        await using var command = duck.CreateCommand();
        command.CommandText = $"SELECT {Row}, * EXCLUDE ({Row}) FROM ({select}) ORDER BY {Row}";
        await using var registration = cancellationToken.Register(command.Cancel);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var n = plan.Features.Count;
        var featureOrdinals = plan.Features.Select(f => reader.GetOrdinal(f.Name)).ToArray();
        var eventOrdinals = plan.Parts.Select((_, p) => reader.GetOrdinal($"__ev{p}")).ToArray();
        while (await reader.ReadAsync(cancellationToken))
        {
            var r = (int)reader.GetInt64(0);
            var f = 0;
            for (var p = 0; p < plan.Parts.Count; p++)
            {
                var part = plan.Parts[p];
                var evOrdinal = eventOrdinals[p];
                long? ev = reader.IsDBNull(evOrdinal) ? null : reader.GetDateTime(evOrdinal).Ticks;
                var expired = ev is { } t && asOf.UtcTicks - t > part.View.Ttl.Ticks;
                foreach (var field in part.Fields)
                {
                    var cell = r * n + f;
                    var ordinal = featureOrdinals[f];
                    batch.EventTicks[cell] = ev ?? 0;
                    batch.Status[cell] = ev is null ? FeatureStatus.Missing : expired ? FeatureStatus.Expired : FeatureStatus.Present;
                    batch.Numeric[cell] = double.NaN;
                    if (batch.Status[cell] == FeatureStatus.Present && !reader.IsDBNull(ordinal))
                    {
                        if (field.Kind == FeatureKind.Numeric)
                        {
                            batch.Numeric[cell] = reader.GetDouble(ordinal);
                        }
                        else
                        {
                            batch.Categorical[cell] = reader.GetString(ordinal);
                        }
                    }
                    f++;
                }
            }
        }
        return batch;
    }

    private Task<DuckDBConnection> OpenAsync(CancellationToken cancellationToken) =>
        DuckDbSession.OpenAsync(Path.Combine(layout.FeatureStoreDir, "tmp"), options.DuckDbMemoryLimit, cancellationToken);

    private static string EntitySource(string entityRows)
    {
        if (entityRows.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase))
        {
            return $"read_parquet({SourceSql.Literal(entityRows)})";
        }
        if (entityRows.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
        {
            return $"read_csv({SourceSql.Literal(entityRows)}, header = true)";
        }
        return entityRows;
    }

    private static async Task LoadEntityRowsAsync(DuckDBConnection duck, ServicePlan plan, string source, string timestampColumn, CancellationToken cancellationToken)
    {
        try
        {
            await DuckDbSession.ExecuteAsync(duck,
                $"CREATE TEMP TABLE {Entities} AS SELECT *, row_number() OVER () AS {Row} FROM (SELECT * FROM {source})", cancellationToken);
        }
        catch (DuckDBException ex)
        {
            throw new FeatureStoreException($"cannot read entity rows: {DuckDbSession.FirstLine(ex)}", ex);
        }
        var columns = new HashSet<string>(StringComparer.Ordinal);
        await using (var command = duck.CreateCommand())
        {
            command.CommandText = $"SELECT column_name FROM (DESCRIBE {Entities})";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                columns.Add(reader.GetString(0));
            }
        }
        var required = plan.Service.JoinKeys.Append(timestampColumn).ToList();
        var missing = required.Where(c => !columns.Contains(c)).ToList();
        if (missing.Count > 0)
        {
            throw new FeatureStoreException(
                $"entity rows lack column(s) {string.Join(", ", missing)} needed by service '{plan.Service.Name}' (they have: {string.Join(", ", columns.Where(c => c != Row))})");
        }
        var clash = plan.Features.Select(f => f.Name).Where(columns.Contains).ToList();
        if (clash.Count > 0)
        {
            throw new FeatureStoreException($"entity rows already have column(s) named like features: {string.Join(", ", clash)}");
        }
        var anyNull = string.Join(" OR ", required.Select(c => $"{SourceSql.Quote(c)} IS NULL"));
        await using (var command = duck.CreateCommand())
        {
            command.CommandText = $"SELECT {Row}, count(*) OVER () FROM {Entities} WHERE {anyNull} ORDER BY {Row} LIMIT 10";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var bad = new List<long>();
            long total = 0;
            while (await reader.ReadAsync(cancellationToken))
            {
                bad.Add(reader.GetInt64(0));
                total = reader.GetInt64(1);
            }
            if (bad.Count > 0)
            {
                throw new FeatureStoreException(
                    $"{total} entity row(s) rejected: null {string.Join(" or ", required)} at row(s) {string.Join(", ", bad)}{(total > bad.Count ? ", …" : "")} (1-based)");
            }
        }
    }

    private async Task LoadTimeRangeSpineAsync(DuckDBConnection duck, ServicePlan plan, DateTimeOffset from, DateTimeOffset to, string timestampColumn,
        IReadOnlyList<string> carry, CancellationToken cancellationToken)
    {
        var spine = plan.Parts[0].View;
        var keys = plan.Service.JoinKeys.Select(SourceSql.Quote).ToList();
        var carried = carry.Select(SourceSql.Quote).ToList();
        var partition = string.Join(", ", keys.Append(SourceSql.Quote(spine.EventTimestampField)));
        var selected = string.Join(", ", keys.Select(k => $"CAST({k} AS VARCHAR) AS {k}").Concat(carried));
        var sql = $"""
            CREATE TEMP TABLE {Entities} AS
            SELECT {selected}, CAST({SourceSql.Quote(spine.EventTimestampField)} AS TIMESTAMP) AS {SourceSql.Quote(timestampColumn)},
                   row_number() OVER (ORDER BY {partition}) AS {Row}
            FROM ({SourceSql.RawSource(layout, spine.Source)}) AS s
            WHERE {string.Join(" AND ", keys.Select(k => $"{k} IS NOT NULL"))}
              AND {SourceSql.Quote(spine.EventTimestampField)} >= {SourceSql.TimestampLiteral(from)}
              AND {SourceSql.Quote(spine.EventTimestampField)} < {SourceSql.TimestampLiteral(to)}
            QUALIFY row_number() OVER (PARTITION BY {partition} ORDER BY {SourceSql.Quote(spine.CreatedTimestampField)} DESC) = 1
            """;
        try
        {
            await DuckDbSession.ExecuteAsync(duck, sql, cancellationToken);
        }
        catch (DuckDBException ex)
        {
            throw new FeatureStoreException(
                $"time-range mode over view '{spine.Name}' failed (its source must hold keys {string.Join(", ", plan.Service.JoinKeys)} and any carried column): {DuckDbSession.FirstLine(ex)}", ex);
        }
    }

    /// <summary>
    /// The point-in-time SELECT in two steps: ASOF joins on each view's narrow (key, event, latest created)
    /// columns pick the row, then an equi-join fetches its features. Sorting only narrow rows for the ASOF
    /// joins is what keeps a million-row retrieval cheap; it needs (key, event, created) to identify one
    /// source row, which <see cref="HasExactDuplicatesAsync"/> checks first.
    /// </summary>
    private string NarrowPointInTimeSelect(ServicePlan plan, string timestampColumn, bool withEventColumns, bool excludeRow)
    {
        var sb = new StringBuilder("WITH e AS (SELECT *, CAST(")
            .Append(SourceSql.Quote(timestampColumn)).Append(" AS TIMESTAMP) AS ").Append(Ts).Append(" FROM ").Append(Entities).Append(')');
        for (var p = 0; p < plan.Parts.Count; p++)
        {
            var part = plan.Parts[p];
            sb.Append(", n").Append(p).Append(" AS (SELECT ").Append(SourceSql.Key).Append(", ").Append(SourceSql.EventTs)
              .Append(", max(").Append(SourceSql.CreatedTs).Append(") AS ").Append(SourceSql.CreatedTs)
              .Append(" FROM (").Append(SourceSql.Relation(layout, part.View, [])).Append(") GROUP BY ALL)");
            sb.Append(", w").Append(p).Append(" AS (").Append(SourceSql.Relation(layout, part.View, part.Fields)).Append(')');
        }
        sb.Append(", a AS (SELECT e.*");
        for (var p = 0; p < plan.Parts.Count; p++)
        {
            sb.Append(", n").Append(p).Append('.').Append(SourceSql.EventTs).Append(" AS __ev").Append(p)
              .Append(", n").Append(p).Append('.').Append(SourceSql.CreatedTs).Append(" AS __cr").Append(p);
        }
        sb.Append(" FROM e");
        for (var p = 0; p < plan.Parts.Count; p++)
        {
            var part = plan.Parts[p];
            sb.Append(" ASOF LEFT JOIN n").Append(p).Append(" ON CAST(e.").Append(SourceSql.Quote(part.View.Entity)).Append(" AS VARCHAR) = n")
              .Append(p).Append('.').Append(SourceSql.Key).Append(" AND e.").Append(Ts).Append(" >= n").Append(p).Append('.').Append(SourceSql.EventTs);
        }
        sb.Append(") SELECT a.* EXCLUDE (").Append(Ts).Append(excludeRow ? ", " + Row : "");
        for (var p = 0; p < plan.Parts.Count; p++)
        {
            sb.Append(", __cr").Append(p);
            if (!withEventColumns)
            {
                sb.Append(", __ev").Append(p);
            }
        }
        sb.Append(')');
        for (var p = 0; p < plan.Parts.Count; p++)
        {
            var part = plan.Parts[p];
            var alive = $"a.__ev{p} >= a.{Ts} - {SourceSql.IntervalLiteral(part.View.Ttl)}";
            foreach (var field in part.Fields)
            {
                sb.Append(", CASE WHEN ").Append(alive).Append(" THEN w").Append(p).Append('.').Append(SourceSql.Quote(field.Name))
                  .Append(" END AS ").Append(SourceSql.Quote(field.Name));
            }
        }
        sb.Append(" FROM a");
        for (var p = 0; p < plan.Parts.Count; p++)
        {
            var part = plan.Parts[p];
            sb.Append(" LEFT JOIN w").Append(p).Append(" ON w").Append(p).Append('.').Append(SourceSql.Key).Append(" = CAST(a.").Append(SourceSql.Quote(part.View.Entity))
              .Append(" AS VARCHAR) AND w").Append(p).Append('.').Append(SourceSql.EventTs).Append(" = a.__ev").Append(p)
              .Append(" AND w").Append(p).Append('.').Append(SourceSql.CreatedTs).Append(" IS NOT DISTINCT FROM a.__cr").Append(p);
        }
        return sb.ToString();
    }

    /// <summary>True if some view has two source rows with the same key, event and created timestamps.</summary>
    private async Task<bool> HasExactDuplicatesAsync(DuckDBConnection duck, ServicePlan plan, CancellationToken cancellationToken)
    {
        foreach (var part in plan.Parts)
        {
            var narrow = SourceSql.Relation(layout, part.View, []);
            var duplicates = await DuckDbSession.CountAsync(duck,
                $"SELECT count(*) FROM (SELECT 1 FROM ({narrow}) GROUP BY ALL HAVING count(*) > 1)", cancellationToken);
            if (duplicates > 0)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>The point-in-time SELECT over the entity table <c>e</c>, one ASOF join per view.</summary>
    private string PointInTimeSelect(ServicePlan plan, string timestampColumn, bool withEventColumns, bool excludeRow)
    {
        var sb = new StringBuilder("WITH e AS (SELECT *, CAST(")
            .Append(SourceSql.Quote(timestampColumn)).Append(" AS TIMESTAMP) AS ").Append(Ts).Append(" FROM ").Append(Entities).Append(')');
        for (var p = 0; p < plan.Parts.Count; p++)
        {
            var part = plan.Parts[p];
            sb.Append(", v").Append(p).Append(" AS (").Append(SourceSql.Deduplicated(layout, part.View, part.Fields)).Append(')');
        }
        sb.Append(" SELECT e.* EXCLUDE (").Append(Ts).Append(excludeRow ? ", " + Row : "").Append(')');
        for (var p = 0; p < plan.Parts.Count; p++)
        {
            var part = plan.Parts[p];
            var alive = $"v{p}.{SourceSql.EventTs} >= e.{Ts} - {SourceSql.IntervalLiteral(part.View.Ttl)}";
            foreach (var field in part.Fields)
            {
                sb.Append(", CASE WHEN ").Append(alive).Append(" THEN v").Append(p).Append('.').Append(SourceSql.Quote(field.Name))
                  .Append(" END AS ").Append(SourceSql.Quote(field.Name));
            }
            if (withEventColumns)
            {
                sb.Append(", v").Append(p).Append('.').Append(SourceSql.EventTs).Append(" AS __ev").Append(p);
            }
        }
        sb.Append(" FROM e");
        for (var p = 0; p < plan.Parts.Count; p++)
        {
            var part = plan.Parts[p];
            sb.Append(" ASOF LEFT JOIN v").Append(p).Append(" ON CAST(e.").Append(SourceSql.Quote(part.View.Entity)).Append(" AS VARCHAR) = v")
              .Append(p).Append('.').Append(SourceSql.Key).Append(" AND e.").Append(Ts).Append(" >= v").Append(p).Append('.').Append(SourceSql.EventTs);
        }
        return sb.ToString();
    }
}
