using System.Net;
using System.Net.Sockets;

namespace RiskOps.Cli.Tests;

/// <summary><c>riskops bench api</c> end to end on a tiny world: every scheduled request is answered, and the rows say what was measured.</summary>
public sealed class BenchApiCommandTests
{
    [Fact]
    public async Task BenchApi_TinyWorld_AnswersEveryScheduledRequest()
    {
        var ct = TestContext.Current.CancellationToken;
        var result = await CliProcess.RunAsync(ct, "bench", "api", "--customers", "2000", "--duration", "1", "--warmup", "0",
            "--rate", "300", "--miss-rate", "200", "--quote-rate", "100", "--port", FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.True(result.ExitCode == 0, result.StdErr);
        var rows = result.StdOut.Split('\n').Where(l => l.StartsWith("| customer-risk", StringComparison.Ordinal) || l.StartsWith("| price/quote", StringComparison.Ordinal)).ToList();
        var open = rows.Where(r => r.Contains("open loop", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, open.Count);
        // The generator matched every answer to its request: nothing unanswered, nothing but 2xx.
        Assert.DoesNotContain(open, r => r.Contains("unanswered", StringComparison.Ordinal) || r.Contains("non-2xx", StringComparison.Ordinal));
        Assert.EndsWith("| 0% |", Cells(open.Single(r => r.StartsWith("| customer-risk, cache miss", StringComparison.Ordinal)), 13), StringComparison.Ordinal);
        Assert.EndsWith("| 100% |", Cells(open.Single(r => r.StartsWith("| customer-risk, cache hit", StringComparison.Ordinal)), 13), StringComparison.Ordinal);
        Assert.Contains("batch re-scoring: 2,000 customers", result.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BenchApi_ZeroRate_IsOneLineError()
    {
        var result = await CliProcess.RunAsync(TestContext.Current.CancellationToken, "bench", "api", "--rate", "0");
        Assert.NotEqual(0, result.ExitCode);
        Assert.StartsWith("error:", result.StdErr.Trim(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not-an-endpoint", "1000")]
    [InlineData("127.0.0.1:5999", "0")]
    public async Task BenchLoad_BadArguments_IsOneLineError(string endpoint, string rate)
    {
        var result = await CliProcess.RunAsync(TestContext.Current.CancellationToken, "bench", "load", "--endpoint", endpoint,
            "--requests", Path.Combine(Path.GetTempPath(), "riskops-no-such-requests.req"), "--rate", rate, "--duration", "1");
        Assert.NotEqual(0, result.ExitCode);
        Assert.StartsWith("error:", result.StdErr.Trim(), StringComparison.Ordinal);
        Assert.DoesNotContain('\n', result.StdErr.Trim());
    }

    /// <summary>The row's cells up to and including cell <paramref name="count"/>, as text ending with a pipe.</summary>
    private static string Cells(string row, int count) => string.Join("|", row.Split('|').Take(count + 1)) + "|";

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
