using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using RiskOps.Core.Modeling;
using RiskOps.Core.Storage;
using RiskOps.Registry.Artifacts;
using RiskOps.Registry.Audit;
using RiskOps.Registry.Comparison;
using RiskOps.Registry.Errors;
using RiskOps.Registry.Lineage;
using RiskOps.Registry.Manifests;
using RiskOps.Registry.Promotion;

namespace RiskOps.Registry.Sqlite;

/// <summary>
/// The embedded registry: metadata and the audit log in <c>RegistryDir/registry.sqlite</c>, artifacts in an
/// <see cref="IArtifactStore"/> (by default directories under <c>RegistryDir/artifacts</c>). Every change runs
/// in one immediate SQLite transaction together with its audit entry, so concurrent writers (threads or
/// processes) are serialised and a change is never recorded without its audit entry or vice versa.
/// </summary>
public sealed class SqliteModelRegistry : IModelRegistry
{
    /// <summary>File name of the metadata database inside the registry directory.</summary>
    public const string DatabaseFileName = "registry.sqlite";

    private const string VersionColumns = "model, version, manifest, artifact_path, git_commit, registered_by, registered_at, stage, content_hash, size_bytes";

    private readonly SqliteDatabase _database;
    private readonly IArtifactStore _artifacts;
    private readonly RegistryOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly string _registryDir;

    private SqliteModelRegistry(string registryDir, SqliteDatabase database, IArtifactStore artifacts, RegistryOptions options, TimeProvider timeProvider)
    {
        _registryDir = registryDir;
        _database = database;
        _artifacts = artifacts;
        _options = options;
        _timeProvider = timeProvider;
        AuditLog = AuditLog.Create(database, timeProvider);
    }

    /// <summary>The audit log every change of this registry is recorded in (same database file).</summary>
    public AuditLog AuditLog { get; }

    /// <summary>Path of the metadata database.</summary>
    public string DatabasePath => _database.Path;

    /// <summary>
    /// Opens (creating if needed) the embedded registry under <see cref="DataLayout.RegistryDir"/>.
    /// </summary>
    /// <param name="layout">The data directory layout.</param>
    /// <param name="options">Promotion margin and git fallback; defaults when null.</param>
    /// <param name="timeProvider">Clock for registration and audit times; system clock when null.</param>
    /// <param name="artifactStore">Where artifacts go; <see cref="DirectoryArtifactStore"/> under <c>RegistryDir/artifacts</c> when null.</param>
    /// <param name="cancellationToken">Cancels opening.</param>
    public static async Task<SqliteModelRegistry> OpenAsync(
        DataLayout layout,
        RegistryOptions? options = null,
        TimeProvider? timeProvider = null,
        IArtifactStore? artifactStore = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(layout);
        Directory.CreateDirectory(layout.RegistryDir);
        var database = new SqliteDatabase(Path.Combine(layout.RegistryDir, DatabaseFileName));
        var artifacts = artifactStore ?? new DirectoryArtifactStore(Path.Combine(layout.RegistryDir, "artifacts"));
        await using (var connection = await database.OpenAsync(cancellationToken))
        {
            await SqliteDatabase.ExecuteAsync(connection, null, "PRAGMA journal_mode = WAL;", cancellationToken);
            // Schema changes run under the write lock, so registries opening at once do not race.
            await using var transaction = connection.BeginTransaction(deferred: false);
            var backfill = await RegistrySchema.UpgradeAsync(connection, transaction, cancellationToken);
            await RegistrySchema.EnsureAsync(connection, transaction, cancellationToken);
            await AuditLog.EnsureSchemaAsync(connection, transaction, cancellationToken);
            foreach (var (model, version) in backfill)
            {
                // Hash what is on disk now: the best record available for versions registered before hashes existed.
                var digest = await artifacts.HashAsync(model, version, cancellationToken);
                await ExecuteAsync(connection, transaction, "UPDATE versions SET content_hash = $hash, size_bytes = $size WHERE model = $model AND version = $version", cancellationToken,
                    ("$hash", digest?.Hash ?? ""), ("$size", digest?.SizeBytes ?? 0), ("$model", model), ("$version", version));
            }
            await transaction.CommitAsync(cancellationToken);
        }
        return new SqliteModelRegistry(
            Path.GetFullPath(layout.RegistryDir),
            database,
            artifacts,
            options ?? new RegistryOptions(),
            timeProvider ?? TimeProvider.System);
    }

    /// <inheritdoc/>
    public async Task<ModelVersion> RegisterAsync(RegistrationRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var manifest = await ManifestFile.ReadAsync(request.ArtifactDirectory, cancellationToken);
        if (request.Stage is not (ModelStage.None or ModelStage.Staging))
        {
            throw new RegistryException($"a new version starts in None or Staging, not {request.Stage}; use promote to reach Production");
        }
        var aliases = (request.Aliases ?? []).Distinct(StringComparer.Ordinal).ToList();
        aliases.ForEach(CheckSettableAlias);
        var actor = Actor(request.Actor);
        var commit = request.GitCommit ?? manifest.CodeVersion
            ?? await (_options.GitCommitReader ?? GitCommitReader.ReadHeadAsync)(cancellationToken);
        var model = manifest.ModelName;

        var staged = await _artifacts.StageAsync(request.ArtifactDirectory, cancellationToken);
        var stagingId = staged.StagingId;
        int? published = null;
        try
        {
            var (registered, created) = await WriteAsync(async (connection, transaction, changeSeq) =>
            {
                // Re-running a registration step with the same artifact returns the version it already made.
                var existing = await QueryVersionsAsync(connection, transaction, "model = $model AND content_hash = $hash", cancellationToken,
                    ("$model", model), ("$hash", staged.ContentHash));
                if (existing.Count > 0)
                {
                    return (existing[^1], false);
                }
                var now = Now();
                await ExecuteAsync(connection, transaction, "INSERT OR IGNORE INTO models (name, created_at) VALUES ($model, $now)", cancellationToken,
                    ("$model", model), ("$now", now));
                var version = Convert.ToInt32(await ScalarAsync(connection, transaction,
                    "SELECT COALESCE(MAX(version), 0) + 1 FROM versions WHERE model = $model", cancellationToken, ("$model", model)), CultureInfo.InvariantCulture);
                // Noted before publishing: a publish that fails half-way must be cleaned up too.
                published = version;
                var artifactPath = await _artifacts.PublishAsync(stagingId, model, version, cancellationToken);
                await ExecuteAsync(connection, transaction,
                    $"INSERT INTO versions ({VersionColumns}) VALUES ($model, $version, $manifest, $path, $commit, $actor, $now, $stage, $hash, $size)", cancellationToken,
                    ("$model", model), ("$version", version), ("$manifest", JsonSerializer.Serialize(manifest, ManifestFile.JsonOptions)),
                    ("$path", ToStored(artifactPath)), ("$commit", commit), ("$actor", actor), ("$now", now), ("$stage", request.Stage.ToString()),
                    ("$hash", staged.ContentHash), ("$size", staged.SizeBytes));
                await AuditLog.AppendAsync(connection, transaction, new AuditEntry(actor, "register", Subject(model, version), null,
                    $"trainer={manifest.Trainer} {manifest.PrimaryMetric}={Format(manifest.Metrics[manifest.PrimaryMetric])} commit={commit ?? "unknown"} stage={request.Stage} sha256={staged.ContentHash}"),
                    cancellationToken);
                foreach (var alias in aliases)
                {
                    await SetAliasCoreAsync(connection, transaction, model, alias, version, actor, cancellationToken);
                }
                return (await ReadVersionAsync(connection, transaction, model, version, cancellationToken), true);
            }, cancellationToken, isChange: result => result.Item2);
            if (!created)
            {
                await _artifacts.DiscardAsync(stagingId, cancellationToken);
            }
            return registered;
        }
        catch
        {
            // The version number was never committed, so whatever sits under it is ours to remove.
            if (published is { } version)
            {
                await _artifacts.UnpublishAsync(model, version, CancellationToken.None);
            }
            await _artifacts.DiscardAsync(stagingId, CancellationToken.None);
            throw;
        }
    }

    /// <inheritdoc/>
    public Task<ModelVersion> GetVersionAsync(string model, int version, CancellationToken cancellationToken = default) =>
        ReadAsync((connection, transaction) => RequireVersionAsync(connection, transaction, model, version, cancellationToken), cancellationToken);

    /// <inheritdoc/>
    public Task<ModelVersion> GetByAliasAsync(string model, string alias, CancellationToken cancellationToken = default) =>
        ReadAsync(async (connection, transaction) =>
        {
            var version = await RequireAliasAsync(connection, transaction, model, alias, cancellationToken);
            return await ReadVersionAsync(connection, transaction, model, version, cancellationToken);
        }, cancellationToken);

    /// <inheritdoc/>
    public Task<IReadOnlyList<ModelVersion>> GetByStageAsync(string model, ModelStage stage, CancellationToken cancellationToken = default) =>
        ReadAsync(async (connection, transaction) =>
        {
            await RequireModelAsync(connection, transaction, model, cancellationToken);
            return await QueryVersionsAsync(connection, transaction, "model = $model AND stage = $stage", cancellationToken, ("$model", model), ("$stage", stage.ToString()));
        }, cancellationToken);

    /// <inheritdoc/>
    public Task<ProductionModel?> GetProductionAsync(string model, CancellationToken cancellationToken = default) =>
        ReadAsync(async (connection, transaction) =>
        {
            var generation = await RequireModelAsync(connection, transaction, model, cancellationToken);
            var production = await CurrentProductionAsync(connection, transaction, model, cancellationToken);
            return production is null
                ? null
                : new ProductionModel(model, production.Version, production.ArtifactPath, production.Manifest, generation);
        }, cancellationToken);

    /// <inheritdoc/>
    public Task<IReadOnlyList<RegisteredModel>> ListModelsAsync(CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<RegisteredModel>>(async (connection, transaction) =>
        {
            var aliases = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
            await using (var command = Command(connection, transaction, "SELECT model, alias, version FROM aliases ORDER BY model, alias"))
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    if (!aliases.TryGetValue(reader.GetString(0), out var map))
                    {
                        aliases[reader.GetString(0)] = map = new Dictionary<string, int>(StringComparer.Ordinal);
                    }
                    map[reader.GetString(1)] = reader.GetInt32(2);
                }
            }
            var models = new List<RegisteredModel>();
            await using (var command = Command(connection, transaction, """
                SELECT m.name, m.generation, COUNT(v.version), COALESCE(MAX(v.version), 0),
                       MAX(CASE WHEN v.stage = 'Production' THEN v.version END)
                FROM models m LEFT JOIN versions v ON v.model = m.name
                GROUP BY m.name ORDER BY m.name
                """))
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    var name = reader.GetString(0);
                    models.Add(new RegisteredModel(name, reader.GetInt32(2), reader.GetInt32(3), reader.IsDBNull(4) ? null : reader.GetInt32(4),
                        aliases.TryGetValue(name, out var map) ? map : new Dictionary<string, int>(), reader.GetInt64(1)));
                }
            }
            return models;
        }, cancellationToken);

    /// <inheritdoc/>
    public Task<IReadOnlyList<ModelVersion>> ListVersionsAsync(string model, CancellationToken cancellationToken = default) =>
        ReadAsync(async (connection, transaction) =>
        {
            await RequireModelAsync(connection, transaction, model, cancellationToken);
            return await QueryVersionsAsync(connection, transaction, "model = $model", cancellationToken, ("$model", model));
        }, cancellationToken);

    /// <inheritdoc/>
    public async Task<long> GetChangeSequenceAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        return Convert.ToInt64(await ScalarAsync(connection, null, "SELECT value FROM meta WHERE key = 'change_seq'", cancellationToken), CultureInfo.InvariantCulture);
    }

    /// <inheritdoc/>
    public Task<ModelVersion> SetAliasAsync(string model, string alias, int version, string? actor = null, CancellationToken cancellationToken = default)
    {
        CheckSettableAlias(alias);
        return WriteAsync(async (connection, transaction, _) =>
        {
            await RequireVersionAsync(connection, transaction, model, version, cancellationToken);
            await SetAliasCoreAsync(connection, transaction, model, alias, version, Actor(actor), cancellationToken);
            return await ReadVersionAsync(connection, transaction, model, version, cancellationToken);
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public Task RemoveAliasAsync(string model, string alias, string? actor = null, CancellationToken cancellationToken = default)
    {
        CheckSettableAlias(alias);
        return WriteAsync(async (connection, transaction, _) =>
        {
            var version = await RequireAliasAsync(connection, transaction, model, alias, cancellationToken);
            await ExecuteAsync(connection, transaction, "DELETE FROM aliases WHERE model = $model AND alias = $alias", cancellationToken,
                ("$model", model), ("$alias", alias));
            await AuditLog.AppendAsync(connection, transaction,
                new AuditEntry(Actor(actor), "alias", AliasSubject(model, alias), $"v{version}", null), cancellationToken);
            return version;
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<ModelVersion> SetStageAsync(string model, int version, ModelStage stage, string? actor = null, string? reason = null, CancellationToken cancellationToken = default)
    {
        if (stage == ModelStage.Production)
        {
            throw new RegistryException($"a version reaches Production only through promotion: riskops models promote {model}:{version}");
        }
        return WriteAsync(async (connection, transaction, _) =>
        {
            var current = await RequireVersionAsync(connection, transaction, model, version, cancellationToken);
            if (current.Stage == ModelStage.Production)
            {
                throw new RegistryException($"{model} v{version} is in Production; promote another version or roll back before moving it to {stage}");
            }
            if (current.Stage == stage)
            {
                return current;
            }
            await ExecuteAsync(connection, transaction, "UPDATE versions SET stage = $stage WHERE model = $model AND version = $version", cancellationToken,
                ("$stage", stage.ToString()), ("$model", model), ("$version", version));
            await AuditLog.AppendAsync(connection, transaction,
                new AuditEntry(Actor(actor), "stage", Subject(model, version), current.Stage.ToString(), stage.ToString(), reason), cancellationToken);
            return await ReadVersionAsync(connection, transaction, model, version, cancellationToken);
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<PromotionResult> PromoteAsync(string model, int version, PromotionRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Force && string.IsNullOrWhiteSpace(request.Reason))
        {
            throw new RegistryException("a forced promotion must give a reason (--reason)");
        }
        var margin = request.Margin ?? _options.PromotionMargin;
        if (!double.IsFinite(margin) || margin < 0)
        {
            throw new RegistryException($"promotion margin must be a finite number ≥ 0, not {margin}");
        }
        var actor = Actor(request.Actor);
        return WriteAsync(async (connection, transaction, changeSeq) =>
        {
            var challenger = await RequireVersionAsync(connection, transaction, model, version, cancellationToken);
            if (challenger.Stage == ModelStage.Production)
            {
                throw new RegistryException($"{model} v{version} is already in Production");
            }
            var champion = await CurrentProductionAsync(connection, transaction, model, cancellationToken);
            var gate = PromotionGates.Evaluate(challenger, champion, margin);
            if (!gate.Passed && !request.Force)
            {
                throw new PromotionRefusedException(gate);
            }
            var forced = !gate.Passed;
            await MoveProductionAsync(connection, transaction, model, champion?.Version, version, changeSeq, cancellationToken);
            await ExecuteAsync(connection, transaction,
                "INSERT INTO champion_history (model, version, active, forced, actor, reason, at) VALUES ($model, $version, 1, $forced, $actor, $reason, $now)",
                cancellationToken, ("$model", model), ("$version", version), ("$forced", forced ? 1 : 0), ("$actor", actor), ("$reason", request.Reason), ("$now", Now()));
            await AuditLog.AppendAsync(connection, transaction, new AuditEntry(actor, forced ? "promote-forced" : "promote", ProductionSubject(model),
                champion is null ? null : $"v{champion.Version}", $"v{version}",
                request.Reason is null ? gate.Explanation : $"{request.Reason} ({gate.Explanation})"), cancellationToken);
            // The challenger alias names a candidate; once it is champion the alias has served its purpose.
            if (await AliasVersionAsync(connection, transaction, model, ModelNames.Challenger, cancellationToken) == version)
            {
                await ExecuteAsync(connection, transaction, "DELETE FROM aliases WHERE model = $model AND alias = $alias", cancellationToken,
                    ("$model", model), ("$alias", ModelNames.Challenger));
                await AuditLog.AppendAsync(connection, transaction,
                    new AuditEntry(actor, "alias", AliasSubject(model, ModelNames.Challenger), $"v{version}", null, "promoted to champion"), cancellationToken);
            }
            return new PromotionResult(await ReadVersionAsync(connection, transaction, model, version, cancellationToken), champion?.Version, forced, gate);
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<PromotionResult> RollbackAsync(string model, string? actor = null, string? reason = null, CancellationToken cancellationToken = default) =>
        WriteAsync(async (connection, transaction, changeSeq) =>
        {
            await RequireModelAsync(connection, transaction, model, cancellationToken);
            var current = await CurrentProductionAsync(connection, transaction, model, cancellationToken)
                ?? throw new RegistryException($"{model} has no Production version to roll back");
            var history = new List<(long Seq, int Version)>();
            await using (var command = Command(connection, transaction,
                "SELECT seq, version FROM champion_history WHERE model = $model AND active = 1 ORDER BY seq DESC LIMIT 2", ("$model", model)))
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    history.Add((reader.GetInt64(0), reader.GetInt32(1)));
                }
            }
            if (history.Count < 2)
            {
                throw new RegistryException($"{model} has no previous champion to roll back to (v{current.Version} is the first)");
            }
            var previous = history[1].Version;
            await ExecuteAsync(connection, transaction, "UPDATE champion_history SET active = 0 WHERE seq = $seq", cancellationToken, ("$seq", history[0].Seq));
            await MoveProductionAsync(connection, transaction, model, current.Version, previous, changeSeq, cancellationToken);
            await AuditLog.AppendAsync(connection, transaction,
                new AuditEntry(Actor(actor), "rollback", ProductionSubject(model), $"v{current.Version}", $"v{previous}", reason), cancellationToken);
            return new PromotionResult(await ReadVersionAsync(connection, transaction, model, previous, cancellationToken), current.Version, false, null);
        }, cancellationToken);

    /// <inheritdoc/>
    public Task<ModelComparison> CompareAsync(string model, int left, int right, CancellationToken cancellationToken = default) =>
        ReadAsync(async (connection, transaction) => ModelComparer.Compare(
            await RequireVersionAsync(connection, transaction, model, left, cancellationToken),
            await RequireVersionAsync(connection, transaction, model, right, cancellationToken)), cancellationToken);

    /// <inheritdoc/>
    public async Task<ArtifactVerification> VerifyArtifactAsync(string model, int version, CancellationToken cancellationToken = default)
    {
        var registered = await GetVersionAsync(model, version, cancellationToken);
        var actual = (await _artifacts.HashAsync(model, version, cancellationToken))?.Hash;
        var intact = string.Equals(actual, registered.ContentHash, StringComparison.Ordinal);
        return new ArtifactVerification(model, version, intact, registered.ContentHash, actual,
            intact ? $"{model} v{version}: artifact matches its registered hash"
            : actual is null ? $"{model} v{version}: artifact is missing from {registered.ArtifactPath}"
            : $"{model} v{version}: artifact at {registered.ArtifactPath} was modified after registration (hash {actual[..12]}…, registered {registered.ContentHash[..12]}…)");
    }

    private async Task MoveProductionAsync(SqliteConnection connection, SqliteTransaction transaction, string model, int? from, int to, long changeSeq, CancellationToken cancellationToken)
    {
        if (from is { } old)
        {
            await ExecuteAsync(connection, transaction, "UPDATE versions SET stage = 'Archived' WHERE model = $model AND version = $version", cancellationToken,
                ("$model", model), ("$version", old));
        }
        await ExecuteAsync(connection, transaction, "UPDATE versions SET stage = 'Production' WHERE model = $model AND version = $version", cancellationToken,
            ("$model", model), ("$version", to));
        await ExecuteAsync(connection, transaction, """
            INSERT INTO aliases (model, alias, version) VALUES ($model, 'champion', $version)
            ON CONFLICT (model, alias) DO UPDATE SET version = excluded.version
            """, cancellationToken, ("$model", model), ("$version", to));
        await ExecuteAsync(connection, transaction, "UPDATE models SET generation = $seq WHERE name = $model", cancellationToken,
            ("$seq", changeSeq), ("$model", model));
    }

    private async Task SetAliasCoreAsync(SqliteConnection connection, SqliteTransaction transaction, string model, string alias, int version, string actor, CancellationToken cancellationToken)
    {
        var previous = await AliasVersionAsync(connection, transaction, model, alias, cancellationToken);
        if (previous == version)
        {
            return;
        }
        await ExecuteAsync(connection, transaction, """
            INSERT INTO aliases (model, alias, version) VALUES ($model, $alias, $version)
            ON CONFLICT (model, alias) DO UPDATE SET version = excluded.version
            """, cancellationToken, ("$model", model), ("$alias", alias), ("$version", version));
        await AuditLog.AppendAsync(connection, transaction,
            new AuditEntry(actor, "alias", AliasSubject(model, alias), previous is null ? null : $"v{previous}", $"v{version}"), cancellationToken);
    }

    private static void CheckSettableAlias(string alias)
    {
        ModelNames.CheckAlias(alias);
        if (string.Equals(alias, ModelNames.Champion, StringComparison.Ordinal))
        {
            throw new RegistryException("the 'champion' alias follows the Production version; use promote or rollback to move it");
        }
    }

    /// <summary>
    /// Runs <paramref name="body"/> in one immediate transaction and advances the change sequence, unless
    /// <paramref name="isChange"/> says the result changed nothing.
    /// </summary>
    private async Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, long, Task<T>> body, CancellationToken cancellationToken, Func<T, bool>? isChange = null)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        // IMMEDIATE takes the write lock up front: two promotions can never both read "no Production" and both write.
        await using var transaction = connection.BeginTransaction(deferred: false);
        var changeSeq = Convert.ToInt64(await ScalarAsync(connection, transaction,
            "SELECT value + 1 FROM meta WHERE key = 'change_seq'", cancellationToken), CultureInfo.InvariantCulture);
        var result = await body(connection, transaction, changeSeq);
        if (isChange?.Invoke(result) ?? true)
        {
            await ExecuteAsync(connection, transaction, "UPDATE meta SET value = $seq WHERE key = 'change_seq'", cancellationToken, ("$seq", changeSeq));
        }
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    private async Task<T> ReadAsync<T>(Func<SqliteConnection, SqliteTransaction, Task<T>> body, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: true);
        return await body(connection, transaction);
    }

    private static async Task<long> RequireModelAsync(SqliteConnection connection, SqliteTransaction transaction, string model, CancellationToken cancellationToken)
    {
        if (await ScalarAsync(connection, transaction, "SELECT generation FROM models WHERE name = $model", cancellationToken, ("$model", model)) is long generation)
        {
            return generation;
        }
        var names = new List<string>();
        await using var command = Command(connection, transaction, "SELECT name FROM models ORDER BY name");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            names.Add(reader.GetString(0));
        }
        throw new ModelNotFoundException(names.Count == 0
            ? $"unknown model '{model}': the registry is empty"
            : $"unknown model '{model}'; registered models: {string.Join(", ", names)}");
    }

    private async Task<ModelVersion> RequireVersionAsync(SqliteConnection connection, SqliteTransaction transaction, string model, int version, CancellationToken cancellationToken)
    {
        await RequireModelAsync(connection, transaction, model, cancellationToken);
        var found = await QueryVersionsAsync(connection, transaction, "model = $model AND version = $version", cancellationToken, ("$model", model), ("$version", version));
        if (found.Count == 1)
        {
            return found[0];
        }
        var versions = await QueryVersionsAsync(connection, transaction, "model = $model", cancellationToken, ("$model", model));
        throw new ModelNotFoundException($"model '{model}' has no version {version}; versions: {string.Join(", ", versions.Select(v => v.Version).Order())}");
    }

    private static async Task<int> RequireAliasAsync(SqliteConnection connection, SqliteTransaction transaction, string model, string alias, CancellationToken cancellationToken)
    {
        await RequireModelAsync(connection, transaction, model, cancellationToken);
        if (await AliasVersionAsync(connection, transaction, model, alias, cancellationToken) is { } version)
        {
            return version;
        }
        var aliases = new List<string>();
        await using var command = Command(connection, transaction, "SELECT alias, version FROM aliases WHERE model = $model ORDER BY alias", ("$model", model));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            aliases.Add($"{reader.GetString(0)} → v{reader.GetInt32(1)}");
        }
        throw new ModelNotFoundException(aliases.Count == 0
            ? $"model '{model}' has no alias '{alias}'; it has no aliases yet"
            : $"model '{model}' has no alias '{alias}'; aliases: {string.Join(", ", aliases)}");
    }

    private static async Task<int?> AliasVersionAsync(SqliteConnection connection, SqliteTransaction transaction, string model, string alias, CancellationToken cancellationToken) =>
        await ScalarAsync(connection, transaction, "SELECT version FROM aliases WHERE model = $model AND alias = $alias", cancellationToken,
            ("$model", model), ("$alias", alias)) is long version ? (int)version : null;

    private async Task<ModelVersion?> CurrentProductionAsync(SqliteConnection connection, SqliteTransaction transaction, string model, CancellationToken cancellationToken) =>
        (await QueryVersionsAsync(connection, transaction, "model = $model AND stage = 'Production'", cancellationToken, ("$model", model))).SingleOrDefault();

    private async Task<ModelVersion> ReadVersionAsync(SqliteConnection connection, SqliteTransaction transaction, string model, int version, CancellationToken cancellationToken) =>
        (await QueryVersionsAsync(connection, transaction, "model = $model AND version = $version", cancellationToken, ("$model", model), ("$version", version))).Single();

    private async Task<IReadOnlyList<ModelVersion>> QueryVersionsAsync(SqliteConnection connection, SqliteTransaction transaction, string where, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        var rows = new List<(string Model, int Version, string Manifest, string Path, string? Commit, string By, string At, string Stage, string Hash, long Size)>();
        await using (var command = Command(connection, transaction, $"SELECT {VersionColumns} FROM versions WHERE {where} ORDER BY version DESC", parameters))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add((reader.GetString(0), reader.GetInt32(1), reader.GetString(2), reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4),
                    reader.GetString(5), reader.GetString(6), reader.GetString(7), reader.GetString(8), reader.GetInt64(9)));
            }
        }
        var result = new List<ModelVersion>(rows.Count);
        foreach (var row in rows)
        {
            var aliases = new List<string>();
            await using (var command = Command(connection, transaction, "SELECT alias FROM aliases WHERE model = $model AND version = $version ORDER BY alias",
                ("$model", row.Model), ("$version", row.Version)))
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    aliases.Add(reader.GetString(0));
                }
            }
            result.Add(new ModelVersion(row.Model, row.Version, JsonSerializer.Deserialize<ModelManifest>(row.Manifest, ManifestFile.JsonOptions)!,
                FromStored(row.Path), row.Commit, row.By, DateTimeOffset.Parse(row.At, CultureInfo.InvariantCulture), Enum.Parse<ModelStage>(row.Stage), aliases,
                row.Hash, row.Size));
        }
        return result;
    }

    /// <summary>Paths under the registry directory are stored relative to it, so the data directory can move.</summary>
    private string ToStored(string path)
    {
        var relative = Path.GetRelativePath(_registryDir, path);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? path : relative;
    }

    private string FromStored(string path) => Path.IsPathRooted(path) ? path : Path.GetFullPath(Path.Combine(_registryDir, path));

    private string Now() => _timeProvider.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);

    private static string Actor(string? actor) => string.IsNullOrWhiteSpace(actor) ? Environment.UserName : actor.Trim();

    private static string Subject(string model, int version) => $"model/{model}/v{version}";

    private static string AliasSubject(string model, string alias) => $"model/{model}/alias/{alias}";

    private static string ProductionSubject(string model) => $"model/{model}/production";

    private static string Format(double value) => value.ToString("G6", CultureInfo.InvariantCulture);

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }
        return command;
    }

    private static async Task ExecuteAsync(SqliteConnection connection, SqliteTransaction transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<object?> ScalarAsync(SqliteConnection connection, SqliteTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        return await command.ExecuteScalarAsync(cancellationToken);
    }
}
