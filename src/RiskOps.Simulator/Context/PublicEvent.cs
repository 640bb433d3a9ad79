namespace RiskOps.Simulator.Context;

/// <summary>A public event; times are seconds from the first simulated local midnight of its city.</summary>
internal sealed record PublicEvent(
    string Id, PublicEventKind Kind, int CityIndex, double Lat, double Lon,
    long StartSec, long EndSec, int Attendance, long AnnouncedSec);
