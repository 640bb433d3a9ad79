using RiskOps.Core.Errors;

namespace RiskOps.Simulator;

/// <summary>An invalid simulation request (bad option, occupied output folder).</summary>
public sealed class SimulationException : RiskOpsException
{
    /// <summary>Creates the exception with a one-line message.</summary>
    public SimulationException(string message) : base(message) { }
}
