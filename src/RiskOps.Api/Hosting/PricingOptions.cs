using System.ComponentModel.DataAnnotations;

namespace RiskOps.Api.Hosting;

/// <summary>Pricing policy: price per minute = base × risk multiplier × demand adjustment × vehicle-type factor.</summary>
public sealed class PricingOptions
{
    /// <summary>Base price per minute in EUR. Default: 0.30.</summary>
    [Range(0.0001, 1000.0)]
    public double BasePricePerMinute { get; set; } = 0.30;

    /// <summary>Factor applied to premium vehicles. Default: 1.25.</summary>
    [Range(0.1, 10.0)]
    public double PremiumFactor { get; set; } = 1.25;

    /// <summary>Factor per vehicle type. Default: car 1.0, van 1.3, bike 0.4, scooter 0.5.</summary>
    public IDictionary<string, double> VehicleTypeFactors { get; } = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase)
    {
        ["car"] = 1.0,
        ["van"] = 1.3,
        ["bike"] = 0.4,
        ["scooter"] = 0.5,
    };

    /// <summary>Longest booking that can be quoted. Default: 7 days.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "90.00:00:00")]
    public TimeSpan MaxBookingDuration { get; set; } = TimeSpan.FromDays(7);
}
