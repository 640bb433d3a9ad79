using RiskOps.Simulator;

namespace RiskOps.Cli.Commands;

/// <summary>Reports progress on the calling thread (Progress&lt;T&gt; would post to the thread pool and arrive out of order).</summary>
internal sealed class SynchronousProgress(Action<SimulationProgress> report) : IProgress<SimulationProgress>
{
    public void Report(SimulationProgress value) => report(value);
}
