using System.Diagnostics;
using RiskOps.Core.Modeling;
using RiskOps.Models.Artifacts;
using RiskOps.Models.Encoding;
using RiskOps.Models.Scoring;
using RiskOps.Training.Data;
using RiskOps.Training.Evaluation;
using RiskOps.Training.Modeling;

namespace RiskOps.Training.Benchmarks;

/// <summary>
/// <c>riskops bench train</c>: a CRAI-shaped binary problem (rare incidents, many weak and a few
/// non-linear signals, missing values) and a demand-shaped count regression, generated straight into
/// the encoded matrix with their true probability/mean, so quality is reported against the oracle.
/// </summary>
public sealed class TrainingBenchmark(TimeProvider timeProvider)
{
    private const int EvaluationRows = 200_000;

    public BenchmarkFigures Run(string task, int rows, int features, int trees, int seed, int? threads, double subsample, double featureFraction, CancellationToken cancellationToken)
    {
        if (subsample is <= 0 or > 1)
        {
            throw new TrainingDataException($"--subsample must be in (0, 1], got {subsample}");
        }
        if (featureFraction is <= 0 or > 1)
        {
            throw new TrainingDataException($"--feature-fraction must be in (0, 1], got {featureFraction}");
        }
        if (features < 8)
        {
            throw new TrainingDataException($"--features must be at least 8, got {features}");
        }
        var modelTask = task switch
        {
            "crai" => ModelTask.Binary,
            "demand" => ModelTask.Regression,
            _ => throw new TrainingDataException($"bench task must be crai or demand, got '{task}'"),
        };
        var begin = timeProvider.GetTimestamp();
        var train = Generate(modelTask, rows, features, seed, out _);
        var evaluation = Generate(modelTask, Math.Min(EvaluationRows, Math.Max(rows / 5, 1000)), features, seed + 1, out var truth);
        var generateSeconds = timeProvider.GetElapsedTime(begin).TotalSeconds;
        cancellationToken.ThrowIfCancellationRequested();

        begin = timeProvider.GetTimestamp();
        var parameters = HyperParameters.Default(trees) with { Leaves = 63, MinLeaf = 100, Subsample = subsample, FeatureFraction = featureFraction };
        using var scorer = ModelFitter.Fit(TrainerKind.LightGbm, modelTask, train, null, parameters, 0, 1, "gaussian", seed, threads, cancellationToken);
        var trainSeconds = timeProvider.GetElapsedTime(begin).TotalSeconds;

        begin = timeProvider.GetTimestamp();
        var link = new double[evaluation.Rows];
        scorer.Score(evaluation.X, evaluation.Rows, link);
        var scoreSeconds = timeProvider.GetElapsedTime(begin).TotalSeconds;
        var (metric, model, oracle) = modelTask == ModelTask.Binary
            ? ("roc_auc", Metrics.RocAuc(link, evaluation.Y), Metrics.RocAuc(truth, evaluation.Y))
            : ("r2", Metrics.R2(link, evaluation.Y), Metrics.R2(truth, evaluation.Y));
        var (p50, p99) = SingleRowLatency(modelTask, scorer, evaluation, features);
        using var process = Process.GetCurrentProcess();
        return new BenchmarkFigures(task, rows, features, trees, subsample, featureFraction, generateSeconds, trainSeconds, evaluation.Rows / scoreSeconds,
            process.PeakWorkingSet64, metric, model, oracle, p50, p99);
    }

    /// <summary>Single-row Predict through the full predictor (dictionary row → encoder → pooled engine), as serving calls it.</summary>
    private (double P50Ms, double P99Ms) SingleRowLatency(ModelTask task, LinkScorer scorer, EncodedSet rows, int features)
    {
        var refs = Enumerable.Range(0, features).Select(j => new FeatureRef($"f{j}", FeatureKind.Numeric)).ToList();
        var encoder = new FeatureEncoder(refs, new Dictionary<string, IReadOnlyList<string>>());
        var manifest = new ModelManifest("bench", "lightgbm", new ModelSignature(task, refs, null, null),
            new TrainingDataReference([], DateTimeOffset.UnixEpoch, rows.Rows), null, new Dictionary<string, string>(), new Dictionary<string, double>(), "none", true);
        var predictor = new RiskPredictor(manifest, encoder, scorer, new ModelOutput(task, null, new Dictionary<string, double>(), new Dictionary<string, string?>(), null));
        var samples = Math.Min(rows.Rows, 20_000);
        var latencies = new double[samples];
        for (var r = 0; r < samples; r++)
        {
            var row = new Dictionary<string, object?>(features);
            for (var j = 0; j < features; j++)
            {
                row[refs[j].Name] = (double)rows.X[r * features + j];
            }
            var begin = timeProvider.GetTimestamp();
            predictor.Predict([row]);
            latencies[r] = timeProvider.GetElapsedTime(begin).TotalMilliseconds;
        }
        Array.Sort(latencies);
        return (latencies[samples / 2], latencies[(int)(samples * 0.99)]);
    }

    /// <summary>
    /// CRAI: logit = −3.4 + Σ small linear effects + 0.6·x0·x1 + 0.9·max(0, x2) − 0.5·|x3|, ~5% positives,
    /// 5% of x4..x7 missing. Demand: bookings ~ Poisson(exp(0.4 + 0.5·x0 − 0.4·x1 + 0.4·sin(2·x2) + 0.3·[x3 &gt; 1])).
    /// Features beyond the signal are noise, as most engineered features are.
    /// </summary>
    internal static EncodedSet Generate(ModelTask task, int rows, int features, int seed, out double[] truth)
    {
        var x = new float[(long)rows * features];
        var y = new double[rows];
        var t = new double[rows];
        const int Chunk = 65_536;
        var chunks = (rows + Chunk - 1) / Chunk;
        Parallel.For(0, chunks, c =>
        {
            var random = new Random(HashCode.Combine(seed, c));
            var end = Math.Min(rows, (c + 1) * Chunk);
            for (var r = c * Chunk; r < end; r++)
            {
                var row = x.AsSpan(r * features, features);
                for (var j = 0; j < features; j++)
                {
                    row[j] = (float)Normal(random);
                }
                if (task == ModelTask.Binary)
                {
                    var logit = -3.4 + 0.6 * row[0] * row[1] + 0.9 * Math.Max(0, row[2]) - 0.5 * Math.Abs(row[3]);
                    for (var j = 4; j < Math.Min(features, 24); j++)
                    {
                        logit += (j % 2 == 0 ? 0.25 : -0.2) * row[j];
                    }
                    var p = 1 / (1 + Math.Exp(-logit));
                    t[r] = p;
                    y[r] = random.NextDouble() < p ? 1 : 0;
                    for (var j = 4; j < 8; j++)
                    {
                        if (random.NextDouble() < 0.05)
                        {
                            row[j] = float.NaN;
                        }
                    }
                }
                else
                {
                    var mean = Math.Exp(0.4 + 0.5 * row[0] - 0.4 * row[1] + 0.4 * Math.Sin(2 * row[2]) + (row[3] > 1 ? 0.3 : 0));
                    t[r] = mean;
                    y[r] = Poisson(random, mean);
                }
            }
        });
        truth = t;
        var ones = new double[rows];
        Array.Fill(ones, 1);
        return new EncodedSet { X = x, Rows = rows, Width = features, Y = y, W = ones, Exposure = ones, Index = [] };
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static int Poisson(Random random, double lambda)
    {
        var l = Math.Exp(-lambda);
        var k = 0;
        var p = 1.0;
        do
        {
            k++;
            p *= random.NextDouble();
        }
        while (p > l);
        return k - 1;
    }
}
