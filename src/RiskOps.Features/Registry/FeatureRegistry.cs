using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using RiskOps.Core.Modeling;
using RiskOps.Core.Storage;
using RiskOps.Features.Definitions;
using RiskOps.Features.Offline;
using RiskOps.Features.Statistics;

namespace RiskOps.Features.Registry;

/// <summary>
/// Feature views, versioned feature services, materialization state and statistics, kept in
/// SQLite at <c>features/registry.sqlite</c>. Safe to call from several threads.
/// </summary>
public sealed class FeatureRegistry : IDisposable
{
    private readonly DataLayout _layout;
    private readonly TimeProvider _time;
    private readonly SqliteConnection _db;
    private readonly Lock _lock = new();

    internal FeatureRegistry(DataLayout layout, TimeProvider time)
    {
        _layout = layout;
        _time = time;
        Directory.CreateDirectory(layout.FeatureStoreDir);
        _db = new SqliteConnection($"Data Source={Path.Combine(layout.FeatureStoreDir, "registry.sqlite")}");
        _db.Open();
        Execute("""
            PRAGMA journal_mode = WAL;
            CREATE TABLE IF NOT EXISTS views (name TEXT PRIMARY KEY, definition TEXT NOT NULL, registered_at TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS services (name TEXT NOT NULL, version INTEGER NOT NULL, definition TEXT NOT NULL,
                registered_at TEXT NOT NULL, PRIMARY KEY (name, version));
            CREATE TABLE IF NOT EXISTS materializations (view TEXT PRIMARY KEY, last_run_at TEXT NOT NULL, event_watermark TEXT NOT NULL,
                created_watermark TEXT, rows_written INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS materialization_chunks (run_key TEXT NOT NULL, view TEXT NOT NULL, last_key TEXT NOT NULL, end_ts TEXT NOT NULL,
                rows_written INTEGER NOT NULL, PRIMARY KEY (run_key, view));
            CREATE TABLE IF NOT EXISTS statistics (view TEXT NOT NULL, computed_at TEXT NOT NULL, body TEXT NOT NULL, PRIMARY KEY (view, computed_at));
            """);
    }

    /// <summary>
    /// Registers (or redefines) a view after checking its source: every declared column must exist
    /// in the gold table's Parquet schema with a compatible type, else <see cref="FeatureStoreException"/>.
    /// </summary>
    public async Task RegisterViewAsync(FeatureView view, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(view);
        await using (var duck = await DuckDbSession.OpenAsync(Path.Combine(_layout.FeatureStoreDir, "tmp"), "1GB", cancellationToken))
        {
            await SourceValidator.ValidateAsync(duck, _layout, view, cancellationToken);
        }
        lock (_lock)
        {
            Execute("INSERT INTO views (name, definition, registered_at) VALUES ($n, $d, $t) " +
                    "ON CONFLICT (name) DO UPDATE SET definition = excluded.definition, registered_at = excluded.registered_at",
                ("$n", view.Name), ("$d", JsonSerializer.Serialize(view, RegistryJson.Options)), ("$t", Now()));
        }
    }

    /// <summary>
    /// Registers a feature service and returns its version: the existing version if the definition is
    /// unchanged, else the next one. Every view and feature must exist; served names must be unique.
    /// </summary>
    public int RegisterService(FeatureService service)
    {
        ArgumentNullException.ThrowIfNull(service);
        _ = Resolve(service); // throws, naming what exists, if a view or feature is unknown
        var json = JsonSerializer.Serialize(service, RegistryJson.Options);
        lock (_lock)
        {
            var latest = LatestServiceRow(service.Name);
            if (latest is { } row && row.Json == json)
            {
                return row.Version;
            }
            var version = (latest?.Version ?? 0) + 1;
            Execute("INSERT INTO services (name, version, definition, registered_at) VALUES ($n, $v, $d, $t)",
                ("$n", service.Name), ("$v", version), ("$d", json), ("$t", Now()));
            return version;
        }
    }

    /// <summary>Every registered view, by name.</summary>
    public IReadOnlyList<FeatureView> ListViews()
    {
        lock (_lock)
        {
            return Query("SELECT definition FROM views ORDER BY name", r => JsonSerializer.Deserialize<FeatureView>(r.GetString(0), RegistryJson.Options)!);
        }
    }

    /// <summary>The view named <paramref name="name"/>; an unknown name fails with the list of views that exist.</summary>
    public FeatureView GetView(string name)
    {
        var views = ListViews();
        return views.FirstOrDefault(v => v.Name == name)
            ?? throw new FeatureStoreException($"unknown feature view '{name}'; registered views: {Names(views.Select(v => v.Name))}");
    }

    /// <summary>The latest version of every service.</summary>
    public IReadOnlyList<RegisteredFeatureService> ListServices()
    {
        List<string> names;
        lock (_lock)
        {
            names = Query("SELECT DISTINCT name FROM services ORDER BY name", r => r.GetString(0));
        }
        return names.Select(n => GetService(n)).ToList();
    }

    /// <summary>A service at <paramref name="version"/> (latest if null); unknown names or versions fail with what exists.</summary>
    public RegisteredFeatureService GetService(string name, int? version = null) => GetPlan(name, version).Service;

    /// <summary>The reference statistics of the latest materialization of a view, or null if it was never materialized.</summary>
    public FeatureViewStatistics? GetStatistics(string view)
    {
        lock (_lock)
        {
            return Query("SELECT body FROM statistics WHERE view = $v ORDER BY computed_at DESC LIMIT 1",
                r => JsonSerializer.Deserialize<FeatureViewStatistics>(r.GetString(0), RegistryJson.Options)!, ("$v", view)).FirstOrDefault();
        }
    }

    /// <summary>The materialization state of a view, or null if it was never materialized.</summary>
    public MaterializationState? GetMaterialization(string view)
    {
        lock (_lock)
        {
            return Query("SELECT view, last_run_at, event_watermark, created_watermark, rows_written FROM materializations WHERE view = $v",
                r => new MaterializationState(r.GetString(0), Parse(r.GetString(1)), Parse(r.GetString(2)),
                    r.IsDBNull(3) ? null : Parse(r.GetString(3)), r.GetInt64(4)), ("$v", view)).FirstOrDefault();
        }
    }

    internal ServicePlan GetPlan(string name, int? version = null)
    {
        (int Version, string Json, string At)? row;
        lock (_lock)
        {
            row = version is null
                ? LatestServiceRow(name)
                : Query("SELECT version, definition, registered_at FROM services WHERE name = $n AND version = $v",
                    r => (r.GetInt32(0), r.GetString(1), r.GetString(2)), ("$n", name), ("$v", version.Value)).Cast<(int, string, string)?>().FirstOrDefault();
        }
        if (row is not { } found)
        {
            List<string> names;
            lock (_lock)
            {
                names = Query("SELECT DISTINCT name || ' v' || version FROM services ORDER BY 1", r => r.GetString(0));
            }
            throw new FeatureStoreException($"unknown feature service '{name}'{(version is null ? "" : $" version {version}")}; registered: {Names(names)}");
        }
        var definition = JsonSerializer.Deserialize<FeatureService>(found.Json, RegistryJson.Options)!;
        var (parts, keys) = Resolve(definition);
        var features = parts.SelectMany(p => p.Fields.Select(f => new FeatureRef(f.Name, f.Kind))).ToList();
        var service = new RegisteredFeatureService(definition, found.Version, Parse(found.At), features, keys);
        return new ServicePlan(service, parts);
    }

    internal void SaveMaterialization(MaterializationState state)
    {
        lock (_lock)
        {
            Execute("INSERT INTO materializations (view, last_run_at, event_watermark, created_watermark, rows_written) VALUES ($v, $r, $e, $c, $n) " +
                    "ON CONFLICT (view) DO UPDATE SET last_run_at = excluded.last_run_at, event_watermark = excluded.event_watermark, " +
                    "created_watermark = excluded.created_watermark, rows_written = excluded.rows_written",
                ("$v", state.View), ("$r", Format(state.LastRunAt)), ("$e", Format(state.EventWatermark)),
                ("$c", state.CreatedWatermark is { } c ? Format(c) : null), ("$n", state.RowsWritten));
        }
    }

    internal MaterializationCheckpoint? GetChunkCheckpoint(string runKey, string view)
    {
        lock (_lock)
        {
            return Query("SELECT last_key, end_ts, rows_written FROM materialization_chunks WHERE run_key = $k AND view = $v",
                r => new MaterializationCheckpoint(r.GetString(0), Parse(r.GetString(1)), r.GetInt64(2)), ("$k", runKey), ("$v", view)).FirstOrDefault();
        }
    }

    internal void SaveChunkCheckpoint(string runKey, string view, MaterializationCheckpoint checkpoint)
    {
        lock (_lock)
        {
            Execute("INSERT INTO materialization_chunks (run_key, view, last_key, end_ts, rows_written) VALUES ($k, $v, $l, $e, $n) " +
                    "ON CONFLICT (run_key, view) DO UPDATE SET last_key = excluded.last_key, end_ts = excluded.end_ts, rows_written = excluded.rows_written",
                ("$k", runKey), ("$v", view), ("$l", checkpoint.LastKey), ("$e", Format(checkpoint.End)), ("$n", checkpoint.RowsWritten));
        }
    }

    internal void ClearChunkCheckpoint(string runKey, string view)
    {
        lock (_lock)
        {
            Execute("DELETE FROM materialization_chunks WHERE run_key = $k AND view = $v", ("$k", runKey), ("$v", view));
        }
    }

    internal void SaveStatistics(FeatureViewStatistics statistics)
    {
        lock (_lock)
        {
            Execute("INSERT OR REPLACE INTO statistics (view, computed_at, body) VALUES ($v, $t, $b)",
                ("$v", statistics.View), ("$t", Format(statistics.ComputedAt)), ("$b", JsonSerializer.Serialize(statistics, RegistryJson.Options)));
        }
    }

    public void Dispose() => _db.Dispose();

    private (List<ServicePlanPart> Parts, List<string> Keys) Resolve(FeatureService service)
    {
        if (string.IsNullOrWhiteSpace(service.Name) || service.Selections.Count == 0)
        {
            throw new FeatureStoreException("a feature service needs a name and at least one view");
        }
        var views = ListViews().ToDictionary(v => v.Name, StringComparer.Ordinal);
        var parts = new List<ServicePlanPart>();
        var served = new HashSet<string>(StringComparer.Ordinal);
        var keys = new List<string>();
        foreach (var selection in service.Selections)
        {
            if (!views.TryGetValue(selection.View, out var view))
            {
                throw new FeatureStoreException($"service '{service.Name}': unknown feature view '{selection.View}'; registered views: {Names(views.Keys)}");
            }
            var fields = new List<FeatureField>();
            foreach (var name in selection.Features ?? view.Schema.Select(f => f.Name).ToList())
            {
                var field = view.Field(name)
                    ?? throw new FeatureStoreException($"service '{service.Name}': view '{view.Name}' has no feature '{name}'; it has: {Names(view.Schema.Select(f => f.Name))}");
                if (!served.Add(field.Name))
                {
                    throw new FeatureStoreException($"service '{service.Name}': feature name '{field.Name}' is served twice");
                }
                fields.Add(field);
            }
            if (!keys.Contains(view.Entity, StringComparer.Ordinal))
            {
                keys.Add(view.Entity);
            }
            parts.Add(new ServicePlanPart(view, fields));
        }
        return (parts, keys);
    }

    private (int Version, string Json, string At)? LatestServiceRow(string name) =>
        Query("SELECT version, definition, registered_at FROM services WHERE name = $n ORDER BY version DESC LIMIT 1",
            r => (r.GetInt32(0), r.GetString(1), r.GetString(2)), ("$n", name)).Cast<(int, string, string)?>().FirstOrDefault();

    private static string Names(IEnumerable<string> names)
    {
        var list = names.ToList();
        return list.Count == 0 ? "(none)" : string.Join(", ", list);
    }

    private string Now() => Format(_time.GetUtcNow());

    private static string Format(DateTimeOffset value) => value.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset Parse(string value) =>
        DateTimeOffset.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    private void Execute(string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = _db.CreateCommand();
        command.CommandText = sql;
        foreach (var (n, v) in parameters)
        {
            command.Parameters.AddWithValue(n, v ?? DBNull.Value);
        }
        command.ExecuteNonQuery();
    }

    private List<T> Query<T>(string sql, Func<SqliteDataReader, T> map, params (string Name, object? Value)[] parameters)
    {
        using var command = _db.CreateCommand();
        command.CommandText = sql;
        foreach (var (n, v) in parameters)
        {
            command.Parameters.AddWithValue(n, v ?? DBNull.Value);
        }
        using var reader = command.ExecuteReader();
        var result = new List<T>();
        while (reader.Read())
        {
            result.Add(map(reader));
        }
        return result;
    }
}
