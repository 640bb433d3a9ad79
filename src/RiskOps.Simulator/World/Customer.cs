namespace RiskOps.Simulator.World;

/// <summary>A driver: the delivered profile plus the latent traits only the ground truth knows.</summary>
internal sealed record Customer
{
    public required int Index { get; init; }
    public required string Id { get; init; }
    public required int CityIndex { get; init; }
    public required DateOnly BirthDate { get; init; }
    public required DateOnly LicenceDate { get; init; }
    public required DateOnly SignupDate { get; init; }
    public required double RentalFrequencyPerWeek { get; init; }
    public required string Gender { get; init; }
    public required string Region { get; init; }

    /// <summary>Latent risk propensity (mean about 1): scales driver-caused events and the hazard.</summary>
    public required double Propensity { get; init; }

    /// <summary>Erratic style: the same event counts, emitted in brake–accelerate–brake bursts; raises the hazard.</summary>
    public required bool Erratic { get; init; }

    public required DriveProfile Profile { get; init; }

    /// <summary>Relative target speed on each road type (1 = at the limit) in free-flowing traffic.</summary>
    public required double ResidentialSpeedRatio { get; init; }
    public required double ArterialSpeedRatio { get; init; }
    public required double HighwaySpeedRatio { get; init; }

    /// <summary>0–1: how much of a long trip goes on highways.</summary>
    public required double HighwayAffinity { get; init; }

    /// <summary>Probability a trip has phone use.</summary>
    public required double PhoneHabit { get; init; }

    /// <summary>Claims before the simulated period (feeds prior_claims).</summary>
    public required int PriorClaimsBefore { get; init; }

    /// <summary>Files fabricated claims at a much higher rate than others.</summary>
    public required bool FraudProne { get; init; }
}
