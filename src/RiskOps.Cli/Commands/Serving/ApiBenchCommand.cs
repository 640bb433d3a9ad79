using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using RiskOps.Api;
using RiskOps.Core.Errors;
using RiskOps.Core.Modeling;
using RiskOps.Core.Storage;
using RiskOps.Features;
using RiskOps.Features.Synthetic;
using RiskOps.Models.Artifacts;
using RiskOps.Models.Encoding;
using RiskOps.Models.Scoring;
using RiskOps.Registry;
using RiskOps.Registry.Promotion;
using RiskOps.Registry.Sqlite;

namespace RiskOps.Cli.Commands.Serving;

/// <summary>
/// <c>riskops bench api</c>: builds a synthetic world (gold → feature store → a GLM over the CRAI service's features in the
/// registry), measures batch re-scoring, then drives the running service over loopback: customer-risk cache misses,
/// cache hits and price quotes, each after a warm-up, at a fixed rate (open loop) and closed-loop with wrk.
/// </summary>
internal static class ApiBenchCommand
{
    public static Command Create()
    {
        var customers = new Option<int>("--customers") { Description = "Customers in the synthetic world (re-scoring population).", DefaultValueFactory = _ => 500_000 };
        var duration = new Option<int>("--duration") { Description = "Seconds per measured run (open-loop and wrk).", DefaultValueFactory = _ => 10 };
        var warmup = new Option<int>("--warmup") { Description = "Minimum seconds of closed-loop load before each scenario's measured runs; it goes on (up to 30 s more) until the JIT is quiet. 0 = none.", DefaultValueFactory = _ => 3 };
        var connections = new Option<int>("--connections") { Description = "wrk connections for the closed-loop (saturation) runs.", DefaultValueFactory = _ => 4 };
        var rate = new Option<int>("--rate") { Description = "Open-loop request rate for customer-risk cache hits (req/s).", DefaultValueFactory = _ => 10_000 };
        var missRate = new Option<int>("--miss-rate") { Description = "Open-loop request rate for customer-risk cache misses (req/s).", DefaultValueFactory = _ => 5_000 };
        var quoteRate = new Option<int>("--quote-rate") { Description = "Open-loop request rate for price/quote (req/s).", DefaultValueFactory = _ => 2_000 };
        var loadConnections = new Option<int>("--load-connections") { Description = "Keep-alive connections of the open-loop generator.", DefaultValueFactory = _ => 8 };
        var only = new Option<string[]>("--scenarios")
        {
            Description = "Scenarios to run: miss, hit, quote (default: all three; re-scoring always runs).",
            DefaultValueFactory = _ => ["miss", "hit", "quote"],
            AllowMultipleArgumentsPerToken = true,
        };
        only.AcceptOnlyFromAmong("miss", "hit", "quote");
        var port = new Option<int>("--port") { Description = "Loopback port for the service under test.", DefaultValueFactory = _ => 5181 };
        var command = new Command("api",
            "Benchmark serving: batch re-scoring of --customers customers, then customer-risk (miss, hit) and price/quote over loopback, " +
            "each at a fixed rate (open loop from a generator child process, latency from the scheduled send time) and closed-loop with wrk (saturation). " +
            "Works in a fresh temp directory (removed afterwards); the wrk runs need wrk on PATH.");
        foreach (var option in new Option[] { customers, duration, warmup, connections, rate, missRate, quoteRate, loadConnections, only, port })
        {
            command.Options.Add(option);
        }

        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(async ct =>
        {
            var n = parseResult.GetValue(customers);
            var settings = new BenchSettings(parseResult.GetValue(duration), parseResult.GetValue(warmup), parseResult.GetValue(connections),
                parseResult.GetValue(loadConnections), new IPEndPoint(IPAddress.Loopback, parseResult.GetValue(port)));
            if (n < 1_000 || settings.Seconds < 1 || settings.WarmupSeconds < 0 || settings.Connections < 1 || settings.LoadConnections < 1
                || parseResult.GetValue(rate) < 1 || parseResult.GetValue(missRate) < 1 || parseResult.GetValue(quoteRate) < 1)
            {
                throw new RiskOpsException("--customers must be ≥ 1000; --duration, rates and connection counts ≥ 1; --warmup ≥ 0.");
            }

            var scenarios = parseResult.GetValue(only)!.ToHashSet(StringComparer.Ordinal);
            var url = $"http://{settings.Endpoint}";
            var root = Path.Combine(Path.GetTempPath(), "riskops-bench-api-" + Guid.NewGuid().ToString("N"));
            try
            {
                var layout = DataLayout.Open(root);
                var sw = Stopwatch.StartNew();
                Console.Error.WriteLine($"building world: {n:N0} customers …");
                await SyntheticGold.WriteAsync(layout, n, days: 2, bays: 200, ct);
                var now = DateTimeOffset.UtcNow;
                IReadOnlyList<FeatureRef> features;
                using (var store = FeatureStore.Open(layout))
                {
                    await store.ApplyBuiltInsAsync(ct);
                    await store.MaterializeAsync(SyntheticGold.Start, now, null, ct);
                    features = store.GetOnlineReader("crai").Features;
                }

                await RegisterGlmAsync(layout, features, ct);
                Console.Error.WriteLine($"world ready in {sw.Elapsed.TotalSeconds:0} s ({features.Count} CRAI features)");

                // The risk cache is sized for the population, as a deployment would be, so no array doubling lands in a run.
                var app = RiskOpsApi.Build(["--RiskOps:Serving:RunScheduler=false", $"--RiskOps:Serving:RiskCacheCapacity={n}"], layout, url);
                await using (app)
                {
                    await app.StartAsync(ct);
                    await RiskOpsApi.ComputeSurgeGridAsync(app, null, ct);
                    using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromMinutes(10) };
                    // The first request opens the feature store (loads the online snapshot); the warm-up runs then JIT the paths.
                    using (var body = new StringContent("{\"customer_id\":\"C0000000\"}", System.Text.Encoding.UTF8, "application/json"))
                    {
                        (await http.PostAsync("/api/v1/predict/customer-risk", body, ct)).EnsureSuccessStatusCode();
                    }

                    var bench = new ApiBenchRunner(settings, http, FindWrk());
                    var hot = Math.Min(n, 10_000);
                    var half = n / 2;
                    var quarter = n / 4;
                    // Misses: warm-up, open loop and wrk each ask for customers no earlier phase touched (ids [0, n/2) for the
                    // warm-up, a slice per second, then [n/2, 3n/4) and [3n/4, n)); nothing is cached before re-scoring.
                    var slice = Math.Max(1, half / 40);
                    if (scenarios.Contains("miss"))
                    {
                        await bench.ScenarioAsync("customer-risk, cache miss", parseResult.GetValue(missRate),
                            warmupScript: chunk => RiskScript(chunk * slice % half, slice), warmupIds: (0, half), openLoopIds: (half, quarter), wrkScript: RiskScript(half + quarter, n - half - quarter), ct);
                    }

                    var report = await RiskOpsApi.RescoreAsync(app, null, ct);
                    var rescoring = $"batch re-scoring: {report.Customers:N0} customers in {report.ScoringTime.TotalSeconds:0.00} s " +
                        $"(features read + model applied + cache written); snapshot to SQLite {report.SnapshotTime.TotalSeconds:0.00} s";

                    if (scenarios.Contains("hit"))
                    {
                        await bench.ScenarioAsync("customer-risk, cache hit", parseResult.GetValue(rate),
                            warmupScript: _ => RiskScript(0, hot), warmupIds: (0, hot), openLoopIds: (0, hot), wrkScript: RiskScript(0, hot), ct);
                    }

                    if (scenarios.Contains("quote"))
                    {
                        await bench.QuoteScenarioAsync("price/quote", parseResult.GetValue(quoteRate), hot, ct);
                    }

                    await app.StopAsync(CancellationToken.None);
                    Console.WriteLine($"{Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}; GC " +
                        $"{(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")}, latency mode {System.Runtime.GCSettings.LatencyMode}; " +
                        $"{n:N0} customers × {features.Count} CRAI features, GLM artifact, 200 bays");
                    Console.WriteLine(rescoring);
                    Console.WriteLine();
                    bench.WriteTable(Console.Out);
                }

                return 0;
            }
            finally
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                if (Directory.Exists(root))
                {
                    Directory.Delete(root, recursive: true);
                }
            }
        }, cancellationToken));
        return command;
    }

    /// <summary>A binomial GLM over every CRAI feature (small fixed weights), registered and promoted as <c>crai</c>.</summary>
    private static async Task RegisterGlmAsync(DataLayout layout, IReadOnlyList<FeatureRef> features, CancellationToken ct)
    {
        var registry = await SqliteModelRegistry.OpenAsync(layout, cancellationToken: ct);
        var directory = Path.Combine(layout.RunsDir, "bench-api-crai");
        var encoder = new FeatureEncoder(features, new Dictionary<string, IReadOnlyList<string>>());
        var coefficients = new double[encoder.Width];
        for (var j = 0; j < coefficients.Length; j++)
        {
            coefficients[j] = 0.001 * ((j % 7) - 3);
        }

        var manifest = new ModelManifest("crai", "glm", new ModelSignature(ModelTask.Binary, features, "crai", 1),
            new TrainingDataReference([RiskOps.Core.Lakehouse.GoldTables.CustomerDrivingBehavior], DateTimeOffset.UtcNow, 0), "bench",
            new Dictionary<string, string>(), new Dictionary<string, double> { ["auc"] = 0.5 }, "auc", true);
        ModelArtifact.Save(directory, manifest, encoder, new GlmScorer(new GlmCoefficients("binomial", -2, coefficients, new double[encoder.Width], 1, true)),
            new ModelOutput(ModelTask.Binary, null, new Dictionary<string, double>(), new Dictionary<string, string?>(), 0.5));
        var version = await registry.RegisterAsync(new RegistrationRequest(directory, Actor: "bench"), ct);
        await registry.PromoteAsync("crai", version.Version, new PromotionRequest(Force: true, Reason: "benchmark world", Actor: "bench"), ct);
    }

    /// <summary>wrk script over customer-risk: each of wrk's two threads walks its own half of ids [first, first + span).</summary>
    internal static string RiskScript(int first, int span) => $$"""
        local first, span, threads = {{first}}, {{span}}, 0
        function setup(thread)
          local half = math.max(1, math.floor(span / 2))
          thread:set("lo", first + threads * half); thread:set("count", half); threads = threads + 1
        end
        local i = -1
        request = function()
          i = i + 1
          local id = string.format("C%07d", lo + (i % count))
          return wrk.format("POST", "/api/v1/predict/customer-risk", {["Content-Type"] = "application/json"}, '{"customer_id":"' .. id .. '"}')
        end
        """ + WrkDone;

    /// <summary>wrk script over price/quote for customers C0000000… (cached) and 200 bays, a booking 20–50 minutes ahead.</summary>
    internal static string QuoteScript(int population) => $$"""
        local i = 0
        local n = {{population}}
        request = function()
          i = i + 1
          return wrk.format("POST", "/api/v1/price/quote", {["Content-Type"] = "application/json"}, {{QuoteBodyLua}})
        end
        """ + WrkDone;

    internal static string QuoteBody(int customer, int bay)
    {
        var (start, end) = QuoteWindow();
        return string.Create(CultureInfo.InvariantCulture,
            $$"""{"customer_id":"C{{customer:D7}}","vehicle_type":"car","parking_bay_id":"B{{bay:D5}}","start":"{{start}}","end":"{{end}}"}""");
    }

    private static string QuoteBodyLua
    {
        get
        {
            var (start, end) = QuoteWindow();
            return $$"""string.format('{"customer_id":"C%07d","vehicle_type":"car","parking_bay_id":"B%05d","start":"{{start}}","end":"{{end}}"}', i % n, i % 200)""";
        }
    }

    private static (string Start, string End) QuoteWindow() =>
        (DateTimeOffset.UtcNow.AddMinutes(20).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
         DateTimeOffset.UtcNow.AddMinutes(50).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));

    /// <summary>wrk's --latency table stops at p99; the done() hook prints what the bench parses (latencies in µs).</summary>
    private const string WrkDone = """

        done = function(summary, latency, requests)
          local e = summary.errors
          io.write(string.format("BENCH requests %d errors %d status %d\n", summary.requests, e.connect + e.read + e.write + e.timeout, e.status))
          for _, p in ipairs({50, 90, 99, 99.9}) do io.write(string.format("BENCH p%s %d\n", p, latency:percentile(p))) end
          io.write(string.format("BENCH max %d\n", latency.max))
        end
        """;

    private static string? FindWrk() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(p => Path.Combine(p, "wrk")).FirstOrDefault(File.Exists);
}
