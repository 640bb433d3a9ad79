namespace RiskOps.Simulator.World;

/// <summary>A city: location, fixed UTC offset (no DST, as in the contract) and climate.</summary>
internal sealed record City(int Index, string Name, double Lat, double Lon, int UtcOffsetMinutes, double WetHourShare, double MeanTempC, string OffsetText);
