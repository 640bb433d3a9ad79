using RiskOps.Training.Modeling;

namespace RiskOps.Training;

/// <summary>How to train: learners, search budget, validation and the policy choices.</summary>
public sealed record TrainingOptions
{
    /// <summary>Learners to try; empty = every learner that supports the task. Default: empty.</summary>
    public IReadOnlyList<TrainerKind> Trainers { get; init; } = [];

    /// <summary>Configurations sampled per learner. Default: 8.</summary>
    public int Trials { get; init; } = 8;

    /// <summary>Wall-time budget of the search, or null for none. Default: null.</summary>
    public TimeSpan? TimeBudget { get; init; }

    /// <summary>Seed for splits, sampling and learners. Default: 42.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Cross-validation folds. Default: 5.</summary>
    public int Folds { get; init; } = 5;

    /// <summary>Tree budget at the last successive-halving rung. Default: 200.</summary>
    public int MaxTrees { get; init; } = 200;

    /// <summary>Share of latest rows held out. Default: 0.2.</summary>
    public double HoldoutFraction { get; init; } = 0.2;

    /// <summary>auto (re-weight positives when under 20% or over 80%), weight, or none. Default: auto.</summary>
    public string Imbalance { get; init; } = "auto";

    /// <summary>auto (isotonic with ≥ 1000 calibration rows and ≥ 50 positives, else Platt), platt, isotonic or none. Default: auto.</summary>
    public string Calibration { get; init; } = "auto";

    /// <summary>GLM family for regression targets: gaussian, or gamma for severities. Default: gaussian.</summary>
    public string GlmFamily { get; init; } = "gaussian";

    /// <summary>Accept a time column out of file order. Default: false.</summary>
    public bool AllowUnsortedTime { get; init; }

    /// <summary>
    /// Remove features that are constant or missing in every row (each one reported) instead of
    /// refusing the data. Default: false (refuse); the built-in world turns it on, since a feature
    /// service may carry a feature the current history cannot vary yet.
    /// </summary>
    public bool DropDegenerateFeatures { get; init; }

    /// <summary>How far ahead of its time a row's label looks; training rows whose label window overlaps a validation block or the holdout are purged. Default: null (none).</summary>
    public TimeSpan? LabelHorizon { get; init; }

    /// <summary>Selection-rate ratio under which a fairness group is flagged. Default: 0.8.</summary>
    public double FairnessRatio { get; init; } = 0.8;

    /// <summary>Cost of one manual review. Default: 50.</summary>
    public double ReviewCost { get; init; } = 50;

    /// <summary>
    /// For count and regression tasks with two or more learners, weigh their final models into a blend on the latest
    /// development block and adopt it if it beats the cross-validation champion there. Default: true.
    /// </summary>
    public bool Blend { get; init; } = true;

    /// <summary>Learner threads, or null for all cores. Default: null.</summary>
    public int? Threads { get; init; }

    /// <summary>Git commit of the code that trains. Default: null.</summary>
    public string? CodeVersion { get; init; }
}
