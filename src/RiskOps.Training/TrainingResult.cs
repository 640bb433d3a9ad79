using RiskOps.Core.Modeling;
using RiskOps.Training.Evaluation;

namespace RiskOps.Training;

/// <summary>Where a run wrote its outputs, and what it found.</summary>
/// <param name="RunDirectory">runs/&lt;run-id&gt;/.</param>
/// <param name="ArtifactDirectory">The model artifact (manifest.json and model files, plus evaluation.json and report.html).</param>
/// <param name="Manifest">The manifest written.</param>
/// <param name="Report">The evaluation.</param>
public sealed record TrainingResult(string RunDirectory, string ArtifactDirectory, ModelManifest Manifest, EvaluationReport Report);
