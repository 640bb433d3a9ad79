namespace RiskOps.Simulator.Driving;

/// <summary>One telematics reading or flagged event of a trip, at <see cref="T"/> seconds after the trip start.</summary>
internal struct DrivingEvent
{
    public double T;
    public FlagKind Kind;
    public double SpeedKmh;
    public double AccelLongG;
    public double AccelLatG;
}
