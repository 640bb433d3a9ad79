using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using RiskOps.Api.Adapters;
using RiskOps.Api.Hosting;
using RiskOps.Api.Seams;
using RiskOps.Core.Modeling;
using RiskOps.Core.Storage;
using RiskOps.Registry;
using RiskOps.Registry.Promotion;
using RiskOps.Registry.Sqlite;

namespace RiskOps.Api.Tests;

/// <summary>
/// The service over a small real world in a temp directory: a real SQLite registry holding logistic-model
/// artifacts, an in-memory feature source, gold Parquet for demand and vehicles, a fake clock. Deleted on dispose.
/// </summary>
internal sealed class ServingApp : WebApplicationFactory<Program>
{
    public const string RiskModel = "crai";
    public const string ClaimModel = "claims_triage";

    public static readonly IReadOnlyDictionary<string, double> RiskWeights = new Dictionary<string, double>
    {
        ["speeding_share_30d"] = 3.0,
        ["harsh_brake_per_100km_30d"] = 0.5,
    };

    public static readonly IReadOnlyDictionary<string, double> ClaimWeights = new Dictionary<string, double>
    {
        ["amount_eur"] = 0.0005,
        ["description_flag_words"] = 1.0,
        ["report_delay_hours"] = 0.01,
    };

    private readonly Dictionary<string, string> _settings;

    private ServingApp(string root, SqliteModelRegistry registry, Dictionary<string, string> settings, bool realFeatureStore)
    {
        RealFeatureStore = realFeatureStore;
        Root = root;
        Layout = new DataLayout(root);
        Registry = registry;
        _settings = settings;
    }

    public string Root { get; }

    /// <summary>When true the app reads the real embedded feature store (no in-memory stand-in).</summary>
    public bool RealFeatureStore { get; }

    public DataLayout Layout { get; }

    public SqliteModelRegistry Registry { get; }

    public InMemoryFeatureSource Features { get; } = new();

    public FakeTimeProvider Time { get; private set; } = new(GoldFixture.T0.AddMinutes(5));

    public List<LogisticPredictor> Loaded { get; } = [];

    public static async Task<ServingApp> CreateAsync(Dictionary<string, string>? settings = null, bool models = true, int customers = 50,
        Func<DataLayout, Task>? prepareWorld = null, DateTimeOffset? now = null)
    {
        var ct = TestContext.Current.CancellationToken;
        var root = Path.Combine(Path.GetTempPath(), "riskops-api-tests", Guid.NewGuid().ToString("N"));
        var layout = DataLayout.Open(root);
        var registry = await SqliteModelRegistry.OpenAsync(layout,
            new RegistryOptions { GitCommitReader = _ => Task.FromResult<string?>("0123456789abcdef0123456789abcdef01234567") }, cancellationToken: ct);
        if (prepareWorld is null)
        {
            await GoldFixture.WriteAsync(layout, ct);
        }
        else
        {
            await prepareWorld(layout);
        }

        var app = new ServingApp(root, registry, settings ?? [], realFeatureStore: prepareWorld is not null);
        if (now is not null)
        {
            app.Time = new FakeTimeProvider(now.Value);
        }

        for (var i = 1; i <= customers; i++)
        {
            app.Features.Add(CustomerId(i), speeding: (i % 10) / 10.0, harshBrakes: i % 4, region: i % 2 == 0 ? "north" : "south");
        }

        if (models)
        {
            await app.RegisterAsync(RiskModel, -1.0, RiskWeights, promote: true);
            await app.RegisterAsync(ClaimModel, -2.0, ClaimWeights, promote: true);
        }

        return app;
    }

    public static string CustomerId(int i) => $"C{i:000000}";

    /// <summary>The client, after the first model refresh so the first request finds the models loaded.</summary>
    public async Task<HttpClient> ClientAsync()
    {
        var client = CreateClient();
        await RefreshAsync();
        return client;
    }

    public Task RefreshAsync() => Services.GetRequiredService<ServingRefreshService>().RefreshOnceAsync(TestContext.Current.CancellationToken);

    public async Task<int> RegisterAsync(string model, double intercept, IReadOnlyDictionary<string, double> weights, bool promote, bool broken = false,
        IReadOnlyList<FeatureRef>? signature = null)
    {
        var ct = TestContext.Current.CancellationToken;
        var directory = Path.Combine(Root, "runs", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var inputs = weights.Keys.Select(k => new FeatureRef(k, FeatureKind.Numeric)).ToList();
        inputs.Add(new FeatureRef(model == RiskModel ? "region" : "claim_type", FeatureKind.Categorical));
        if (signature is not null)
        {
            inputs = [.. signature];
        }

        var manifest = new ModelManifest(model, "logistic",
            new ModelSignature(ModelTask.Binary, inputs, model == RiskModel ? "crai" : "claims_triage", 1),
            new TrainingDataReference(["customer_driving_behavior"], GoldFixture.T0, 1000), "test",
            new Dictionary<string, string>(), new Dictionary<string, double> { ["auc"] = 0.8 }, "auc", true);
        await File.WriteAllTextAsync(Path.Combine(directory, "manifest.json"), JsonSerializer.Serialize(manifest, TestJson.Manifest), ct);
        await File.WriteAllTextAsync(Path.Combine(directory, LogisticPredictor.WeightsFile),
            broken ? "{ not json" : JsonSerializer.Serialize(new LogisticState(intercept, new Dictionary<string, double>(weights))), ct);
        var version = await Registry.RegisterAsync(new RegistrationRequest(directory, Actor: "test"), ct);
        if (promote)
        {
            await Registry.PromoteAsync(model, version.Version, new PromotionRequest(Force: true, Reason: "test", Actor: "test"), ct);
        }

        return version.Version;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("RiskOps:Serving:DataDir", Root);
        builder.UseSetting("RiskOps:Serving:RunScheduler", "false");
        builder.UseSetting("RiskOps:Serving:ModelPollInterval", "01:00:00");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Time);
            if (!RealFeatureStore)
            {
                services.AddSingleton<IFeatureSource>(Features);
            }

            services.AddSingleton<IModelSource>(sp => new RegistryModelSource(sp.GetRequiredService<DataLayout>(), dir =>
            {
                var predictor = LogisticPredictor.Load(dir);
                lock (Loaded)
                {
                    Loaded.Add(predictor);
                }

                return predictor;
            }));
        });
    }

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }
}
