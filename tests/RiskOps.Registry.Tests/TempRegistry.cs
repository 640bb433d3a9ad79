using Microsoft.Extensions.Time.Testing;
using RiskOps.Core.Modeling;
using RiskOps.Core.Storage;
using RiskOps.Registry.Manifests;
using RiskOps.Registry.Sqlite;

namespace RiskOps.Registry.Tests;

/// <summary>A data directory in /tmp with a real SQLite registry, deleted on dispose.</summary>
internal sealed class TempRegistry : IAsyncDisposable
{
    private TempRegistry(string root, DataLayout layout, SqliteModelRegistry registry, FakeTimeProvider time)
    {
        Root = root;
        Layout = layout;
        Registry = registry;
        Time = time;
    }

    public string Root { get; }

    public DataLayout Layout { get; }

    public SqliteModelRegistry Registry { get; }

    public FakeTimeProvider Time { get; }

    public static async Task<TempRegistry> CreateAsync(RegistryOptions? options = null, bool realGit = false)
    {
        var root = Path.Combine(Path.GetTempPath(), "riskops-registry-tests", Guid.NewGuid().ToString("N"));
        var layout = DataLayout.Open(root);
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero));
        options ??= new RegistryOptions();
        if (!realGit)
        {
            options.GitCommitReader ??= _ => Task.FromResult<string?>("0123456789abcdef0123456789abcdef01234567");
        }
        var registry = await SqliteModelRegistry.OpenAsync(layout, options, time, cancellationToken: TestContext.Current.CancellationToken);
        return new TempRegistry(root, layout, registry, time);
    }

    public Task<SqliteModelRegistry> OpenAnotherAsync() =>
        SqliteModelRegistry.OpenAsync(Layout, new RegistryOptions { GitCommitReader = _ => Task.FromResult<string?>(null) }, Time,
            cancellationToken: TestContext.Current.CancellationToken);

    /// <summary>Writes a trained-artifact directory (manifest plus a fake model file) as training would.</summary>
    public async Task<string> WriteArtifactAsync(string model, double metric, string primaryMetric = "auc", bool higherIsBetter = true,
        IReadOnlyDictionary<string, string>? parameters = null, IReadOnlyList<FeatureRef>? inputs = null, string? codeVersion = null)
    {
        var directory = Path.Combine(Root, "runs", Guid.NewGuid().ToString("N"));
        var manifest = Manifest(model, metric, primaryMetric, higherIsBetter, parameters, inputs, codeVersion);
        await ManifestFile.WriteAsync(directory, manifest, TestContext.Current.CancellationToken);
        Directory.CreateDirectory(Path.Combine(directory, "model"));
        await File.WriteAllTextAsync(Path.Combine(directory, "model", "weights.bin"), $"weights for {model} {metric}", TestContext.Current.CancellationToken);
        // Each training run differs (a run id), so identical metrics still make distinct artifacts.
        await File.WriteAllTextAsync(Path.Combine(directory, "run_id"), Guid.NewGuid().ToString(), TestContext.Current.CancellationToken);
        return directory;
    }

    public async Task<ModelVersion> RegisterAsync(string model, double metric, string primaryMetric = "auc", bool higherIsBetter = true) =>
        await Registry.RegisterAsync(new RegistrationRequest(await WriteArtifactAsync(model, metric, primaryMetric, higherIsBetter), Actor: "tester"),
            TestContext.Current.CancellationToken);

    public static ModelManifest Manifest(string model, double metric, string primaryMetric = "auc", bool higherIsBetter = true,
        IReadOnlyDictionary<string, string>? parameters = null, IReadOnlyList<FeatureRef>? inputs = null, string? codeVersion = null) =>
        new(model, "LightGbm",
            new ModelSignature(ModelTask.Binary, inputs ?? [new FeatureRef("speeding_30d", FeatureKind.Numeric), new FeatureRef("region", FeatureKind.Categorical)], "crai_driver", 1),
            new TrainingDataReference(["gold_driver_daily"], new DateTimeOffset(2026, 10, 1, 0, 0, 0, TimeSpan.Zero), 1000),
            codeVersion,
            parameters ?? new Dictionary<string, string> { ["trees"] = "200", ["learning_rate"] = "0.05" },
            new Dictionary<string, double> { [primaryMetric] = metric, ["brier"] = 0.1 },
            primaryMetric,
            higherIsBetter);

    public async ValueTask DisposeAsync()
    {
        await Task.Yield();
        // Pooled connections keep the database file open; release them before deleting the directory.
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }
}
