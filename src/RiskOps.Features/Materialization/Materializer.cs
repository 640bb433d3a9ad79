using System.Diagnostics;
using System.Globalization;
using RiskOps.Core.Modeling;
using RiskOps.Core.Storage;
using RiskOps.Features.Definitions;
using RiskOps.Features.Offline;
using RiskOps.Features.Online;
using RiskOps.Features.Registry;
using RiskOps.Features.Statistics;

namespace RiskOps.Features.Materialization;

/// <summary>
/// Copies each entity's latest row from the offline store to the online store. DuckDB reduces the
/// window to one row per entity; rows stream in entity-key order in chunks, each made durable and
/// checkpointed, so an interrupted run resumes after its last chunk. Upserts are ordered by (event,
/// created) timestamps, so re-running changes nothing and a same-event correction replaces the old value.
/// </summary>
internal sealed class Materializer(DataLayout layout, FeatureRegistry registry, IOnlineStore store, FeatureStoreOptions options, TimeProvider time)
{
    private const string Latest = "__mat_latest";
    private const string Rows = "__mat_rows";

    /// <summary>Materializes rows with event timestamps in [start, end); an end after now is cut to now (no value is served before it is valid).</summary>
    public Task<ViewMaterialization> MaterializeRangeAsync(FeatureView view, DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        end = end > now ? now : end;
        var filter = $"{SourceSql.EventTs} >= {SourceSql.TimestampLiteral(start)} AND {SourceSql.EventTs} < {SourceSql.TimestampLiteral(end)}";
        var previous = registry.GetMaterialization(view.Name);
        return RunAsync(view, $"range:{Iso(start)}:{Iso(end)}", _ => filter, end, previous?.CreatedWatermark, cancellationToken);
    }

    /// <summary>Materializes rows created since the last run (late corrections included) with event timestamps before now.</summary>
    public Task<ViewMaterialization> MaterializeIncrementalAsync(FeatureView view, CancellationToken cancellationToken)
    {
        var previous = registry.GetMaterialization(view.Name);
        var watermark = previous?.CreatedWatermark;
        var now = time.GetUtcNow();
        return RunAsync(view, $"incremental:{(watermark is { } w ? Iso(w) : "start")}",
            end => $"{SourceSql.EventTs} < {SourceSql.TimestampLiteral(end)}" +
                   (watermark is { } wm ? $" AND {SourceSql.CreatedTs} > {SourceSql.TimestampLiteral(wm)}" : ""),
            now, watermark, cancellationToken);
    }

    private async Task<ViewMaterialization> RunAsync(FeatureView view, string runKey, Func<DateTimeOffset, string> filterFor, DateTimeOffset end,
        DateTimeOffset? previousWatermark, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var checkpoint = registry.GetChunkCheckpoint(runKey, view.Name);
        if (checkpoint is not null)
        {
            end = checkpoint.End;
        }
        var filter = filterFor(end);
        var schema = OnlineSchema(view);
        store.EnsureView(schema);

        await using var duck = await DuckDbSession.OpenAsync(Path.Combine(layout.FeatureStoreDir, "tmp"), options.DuckDbMemoryLimit, cancellationToken);
        string latest, maxCreatedSql;
        if (view.Source.Query is null)
        {
            latest = SourceSql.LatestPerKey(layout, view, filter);
            maxCreatedSql = $"SELECT max({SourceSql.CreatedTs}) FROM ({SourceSql.Relation(layout, view, [])}) WHERE {filter}";
        }
        else
        {
            // A derived view's query (CTEs over gold, seconds to minutes for the demand views) would run once for the
            // winners and again for the newest created_ts: run it once into a temp table and read that twice.
            await DuckDbSession.ExecuteAsync(duck,
                $"CREATE TEMP TABLE {Rows} AS SELECT * FROM ({SourceSql.Relation(layout, view)}) WHERE {filter}", cancellationToken);
            latest = SourceSql.LatestPerKey($"SELECT * FROM {Rows}", $"SELECT * FROM {Rows}", "true");
            maxCreatedSql = $"SELECT max({SourceSql.CreatedTs}) FROM {Rows}";
        }

        await DuckDbSession.ExecuteAsync(duck, $"CREATE TEMP TABLE {Latest} AS {latest}", cancellationToken);
        var maxCreatedValue = await DuckDbSession.ScalarAsync(duck, maxCreatedSql, cancellationToken);
        await DuckDbSession.ExecuteAsync(duck, $"DROP TABLE IF EXISTS {Rows}", cancellationToken);
        DateTimeOffset? maxCreated = maxCreatedValue is DateTime dt ? new DateTimeOffset(DateTime.SpecifyKind(dt, DateTimeKind.Utc)) : null;

        var numericIndex = new int[view.Schema.Count];
        var categoricalIndex = new int[view.Schema.Count];
        int nNum = 0, nCat = 0;
        for (var i = 0; i < view.Schema.Count; i++)
        {
            if (view.Schema[i].Kind == FeatureKind.Numeric)
            {
                numericIndex[i] = nNum++;
                categoricalIndex[i] = -1;
            }
            else
            {
                categoricalIndex[i] = nCat++;
                numericIndex[i] = -1;
            }
        }

        var rowsRead = 0L;
        var rowsWritten = checkpoint?.RowsWritten ?? 0;
        var chunks = 0;
        var batch = new OnlineWriteBatch(schema, options.MaterializationChunkRows);
        await using (var command = duck.CreateCommand())
        {
            command.CommandText = $"SELECT * FROM {Latest}" +
                (checkpoint is null ? "" : $" WHERE {SourceSql.Key} > {SourceSql.Literal(checkpoint.LastKey)}") + $" ORDER BY {SourceSql.Key}";
            await using var registration = cancellationToken.Register(command.Cancel);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var r = batch.Count;
                batch.Keys[r] = reader.GetString(0);
                batch.EventTicks[r] = reader.GetDateTime(1).Ticks;
                batch.CreatedTicks[r] = reader.IsDBNull(2) ? 0 : reader.GetDateTime(2).Ticks;
                for (var i = 0; i < view.Schema.Count; i++)
                {
                    var ordinal = 3 + i;
                    if (numericIndex[i] >= 0)
                    {
                        batch.Numeric[r * nNum + numericIndex[i]] = reader.IsDBNull(ordinal) ? double.NaN : reader.GetDouble(ordinal);
                    }
                    else
                    {
                        batch.Categorical[r * nCat + categoricalIndex[i]] = reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
                    }
                }
                batch.Count++;
                rowsRead++;
                if (batch.Count == batch.Capacity)
                {
                    rowsWritten += await CommitChunkAsync(runKey, view.Name, batch, end, rowsWritten, cancellationToken);
                    chunks++;
                }
            }
        }
        if (batch.Count > 0)
        {
            rowsWritten += await CommitChunkAsync(runKey, view.Name, batch, end, rowsWritten, cancellationToken);
            chunks++;
        }

        var statistics = await StatisticsCalculator.ComputeAsync(duck, layout, view, end, time.GetUtcNow(), options.HistogramBins, cancellationToken);
        registry.SaveStatistics(statistics);
        var watermark = Max(previousWatermark, maxCreated);
        var previousState = registry.GetMaterialization(view.Name);
        var eventWatermark = previousState is not null && previousState.EventWatermark > end ? previousState.EventWatermark : end;
        registry.SaveMaterialization(new MaterializationState(view.Name, time.GetUtcNow(), eventWatermark, watermark, rowsWritten));
        registry.ClearChunkCheckpoint(runKey, view.Name);
        return new ViewMaterialization(view.Name, rowsRead, rowsWritten, chunks, checkpoint is not null, end, watch.Elapsed);
    }

    private async Task<long> CommitChunkAsync(string runKey, string view, OnlineWriteBatch batch, DateTimeOffset end, long writtenBefore, CancellationToken cancellationToken)
    {
        var written = store.Write(batch);
        await store.FlushAsync(cancellationToken);
        registry.SaveChunkCheckpoint(runKey, view, new MaterializationCheckpoint(batch.Keys[batch.Count - 1], end, writtenBefore + written));
        batch.Count = 0;
        return written;
    }

    public static OnlineViewSchema OnlineSchema(FeatureView view) => new(
        view.Name,
        view.Ttl,
        view.Schema.Where(f => f.Kind == FeatureKind.Numeric).Select(f => f.Name).ToList(),
        view.Schema.Where(f => f.Kind == FeatureKind.Categorical).Select(f => f.Name).ToList());

    private static DateTimeOffset? Max(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : (a > b ? a : b);

    private static string Iso(DateTimeOffset value) => value.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
}
