using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using RiskOps.Api;
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
/// <c>riskops bench api</c>: builds a synthetic world (gold → feature store → a GLM over the 60 CRAI features in the
/// registry), measures batch re-scoring, then drives the running service with wrk over loopback: customer-risk
/// cache misses, cache hits and price quotes.
/// </summary>
internal static partial class ApiBenchCommand
{
    public static Command Create()
    {
        var customers = new Option<int>("--customers") { Description = "Customers in the synthetic world (re-scoring population).", DefaultValueFactory = _ => 500_000 };
        var duration = new Option<int>("--duration") { Description = "Seconds per wrk run.", DefaultValueFactory = _ => 10 };
        var connections = new Option<int>("--connections") { Description = "wrk connections.", DefaultValueFactory = _ => 32 };
        var port = new Option<int>("--port") { Description = "Loopback port for the service under test.", DefaultValueFactory = _ => 5181 };
        var command = new Command("api",
            "Benchmark serving: batch re-scoring of --customers customers, then wrk over loopback against customer-risk (miss, hit) and price/quote. " +
            "Works in a fresh temp directory (removed afterwards); needs wrk on PATH for the HTTP figures.");
        command.Options.Add(customers);
        command.Options.Add(duration);
        command.Options.Add(connections);
        command.Options.Add(port);
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(async ct =>
        {
            var n = parseResult.GetValue(customers);
            var seconds = parseResult.GetValue(duration);
            var conns = parseResult.GetValue(connections);
            var url = $"http://127.0.0.1:{parseResult.GetValue(port)}";
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

                var app = RiskOpsApi.Build(["--RiskOps:Serving:RunScheduler=false"], layout, url);
                await using (app)
                {
                    await app.StartAsync(ct);
                    await RiskOpsApi.ComputeSurgeGridAsync(app, null, ct);
                    var results = new List<string>
                    {
                        $"| machine | {Environment.ProcessorCount} cores, {Environment.OSVersion}; load average at start {LoadAverage()} |",
                        $"| world | {n:N0} customers × {features.Count} CRAI features, GLM artifact, 200 bays |",
                    };

                    // Warm-up: the first request opens the feature store (loads the online snapshot) and JITs the path.
                    using (var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromMinutes(10) })
                    {
                        using var body = new StringContent("{\"customer_id\":\"C0000000\"}", System.Text.Encoding.UTF8, "application/json");
                        (await http.PostAsync("/api/v1/predict/customer-risk", body, ct)).EnsureSuccessStatusCode();
                    }

                    var wrk = FindWrk();
                    if (wrk is not null)
                    {
                        // Misses first: before re-scoring nothing is cached, and the ids walk the population without repeating.
                        results.Add(await WrkAsync(wrk, url, "customer-risk, cache miss (online features + model)", RiskScript(n, stride: 1), seconds, conns, root, ct));
                    }

                    var report = await RiskOpsApi.RescoreAsync(app, null, ct);
                    results.Add($"| batch re-scoring | {report.Customers:N0} customers in {report.ScoringTime.TotalSeconds:0.00} s " +
                        $"(features read + model applied + cache written); snapshot to SQLite {report.SnapshotTime.TotalSeconds:0.00} s |");

                    if (wrk is not null)
                    {
                        results.Add(await WrkAsync(wrk, url, "customer-risk, cache hit", RiskScript(Math.Min(n, 10_000), stride: 1), seconds, conns, root, ct));
                        results.Add(await WrkAsync(wrk, url, "price/quote (risk cached, surge lookup, SQLite insert)", QuoteScript(Math.Min(n, 10_000)), seconds, conns, root, ct));
                    }
                    else
                    {
                        results.Add("| HTTP | wrk not found on PATH (apt-get install -y wrk); HTTP figures skipped |");
                    }

                    await app.StopAsync(CancellationToken.None);
                    Console.WriteLine("| measurement | result |");
                    Console.WriteLine("| --- | --- |");
                    results.ForEach(Console.WriteLine);
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

    private static string RiskScript(int population, int stride) => $$"""
        local i = 0
        local n = {{population}}
        local offset = 0
        function setup(thread) thread:set("offset", math.random(0, n - 1)) end
        request = function()
          i = i + {{stride}}
          local id = string.format("C%07d", (offset + i) % n)
          return wrk.format("POST", "/api/v1/predict/customer-risk", {["Content-Type"] = "application/json"}, '{"customer_id":"' .. id .. '"}')
        end
        """;

    private static string QuoteScript(int population)
    {
        var start = DateTimeOffset.UtcNow.AddMinutes(20).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        var end = DateTimeOffset.UtcNow.AddMinutes(50).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        return $$"""
            local i = 0
            local n = {{population}}
            request = function()
              i = i + 1
              local body = string.format('{"customer_id":"C%07d","vehicle_type":"car","parking_bay_id":"B%05d","start":"{{start}}","end":"{{end}}"}', i % n, i % 200)
              return wrk.format("POST", "/api/v1/price/quote", {["Content-Type"] = "application/json"}, body)
            end
            """;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static string? FindWrk() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(p => Path.Combine(p, "wrk")).FirstOrDefault(File.Exists);

    private static async Task<string> WrkAsync(string wrk, string url, string name, string script, int seconds, int connections, string root, CancellationToken ct)
    {
        var scriptPath = Path.Combine(root, $"wrk-{Guid.NewGuid():N}.lua");
        await File.WriteAllTextAsync(scriptPath, script, ct);
        Console.Error.WriteLine($"wrk: {name} …");
        var info = new ProcessStartInfo(wrk, ["-t2", $"-c{connections}", $"-d{seconds}s", "--latency", "-s", scriptPath, url])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start wrk");
        var output = await process.StandardOutput.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        var rps = RpsPattern().Match(output) is { Success: true } m ? m.Groups[1].Value : "?";
        var non2xx = Non2xxPattern().Match(output) is { Success: true } e ? $", non-2xx {e.Groups[1].Value}" : "";
        string Pct(string p) => PercentilePattern(p).Match(output) is { Success: true } x ? x.Groups[1].Value : "?";
        return $"| {name} | {rps} req/s; p50 {Pct("50")}, p90 {Pct("90")}, p99 {Pct("99")} (wrk -t2 -c{connections} -d{seconds}s{non2xx}) |";
    }

    private static Regex PercentilePattern(string p) => new($@"^\s+{p}%\s+(\S+)", RegexOptions.Multiline);

    [GeneratedRegex(@"Requests/sec:\s+(\S+)")]
    private static partial Regex RpsPattern();

    [GeneratedRegex(@"Non-2xx or 3xx responses:\s+(\d+)")]
    private static partial Regex Non2xxPattern();
}
