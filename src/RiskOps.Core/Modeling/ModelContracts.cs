namespace RiskOps.Core.Modeling;

/// <summary>What a model predicts, which fixes its objective, its metrics and its output.</summary>
public enum ModelTask
{
    /// <summary>Probability of the positive class (CRAI incident in 30 days, claim high risk).</summary>
    Binary,
    /// <summary>A real value (bookings per bucket).</summary>
    Regression,
    /// <summary>A count rate per unit of exposure (claim frequency); the prediction is the expected count for exposure 1.</summary>
    PoissonWithExposure,
    /// <summary>One of several classes (surge low/medium/high).</summary>
    Multiclass,
}

/// <summary>How a model input is encoded.</summary>
public enum FeatureKind
{
    Numeric,
    Categorical,
}

/// <summary>One model input, by the name the feature store serves it under.</summary>
public sealed record FeatureRef(string Name, FeatureKind Kind);

/// <summary>A model's input signature: the features it consumes and the feature service version they came from.</summary>
public sealed record ModelSignature(
    ModelTask Task,
    IReadOnlyList<FeatureRef> Inputs,
    string? FeatureService,
    int? FeatureServiceVersion,
    IReadOnlyList<string>? ClassLabels = null);

/// <summary>Which data a model version was trained on.</summary>
public sealed record TrainingDataReference(
    IReadOnlyList<string> Tables,
    DateTimeOffset AsOf,
    long Rows,
    string? DatasetPath = null);

/// <summary>
/// Everything the registry records about a trained model, written as <c>manifest.json</c> next to
/// the artifact files. Training produces it, the registry stores it, serving reads it.
/// </summary>
public sealed record ModelManifest(
    string ModelName,
    string Trainer,
    ModelSignature Signature,
    TrainingDataReference Data,
    string? CodeVersion,
    IReadOnlyDictionary<string, string> Parameters,
    IReadOnlyDictionary<string, double> Metrics,
    string PrimaryMetric,
    bool HigherIsBetter,
    string? ReportPath = null);

/// <summary>One feature's share of a prediction (in the model's link space, e.g. log-odds).</summary>
public sealed record FeatureContribution(string Feature, object? Value, double Contribution);

/// <summary>One prediction: the value (probability, rate or amount) and, for multiclass, per-class probabilities.</summary>
public readonly record struct Prediction(double Value, IReadOnlyList<double>? ClassProbabilities = null);

/// <summary>
/// A loaded model version, safe to call from many threads. Feature rows map feature names to a
/// <see cref="double"/> (numeric; NaN or absent = missing) or a <see cref="string"/> (categorical).
/// </summary>
public interface IPredictor : IDisposable
{
    ModelManifest Manifest { get; }

    /// <summary>Scores a batch of rows; batched scoring is the fast path for re-scoring jobs.</summary>
    IReadOnlyList<Prediction> Predict(IReadOnlyList<IReadOnlyDictionary<string, object?>> rows);

    /// <summary>The <paramref name="top"/> features that moved this row's score most, largest first.</summary>
    IReadOnlyList<FeatureContribution> Explain(IReadOnlyDictionary<string, object?> row, int top);
}
