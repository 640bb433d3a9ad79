namespace RiskOps.Simulator.Claims;

internal enum IncidentCause
{
    /// <summary>During a trip, from the driving hazard.</summary>
    Driving = 0,

    /// <summary>To a parked vehicle (theft, vandalism); no trip.</summary>
    Parked = 1,

    /// <summary>No incident at all: a fabricated claim (fraud by construction).</summary>
    Fabricated = 2,
}
