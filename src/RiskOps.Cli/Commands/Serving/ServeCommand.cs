using System.CommandLine;
using RiskOps.Api;

namespace RiskOps.Cli.Commands.Serving;

/// <summary><c>riskops serve</c>: the inference and pricing service, with its scheduled jobs.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var urls = ServingCliOptions.Urls();
        var command = new Command("serve",
            "Start the inference and pricing API (/api/v1, docs at /docs, /metrics, /health/ready) with its jobs: nightly re-scoring, " +
            "the 15-minute surge grid and weekly retraining. Models come from the registry's Production versions and hot-swap on promotion.");
        command.Options.Add(urls);
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(async ct =>
        {
            var address = parseResult.GetValue(urls)!;
            await using var app = RiskOpsApi.Build([], CommonOptions.Layout(parseResult), address);
            await app.StartAsync(ct);
            var first = address.Split(';')[0].TrimEnd('/');
            Console.WriteLine($"RiskOps API listening on {address} (docs: {first}/docs, metrics: {first}/metrics). Ctrl+C to stop.");
            Console.WriteLine($"  curl -s {first}/health/ready");
            Console.WriteLine($"  curl -s -X POST {first}/api/v1/predict/customer-risk -H 'content-type: application/json' -d '{{\"customer_id\":\"C000001\"}}'");
            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C: stop gracefully below so in-flight requests and the prediction log drain.
            }

            await app.StopAsync(CancellationToken.None);
            return 0;
        }, cancellationToken));
        return command;
    }
}
