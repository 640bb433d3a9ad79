using System.Text;

namespace RiskOps.Simulator.Output;

/// <summary>Rows of one source bound for one delivery date, built by a worker and appended by the writer in order.</summary>
internal sealed class Chunk
{
    public StringBuilder Text { get; } = new();
    public int Lines { get; set; }
    public List<ChunkDefect> Defects { get; } = [];
}
