namespace RiskOps.Simulator;

/// <summary>
/// One delivery day of raw files handed over by <see cref="WorldSimulator.StreamAsync"/> as soon as it is complete
/// (the reference files come with the first day).
/// </summary>
/// <param name="Date">The delivery date (the folder name of its event files).</param>
/// <param name="RawRoot">The folder the paths are relative to.</param>
/// <param name="Files">The complete, closed files of that delivery, relative to <paramref name="RawRoot"/> (<c>source/yyyy-MM-dd/file</c>, or <c>source/file</c> for reference data).</param>
public sealed record SimulatedDelivery(DateOnly Date, string RawRoot, IReadOnlyList<string> Files);
