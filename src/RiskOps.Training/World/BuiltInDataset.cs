using RiskOps.Core.Modeling;
using RiskOps.Training.Data;

namespace RiskOps.Training.World;

/// <summary>A built-in model's training set, loaded, with the lineage the manifest records.</summary>
/// <param name="ModelName">Registered model name.</param>
/// <param name="Dataset">The loaded rows (oracle attached when the ground truth exists).</param>
/// <param name="Reference">Gold tables and the as-of time.</param>
/// <param name="FeatureService">Feature service name.</param>
/// <param name="FeatureServiceVersion">Feature service version used.</param>
public sealed record BuiltInDataset(string ModelName, LoadedDataset Dataset, TrainingDataReference Reference, string FeatureService, int FeatureServiceVersion);
