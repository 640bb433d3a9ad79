using RiskOps.Core.Lakehouse;
using RiskOps.Core.Storage;
using RiskOps.Lakehouse.Catalog;
using RiskOps.Lakehouse.Engine;
using RiskOps.Lakehouse.Silver;
using RiskOps.Lakehouse.Sources;

namespace RiskOps.Lakehouse.Gold;

/// <summary>
/// Silver → the gold tables of docs/data-contract.md. Gold is rebuilt from silver whenever a silver run
/// committed since the last build: every table is written to staging first, then swapped into place,
/// so a reader sees either the old or the new version of a table, never a half-written one.
/// </summary>
internal sealed class GoldBuilder(DataLayout layout, LakehouseCatalog catalog, DuckDbSession duck, TimeProvider time, Action<string>? faultPoint)
{
    private readonly SilverStore _silver = new(layout);

    private string OldRoot => Path.Combine(layout.GoldDir, "_old");

    /// <summary>Puts back a table whose swap was interrupted, and drops staging leftovers.</summary>
    public void Recover()
    {
        if (Directory.Exists(OldRoot))
        {
            foreach (var old in Directory.EnumerateDirectories(OldRoot))
            {
                var live = Path.Combine(layout.GoldDir, Path.GetFileName(old));
                if (!Directory.Exists(live))
                {
                    Directory.Move(old, live);
                }
            }
            Directory.Delete(OldRoot, recursive: true);
        }
    }

    public IReadOnlyDictionary<string, long> Build(bool force, IProgress<LakehouseProgress>? progress, CancellationToken cancellationToken)
    {
        var lastRun = catalog.LastCommittedRun();
        if (!force && lastRun <= catalog.LastGoldBuildRun())
        {
            return new Dictionary<string, long>();
        }
        var now = time.GetUtcNow();
        var staging = Path.Combine(layout.LakehouseDir, "_staging", "gold");
        if (Directory.Exists(staging))
        {
            Directory.Delete(staging, recursive: true);
        }
        Directory.CreateDirectory(staging);

        foreach (var source in SourceRegistry.All)
        {
            duck.Execute($"CREATE OR REPLACE TEMP VIEW s_{source.Name} AS SELECT * FROM {_silver.Current(source)}", cancellationToken);
            duck.Execute($"CREATE OR REPLACE TEMP VIEW s_{source.Name}_all AS SELECT * FROM {_silver.Relation(source)}", cancellationToken);
        }
        var horizon = duck.Scalar<DateTime?>($"""
            SELECT max(x) FROM (
                SELECT max({GoldSql.DayEnd("ended_at")}) AS x FROM s_trips
                UNION ALL SELECT max({GoldSql.DayEnd("reported_at")}) FROM s_claims)
            """, cancellationToken);
        var created = Sql.Timestamp(now);
        var horizonSql = horizon is { } h ? Sql.Timestamp(new DateTimeOffset(h, TimeSpan.Zero)) : "NULL::TIMESTAMP";

        var tables = GoldSql.Tables(created, horizonSql, catalog.RetentionKeepFrom());
        var rows = new Dictionary<string, long>(StringComparer.Ordinal);
        var step = 0;
        foreach (var (table, prepare, select, monthPartitioned) in tables)
        {
            cancellationToken.ThrowIfCancellationRequested();
            progress?.Report(new LakehouseProgress("gold", step++, tables.Count, table));
            foreach (var statement in prepare)
            {
                duck.Execute(statement, cancellationToken);
            }
            var target = Path.Combine(staging, table);
            Directory.CreateDirectory(target);
            if (monthPartitioned)
            {
                duck.Execute($"""
                    COPY (SELECT *, strftime({GoldTables.EventTimestamp}, '%Y-%m') AS month FROM ({select}))
                    TO {Sql.Literal(target)} (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (month), OVERWRITE_OR_IGNORE)
                    """, cancellationToken);
            }
            else
            {
                duck.Execute($"COPY ({select}) TO {Sql.Literal(Path.Combine(target, "data.parquet"))} (FORMAT parquet, COMPRESSION zstd)", cancellationToken);
            }
            rows[table] = Directory.EnumerateFiles(target, "*.parquet", SearchOption.AllDirectories).Any()
                ? duck.Scalar<long>($"SELECT count(*) FROM read_parquet({Sql.Literal(Path.Combine(target, "**", "*.parquet"))})", cancellationToken)
                : 0;
        }
        duck.Execute(GoldSql.Cleanup, cancellationToken);
        faultPoint?.Invoke("gold:staged");

        Directory.CreateDirectory(OldRoot);
        foreach (var table in rows.Keys)
        {
            var live = layout.GoldTableDir(table);
            if (Directory.Exists(live))
            {
                Directory.Move(live, Path.Combine(OldRoot, table));
            }
            Directory.Move(Path.Combine(staging, table), live);
        }
        Directory.Delete(OldRoot, recursive: true);
        Directory.Delete(staging, recursive: true);
        catalog.RecordGoldBuild(lastRun, now);
        progress?.Report(new LakehouseProgress("gold", tables.Count, tables.Count, "done"));
        return rows;
    }
}
