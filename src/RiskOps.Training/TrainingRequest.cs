using RiskOps.Core.Modeling;
using RiskOps.Training.Data;

namespace RiskOps.Training;

/// <summary>What to train on and where to write the run.</summary>
/// <param name="ModelName">Registered model name.</param>
/// <param name="Dataset">The loaded data with its row accounting.</param>
/// <param name="DataReference">Tables, as-of time and path recorded in the manifest.</param>
/// <param name="RunsDirectory">Parent of the run directory (usually DataLayout.RunsDir).</param>
/// <param name="FeatureService">Feature service the inputs came from, if any.</param>
/// <param name="FeatureServiceVersion">Its version, if any.</param>
public sealed record TrainingRequest(
    string ModelName,
    LoadedDataset Dataset,
    TrainingDataReference DataReference,
    string RunsDirectory,
    string? FeatureService = null,
    int? FeatureServiceVersion = null);
