using RiskOps.Core.Modeling;

namespace RiskOps.Training.Evaluation;

/// <summary>Everything evaluation found on the out-of-time holdout; written as evaluation.json and rendered as report.html.</summary>
public sealed record EvaluationReport
{
    public required string ModelName { get; init; }

    public required ModelTask Task { get; init; }

    public required string Trainer { get; init; }

    public required string ValidationScheme { get; init; }

    public required RowCounts Rows { get; init; }

    /// <summary>Holdout metrics by name.</summary>
    public required IReadOnlyDictionary<string, double> Metrics { get; init; }

    public required string PrimaryMetric { get; init; }

    /// <summary>Mean cross-validation score of the chosen configuration (development rows only).</summary>
    public required double CrossValidationScore { get; init; }

    public CalibrationSummary? Calibration { get; init; }

    public ConfusionMatrix? Confusion { get; init; }

    public double? Threshold { get; init; }

    /// <summary>Observed rate per decile of prediction over the overall rate, top decile first.</summary>
    public double[] LiftByDecile { get; init; } = [];

    public IReadOnlyDictionary<string, double> Business { get; init; } = new Dictionary<string, double>();

    public IReadOnlyList<FairnessGroup> Fairness { get; init; } = [];

    public IReadOnlyList<string> FairnessFlags { get; init; } = [];

    /// <summary>Permutation importance: loss in the primary metric when one feature is shuffled, largest first.</summary>
    public IReadOnlyList<FeatureImportance> Importance { get; init; } = [];

    public IReadOnlyList<ExplainedRow> Explanations { get; init; } = [];

    public OracleComparison? Oracle { get; init; }

    /// <summary>The same comparison against the clairvoyant reference (<see cref="Data.TabularData.ClairvoyantOracle"/>), when there is one.</summary>
    public OracleComparison? ClairvoyantOracle { get; init; }

    /// <summary>Every learner tried: its cross-validation and holdout primary metric.</summary>
    public IReadOnlyList<TrainerComparison> Comparison { get; init; } = [];

    public required IReadOnlyDictionary<string, string> Parameters { get; init; }

    public int SearchTrials { get; init; }

    public bool SearchStoppedByBudget { get; init; }

    /// <summary>The blend of the learners considered after the search, or null when there was none to consider.</summary>
    public BlendSummary? Blend { get; init; }

    /// <summary>Features removed because they were constant or all-missing (drop_degenerate_features), with why.</summary>
    public IReadOnlyList<string> DroppedFeatures { get; init; } = [];

    /// <summary>Data-quality notes: missing and unparseable values per column.</summary>
    public IReadOnlyDictionary<string, long> MissingByColumn { get; init; } = new Dictionary<string, long>();

    public IReadOnlyDictionary<string, long> UnparseableByColumn { get; init; } = new Dictionary<string, long>();
}

/// <summary>Where every source row went.</summary>
public sealed record RowCounts(long Source, long Accepted, long Quarantined, long Development, long Holdout, long Calibration);

/// <summary>Calibration on the holdout before (plain sigmoid of the raw score) and after the fitted map.</summary>
public sealed record CalibrationSummary(string Method, double EceBefore, double EceAfter, double BrierBefore, double BrierAfter, IReadOnlyList<CalibrationBin> Bins, double PositiveWeight);

/// <summary>Metrics within one group of a fairness column.</summary>
public sealed record FairnessGroup(string Column, string Group, long Rows, double SelectionRate, double SelectionRateRatio, double ActualRate, double MeanPrediction, double Metric);

/// <summary>One feature's permutation importance.</summary>
public sealed record FeatureImportance(string Feature, double Drop);

/// <summary>One holdout row with its prediction and top contributions.</summary>
public sealed record ExplainedRow(string? Id, double Prediction, IReadOnlyList<Core.Modeling.FeatureContribution> Contributions);

/// <summary>The same metric from the simulator's true risk, and the model's share of it.</summary>
public sealed record OracleComparison(string Metric, double Oracle, double Model, double Efficiency);

/// <summary>
/// The blend considered after the search (count and regression tasks with two or more learners): the weights chosen on
/// the latest development block, that block's score against the cross-validation champion's alone, whether the blend was
/// adopted, and its holdout score when it was (NaN otherwise).
/// </summary>
public sealed record BlendSummary(IReadOnlyList<BlendWeight> Weights, string Metric, long BlockRows, double BlockScore, double ChampionBlockScore, bool Adopted, double Holdout)
{
    /// <summary>The weights as text, e.g. "0.7 glm + 0.3 fasttree".</summary>
    public string DescribeWeights() =>
        string.Join(" + ", Weights.Select(w => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{w.Weight:0.0} {w.Trainer}")));
}

/// <summary>One learner's share of a blend.</summary>
public sealed record BlendWeight(string Trainer, double Weight);

/// <summary>One learner's scores.</summary>
public sealed record TrainerComparison(string Trainer, double CrossValidation, double Holdout, bool Chosen);
