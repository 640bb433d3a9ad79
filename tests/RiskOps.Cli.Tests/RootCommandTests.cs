namespace RiskOps.Cli.Tests;

public sealed class RootCommandTests
{
    [Fact]
    public async Task Help_ListsVerbsAndDataDirOption()
    {
        var result = await CliProcess.RunAsync(TestContext.Current.CancellationToken, "--help");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("--data-dir", result.StdOut);
        Assert.Contains("info", result.StdOut);
    }

    [Fact]
    public async Task UnknownVerb_ExitsNonZero()
    {
        var result = await CliProcess.RunAsync(TestContext.Current.CancellationToken, "no-such-verb");

        Assert.NotEqual(0, result.ExitCode);
    }
}
