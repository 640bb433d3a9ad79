using RiskOps.Simulator.World;

namespace RiskOps.Simulator.Driving;

/// <summary>A stretch of a trip on one road: its context is read at the hour it is entered.</summary>
internal struct Segment
{
    public RoadType Type;
    public int LimitKmh;
    public double Km;
    public double TargetKmh;
    public double StartT;
    public double EndT;
    public bool Raining;
    public double Congestion;
}
