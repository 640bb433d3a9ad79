namespace RiskOps.Api.Seams;

/// <summary>Dimension lookups serving needs for pricing (vehicles).</summary>
public interface IReferenceData
{
    /// <summary>A vehicle by id, or <c>null</c> if unknown.</summary>
    ValueTask<VehicleInfo?> GetVehicleAsync(string vehicleId, CancellationToken cancellationToken);
}
