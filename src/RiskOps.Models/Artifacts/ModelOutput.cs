using RiskOps.Core.Modeling;
using RiskOps.Models.Calibration;

namespace RiskOps.Models.Artifacts;

/// <summary>How a scorer's link-space output becomes a prediction, and the baseline used for explanations.</summary>
/// <param name="Task">The model task.</param>
/// <param name="Calibrator">Binary only: raw score to probability.</param>
/// <param name="NumericBaseline">Per numeric feature, the value an explanation substitutes (training median).</param>
/// <param name="CategoricalBaseline">Per categorical feature, the level an explanation substitutes (most frequent).</param>
/// <param name="Threshold">Binary only: the decision threshold chosen in training.</param>
public sealed record ModelOutput(
    ModelTask Task,
    ProbabilityCalibrator? Calibrator,
    IReadOnlyDictionary<string, double> NumericBaseline,
    IReadOnlyDictionary<string, string?> CategoricalBaseline,
    double? Threshold);
