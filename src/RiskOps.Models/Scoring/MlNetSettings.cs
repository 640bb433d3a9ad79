namespace RiskOps.Models.Scoring;

/// <summary>What <see cref="MlNetScorer"/> needs beside model.zip.</summary>
/// <param name="Width">Encoded width.</param>
/// <param name="Classes">Classes for multiclass, else 0.</param>
/// <param name="ScoreIsMean">The trainer already applied exp; the link is log(score).</param>
/// <param name="Fill">Per slot, the value that replaces a missing (NaN) input, or null when the trainer handles NaN itself.</param>
public sealed record MlNetSettings(int Width, int Classes, bool ScoreIsMean, double[]? Fill);
