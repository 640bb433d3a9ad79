using System.Net;

namespace RiskOps.Cli.Commands.Serving;

/// <summary>How long and how hard <c>bench api</c> drives each scenario.</summary>
internal sealed record BenchSettings(int Seconds, int WarmupSeconds, int Connections, int LoadConnections, IPEndPoint Endpoint);
