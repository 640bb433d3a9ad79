namespace RiskOps.Cli.Commands.Serving;

/// <summary>The open-loop generator's own CPU: its whole process, and the measured run alone split into user and kernel time.</summary>
internal sealed record GeneratorCpu(TimeSpan Process, TimeSpan MeasuredUser, TimeSpan MeasuredSystem)
{
    public TimeSpan Measured => MeasuredUser + MeasuredSystem;
}
