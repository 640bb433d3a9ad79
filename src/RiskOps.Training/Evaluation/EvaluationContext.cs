using RiskOps.Models.Artifacts;
using RiskOps.Training.Data;
using RiskOps.Training.Modeling;

namespace RiskOps.Training.Evaluation;

/// <summary>What the evaluator needs: the model, the holdout, and the business and fairness settings.</summary>
internal sealed record EvaluationContext(
    RiskPredictor Predictor,
    TabularData Data,
    EncodedSet Holdout,
    int Classes,
    double Threshold,
    double ReviewCost,
    double FairnessRatio,
    int Seed);
