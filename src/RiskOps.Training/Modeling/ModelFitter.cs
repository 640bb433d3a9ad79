using Microsoft.ML;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;
using RiskOps.Core.Modeling;
using RiskOps.Models.Scoring;

namespace RiskOps.Training.Modeling;

/// <summary>
/// Fits one model on an encoded set. Targets per task: binary 0/1 with (possibly class-balanced)
/// weights; regression the value; Poisson the rate y/exposure with weight × exposure, which is the
/// exposure-weighted Poisson likelihood (equivalent to a log-exposure offset); multiclass a key label.
/// </summary>
internal static class ModelFitter
{
    /// <summary>Largest training set the IRLS baseline uses; it is O(n·p²), so larger sets are subsampled.</summary>
    public const int GlmMaxRows = 200_000;

    /// <summary>Largest output of one FastTree Poisson tree in log-rate space.</summary>
    public const double PoissonMaxTreeOutput = 0.7;

    public static bool Supports(TrainerKind kind, ModelTask task) => (kind, task) switch
    {
        // ML.NET's LightGBM wrapper fixes the regression objective to L2: no Poisson objective.
        (TrainerKind.LightGbm, ModelTask.PoissonWithExposure) => false,
        (TrainerKind.FastTree, ModelTask.Multiclass) => false,
        (TrainerKind.Glm, ModelTask.Multiclass) => false,
        _ => true,
    };

    /// <param name="kind">Learner.</param>
    /// <param name="task">Task.</param>
    /// <param name="train">Training rows.</param>
    /// <param name="validation">Early-stopping rows (LightGBM only), or null.</param>
    /// <param name="parameters">Hyperparameters.</param>
    /// <param name="classes">Number of classes (multiclass), else 0.</param>
    /// <param name="positiveWeight">Weight multiplier of positive rows (binary class balancing).</param>
    /// <param name="glmFamily">GLM family for regression (gaussian or gamma).</param>
    /// <param name="seed">Seed.</param>
    /// <param name="threads">Trainer threads (null = all cores).</param>
    /// <param name="cancellationToken">Cancellation.</param>
    public static LinkScorer Fit(
        TrainerKind kind, ModelTask task, EncodedSet train, EncodedSet? validation, HyperParameters parameters,
        int classes, double positiveWeight, string glmFamily, int seed, int? threads, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (kind == TrainerKind.Glm)
        {
            var family = task switch
            {
                ModelTask.Binary => "binomial",
                ModelTask.PoissonWithExposure => "poisson",
                _ => glmFamily,
            };
            var glmSet = train.Rows > GlmMaxRows ? Subsample(train, GlmMaxRows, seed) : train;
            // The ridge acts on standardised coefficients, per row: the search's L2 range [1e-6, 10] maps to
            // [1e-5, 100], from barely there to intercept-only, and the default (1e-4) to 1e-3, which keeps a
            // nearly separable small set (a few hundred decided claims) from running to infinite coefficients.
            return new GlmScorer(IrlsGlm.Fit(family, glmSet, parameters.L2 * 10, cancellationToken));
        }

        var context = new MLContext(seed);
        var width = train.Width;
        var fill = kind == TrainerKind.FastTree ? train.SlotMedians() : null;
        var trainView = View(context, task, train, classes, positiveWeight, fill);
        var validView = validation is null ? null : View(context, task, validation, classes, positiveWeight, fill);
        ITransformer model;
        var scoreIsMean = false;
        if (kind == TrainerKind.LightGbm)
        {
            var booster = new GradientBooster.Options
            {
                FeatureFraction = parameters.FeatureFraction, L2Regularization = parameters.L2,
                SubsampleFraction = parameters.Subsample, SubsampleFrequency = parameters.Subsample < 1 ? 1 : 0,
            };
            var early = validView is null ? 0 : Math.Max(10, parameters.Trees / 10);
            switch (task)
            {
                case ModelTask.Binary:
                    var binary = context.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options
                    {
                        NumberOfIterations = parameters.Trees, LearningRate = parameters.LearningRate, NumberOfLeaves = parameters.Leaves,
                        MinimumExampleCountPerLeaf = parameters.MinLeaf, ExampleWeightColumnName = "Weight", Seed = seed, Deterministic = true,
                        NumberOfThreads = threads, EarlyStoppingRound = early, Booster = booster, Silent = true, Verbose = false,
                        EvaluationMetric = LightGbmBinaryTrainer.Options.EvaluateMetricType.Logloss,
                    });
                    model = validView is null ? binary.Fit(trainView) : binary.Fit(trainView, validView);
                    break;
                case ModelTask.Regression:
                    var regression = context.Regression.Trainers.LightGbm(new LightGbmRegressionTrainer.Options
                    {
                        NumberOfIterations = parameters.Trees, LearningRate = parameters.LearningRate, NumberOfLeaves = parameters.Leaves,
                        MinimumExampleCountPerLeaf = parameters.MinLeaf, ExampleWeightColumnName = "Weight", Seed = seed, Deterministic = true,
                        NumberOfThreads = threads, EarlyStoppingRound = early, Booster = booster, Silent = true, Verbose = false,
                    });
                    model = validView is null ? regression.Fit(trainView) : regression.Fit(trainView, validView);
                    break;
                case ModelTask.Multiclass:
                    var multi = context.MulticlassClassification.Trainers.LightGbm(new LightGbmMulticlassTrainer.Options
                    {
                        NumberOfIterations = parameters.Trees, LearningRate = parameters.LearningRate, NumberOfLeaves = parameters.Leaves,
                        MinimumExampleCountPerLeaf = parameters.MinLeaf, ExampleWeightColumnName = "Weight", Seed = seed, Deterministic = true,
                        NumberOfThreads = threads, EarlyStoppingRound = early, Booster = booster, Silent = true, Verbose = false,
                    });
                    model = validView is null ? multi.Fit(trainView) : multi.Fit(trainView, validView);
                    break;
                default:
                    throw new InvalidOperationException($"LightGBM does not support {task}");
            }
        }
        else
        {
            switch (task)
            {
                case ModelTask.Binary:
                    model = context.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options
                    {
                        NumberOfTrees = parameters.Trees, LearningRate = parameters.LearningRate, NumberOfLeaves = Math.Max(2, parameters.Leaves),
                        MinimumExampleCountPerLeaf = parameters.MinLeaf, FeatureFraction = parameters.FeatureFraction,
                        BaggingSize = parameters.Subsample < 1 ? 1 : 0, BaggingExampleFraction = parameters.Subsample,
                        ExampleWeightColumnName = "Weight", Seed = seed, NumberOfThreads = threads,
                    }).Fit(trainView);
                    break;
                case ModelTask.Regression:
                    model = context.Regression.Trainers.FastTree(new FastTreeRegressionTrainer.Options
                    {
                        NumberOfTrees = parameters.Trees, LearningRate = parameters.LearningRate, NumberOfLeaves = Math.Max(2, parameters.Leaves),
                        MinimumExampleCountPerLeaf = parameters.MinLeaf, FeatureFraction = parameters.FeatureFraction,
                        BaggingSize = parameters.Subsample < 1 ? 1 : 0, BaggingExampleFraction = parameters.Subsample,
                        ExampleWeightColumnName = "Weight", Seed = seed, NumberOfThreads = threads,
                    }).Fit(trainView);
                    break;
                case ModelTask.PoissonWithExposure:
                    // Tweedie with variance power 1 is the Poisson deviance. A leaf whose rows all have zero
                    // claims has a Newton step towards log(0): capping each tree's output (LightGBM's
                    // poisson_max_delta_step, 0.7, does the same) keeps such leaves from predicting a rate of ~0.
                    model = context.Regression.Trainers.FastTreeTweedie(new FastTreeTweedieTrainer.Options
                    {
                        Index = 1, MaximumTreeOutput = PoissonMaxTreeOutput, NumberOfTrees = parameters.Trees, LearningRate = parameters.LearningRate, NumberOfLeaves = Math.Max(2, parameters.Leaves),
                        MinimumExampleCountPerLeaf = parameters.MinLeaf, FeatureFraction = parameters.FeatureFraction,
                        BaggingSize = parameters.Subsample < 1 ? 1 : 0, BaggingExampleFraction = parameters.Subsample,
                        ExampleWeightColumnName = "Weight", Seed = seed, NumberOfThreads = threads,
                    }).Fit(trainView);
                    scoreIsMean = true;
                    break;
                default:
                    throw new InvalidOperationException($"FastTree does not support {task}");
            }
        }
        return new MlNetScorer(context, model, trainView.Schema, width, task == ModelTask.Multiclass ? classes : 0, scoreIsMean, fill);
    }

    private static IDataView View(MLContext context, ModelTask task, EncodedSet set, int classes, double positiveWeight, double[]? fill)
    {
        var width = set.Width;
        float[] Features(int r)
        {
            var row = set.X.AsSpan(r * width, width).ToArray();
            if (fill is not null)
            {
                for (var j = 0; j < row.Length; j++)
                {
                    if (float.IsNaN(row[j]))
                    {
                        row[j] = (float)fill[j];
                    }
                }
            }
            return row;
        }
        var indexes = Enumerable.Range(0, set.Rows);
        return task switch
        {
            ModelTask.Binary => context.Data.LoadFromEnumerable(
                indexes.Select(r => new EncodedBinaryRow
                {
                    Features = Features(r), Label = set.Y[r] > 0.5, Weight = (float)(set.W[r] * (set.Y[r] > 0.5 ? positiveWeight : 1)),
                }),
                MlNetSchemas.For<EncodedBinaryRow>(width)),
            ModelTask.Multiclass => context.Data.LoadFromEnumerable(
                indexes.Select(r => new EncodedClassRow { Features = Features(r), Label = (uint)set.Y[r], Weight = (float)set.W[r] }),
                MlNetSchemas.For<EncodedClassRow>(width, classes)),
            ModelTask.PoissonWithExposure => context.Data.LoadFromEnumerable(
                indexes.Select(r => new EncodedRow
                {
                    Features = Features(r), Label = (float)(set.Y[r] / set.Exposure[r]), Weight = (float)(set.W[r] * set.Exposure[r]),
                }),
                MlNetSchemas.For<EncodedRow>(width)),
            _ => context.Data.LoadFromEnumerable(
                indexes.Select(r => new EncodedRow { Features = Features(r), Label = (float)set.Y[r], Weight = (float)set.W[r] }),
                MlNetSchemas.For<EncodedRow>(width)),
        };
    }

    private static EncodedSet Subsample(EncodedSet set, int rows, int seed)
    {
        var picked = Enumerable.Range(0, set.Rows).ToArray();
        new Random(seed).Shuffle(picked);
        picked = [.. picked.Take(rows).Order()];
        var x = new float[(long)rows * set.Width];
        for (var k = 0; k < picked.Length; k++)
        {
            set.X.AsSpan(picked[k] * set.Width, set.Width).CopyTo(x.AsSpan(k * set.Width, set.Width));
        }
        return new EncodedSet
        {
            X = x, Rows = rows, Width = set.Width,
            Y = [.. picked.Select(i => set.Y[i])], W = [.. picked.Select(i => set.W[i])],
            Exposure = [.. picked.Select(i => set.Exposure[i])], Index = [.. picked.Select(i => set.Index[i])],
            Continuous = set.Continuous,
        };
    }
}
