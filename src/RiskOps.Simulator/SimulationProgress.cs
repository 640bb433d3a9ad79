namespace RiskOps.Simulator;

/// <summary>Progress of one stage of a simulation run.</summary>
/// <param name="Stage">reference, context, trips, bookings or claims.</param>
/// <param name="Completed">Units of work done in the stage.</param>
/// <param name="Total">Units of work in the stage.</param>
public sealed record SimulationProgress(string Stage, long Completed, long Total);
